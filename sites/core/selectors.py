"""Reads every page type shares: public links and plain-text summaries."""

from django.http import HttpRequest
from django.utils.text import Truncator
from wagtail.models import Page

from cluster.tenants.selectors import site_root_url

SUMMARY_LENGTH = 200


def page_public_url(
    page: Page, *, request: HttpRequest | None = None, root_url: str | None = None
) -> str | None:
    """The absolute public URL of ``page``: the site's primary domain, public scheme and port.

    Wagtail's ``page.full_url`` takes scheme and port from the Site record alone; this
    follows the request's port in development (see ``public_root_url``). Pass ``root_url``
    (from ``site_root_url``) to build many links with one domain lookup. None when the page
    is not routable.
    """
    parts = page.get_url_parts(request=request)
    if parts is None or parts[2] is None:
        return None
    return (root_url or site_root_url(request)) + parts[2]


def page_summary_text(page: Page, length: int = SUMMARY_LENGTH) -> str:
    """Plain text saying what ``page`` is about, for feeds and listings.

    Its 内容概述 (summary), else its search description, else the opening of its body.
    """
    text = getattr(page, "summary", "") or page.search_description
    if not text:
        body = getattr(page, "body", None) or []
        text = " ".join(
            content
            for block in body
            if block.block_type == "paragraph"
            for content in block.block.get_searchable_content(block.value)
        )
    return Truncator(" ".join(text.split())).chars(length)


def page_copy_origin(page: Page):
    """The CopyOrigin of a syndicated copy, None for the site's own pages (cached on the page)."""
    from .models import CopyOrigin

    if page is None or page.pk is None:
        return None
    if not hasattr(page, "_copy_origin_cache"):
        page._copy_origin_cache = CopyOrigin.objects.filter(page_id=page.pk).first()
    return page._copy_origin_cache
