from django import template

from ..selectors import page_view_count

register = template.Library()


@register.simple_tag
def page_views(page) -> int:
    """浏览次数 as of the last flush (a cached page shows it as it was when cached)."""
    return page_view_count(page.pk) if page and page.pk else 0
