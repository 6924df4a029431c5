"""The per-site page cache: anonymous GETs of public pages, answered from the cache.

Only responses something opted in are stored: a Wagtail page served to the public
(``before_serve_page``) or a feed (``mark``). Never stored: anything for a request that
carries a session cookie or credentials, a response that sets a cookie, uses a CSRF
token (a form), touched the session, says ``private``/``no-store``, or is not a 200.
Personal answers (依申请公开 receipt and status) are forms or session reads, so they
fall under those rules; their page types also opt out (``page_cache = False``).

The site's status is applied before this middleware (TenantStatusMiddleware), so a
suspended site never answers from the cache even before the purge runs.
What is stored here may also be kept by nginx in front (cluster/pagecache/nginx.py):
nothing else is. See docs/decisions/0010-page-cache.md and 0014-nginx-page-cache.md.
"""

import logging
import time

from django.conf import settings
from django.db import connection
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date

from . import nginx, store

logger = logging.getLogger(__name__)

VARY_ALLOWED = {"cookie", "accept-encoding", "accept-language"}
CACHEABLE_TYPES = ("text/html", "application/rss+xml", "application/atom+xml", "application/xml")
STATUS_HEADER = "X-Page-Cache"


def mark(request, *tags, schema: str | None = None) -> None:
    """Say that this response may be cached, and what purges it; tokens are read now,
    before rendering, so a purge that lands while the page renders still wins.

    Tags are the site's own, or ``schema``'s (the platform's registry tag)."""
    ticket = getattr(request, "_page_cache", None)
    if ticket is None:
        return
    try:
        ticket.update(store.tokens_now(schema or connection.schema_name, tags))
    except Exception:
        # The cache being down costs speed, never an answer: this response is not stored.
        logger.exception("Page cache unavailable")
        request._page_cache = None


def _request_cacheable(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and connection.schema_name != "public"
        and not request.path.startswith("/admin/")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _response_cacheable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    if vary - VARY_ALLOWED:
        return False
    return response.get("Content-Type", "").startswith(CACHEABLE_TYPES)


def _from_entry(entry: store.Entry):
    from django.http import HttpResponse

    response = HttpResponse(entry.content, status=entry.status)
    for name, value in entry.headers:
        response[name] = value
    response[STATUS_HEADER] = "hit"
    return response


def _let_nginx_keep(request, response, tokens: dict[str, str]) -> None:
    """Tell nginx in front it may keep this response (X-Accel-Expires), having recorded
    where, so the purge of any of its tags reaches nginx's copy too. Checked again after
    recording: a purge that landed since the tokens were read leaves nginx nothing."""
    uri = nginx.uri_for(request)
    if uri is None:
        return
    try:
        store.nginx_remember(request.get_host(), uri, tokens)
        if not store.tokens_unchanged(tokens):
            return
    except Exception:
        logger.exception("Page cache unavailable: nginx keeps no copy")
        return
    response["X-Accel-Expires"] = str(settings.PAGE_CACHE_SECONDS)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _request_cacheable(request):
            return self.get_response(request)
        schema = connection.schema_name
        host = request.get_host()
        full_path = request.get_full_path()
        entry = store.lookup(schema, host, full_path)
        if entry is not None:
            response = _from_entry(entry)
            _let_nginx_keep(request, response, entry.tokens)
            return response
        request._page_cache = {}
        mark(request, store.SITE_TAG)
        response = self.get_response(request)
        tokens = request._page_cache
        if tokens and len(tokens) > 1 and _response_cacheable(request, response):
            # Browsers and proxies revalidate every time (a purge must show at once);
            # the validators make that a 304 when nothing changed.
            response["Last-Modified"] = http_date(time.time())
            patch_cache_control(response, no_cache=True)
            set_response_etag(response)
            headers = [(name, value) for name, value in response.items() if name != "Set-Cookie"]
            store.store(
                schema,
                host,
                full_path,
                store.Entry(
                    status=response.status_code,
                    headers=headers,
                    content=response.content,
                    tokens=tokens,
                ),
            )
            response[STATUS_HEADER] = "miss"
            _let_nginx_keep(request, response, tokens)
        return response
