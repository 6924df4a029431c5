from wagtail import hooks

from .middleware import mark
from .store import page_tag


@hooks.register("before_serve_page")
def cache_public_page(page, request, serve_args, serve_kwargs):
    """A page served to the public may be cached, tagged with the page that rendered it
    (every query string and sub-route it answers is purged with it)."""
    if getattr(page.specific_class, "page_cache", True):
        mark(request, page_tag(page.pk))
