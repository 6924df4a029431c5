"""Reads every page type shares: the Wagtail Site, public links and plain-text summaries."""

import copy

from django.db import connection
from django.http import HttpRequest
from django.utils.text import Truncator
from wagtail.models import Page, Site

from cluster.serving.memo import memo_versioned
from cluster.tenants.selectors import site_root_url

SUMMARY_LENGTH = 200
# The site's Wagtail Site records, kept per process; sites/core/signals.py bumps it.
SITES_MEMO = "wagtail_sites"


def wagtail_site_for_request(request: HttpRequest) -> Site | None:
    """Wagtail's ``Site.find_for_request`` (its own matching rule), read once per process.

    Keyed by the host (already one of the site's domains: the tenant was found by it)
    and the server's port. Each request gets its own copy of the Site and of its root
    page, so nothing one request caches on them (``.specific``) reaches another.
    """
    from django.http.request import split_domain_port

    hostname = split_domain_port(request._get_raw_host())[0]
    key = (hostname, request.get_port())

    def read():
        site = Site._find_for_request(request)
        if site is not None:
            site.root_page  # noqa: B018 - loaded now, kept with the Site
        return site

    site = memo_versioned(connection.schema_name, SITES_MEMO, key, read)
    if site is None:
        return None
    site = copy.copy(site)
    site.root_page = copy.copy(site.root_page)
    return site


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
        # From the stored data: converting the whole body would look up every page,
        # image and document its other blocks point at.
        from html import unescape

        from django.utils.html import strip_tags

        body = getattr(page, "body", None)
        text = " ".join(
            unescape(strip_tags((block.get("value") or "").replace("</p>", "</p> ")))
            for block in getattr(body, "raw_data", None) or []
            if block.get("type") == "paragraph" and isinstance(block.get("value"), str)
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


def page_lead_image(page: Page | None) -> tuple:
    """(image, alternative text) standing for ``page`` in listings and shared links: its
    own ``lead_image`` when its type has one, else the first image block of its body (read
    from the stored data: one query for that image alone); (None, "") when it has none.
    Kept on the page once read."""
    if page is None:
        return None, ""
    found = getattr(page, "_lead_image", None)
    if found is not None:
        return found
    image = getattr(page, "lead_image", None)
    if image is not None:
        found = (image, getattr(page, "lead_image_alt", "") or image.title)
    else:
        from wagtail.images import get_image_model

        found = (None, "")
        body = getattr(page, "body", None)
        for block in getattr(body, "raw_data", None) or []:
            value = block.get("value") or {}
            if block.get("type") == "image" and value.get("image"):
                image = get_image_model().objects.filter(pk=value["image"]).first()
                if image is not None:
                    alt = value.get("alt") or image.description or value.get("caption")
                    found = (image, alt or image.title)
                break
    page._lead_image = found
    return found


def sitemap_pages(home: Page):
    """The pages a site lists in its sitemap.xml: ``home`` and below, in tree order.

    Only what the public may read in full (``full_text_pages``): no draft, no restricted
    page, no 不予公开 document and no 依申请公开 one (its public page is a metadata record,
    not the document). Syndicated copies are left out: their ``rel=canonical`` names the
    source's URL, which the source site's own sitemap lists; a sitemap entry whose page
    declares another canonical is a conflicting signal search engines discard.
    """
    from .visibility import full_text_pages

    pages = full_text_pages(Page.objects.descendant_of(home, inclusive=True))
    return (
        pages.filter(copy_origin__isnull=True)
        .order_by("path")
        .only("path", "depth", "url_path", "last_published_at")
    )
