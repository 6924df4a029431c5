"""Rendered fragments of a site's pages (navigation, home page lists), kept per site version.

A fragment is stored in the page cache's Redis (``pages``) under a key made of the
site's schema, the theme, the fragment's name and the site's version: the page cache's
tag tokens of the site and of its home page, which the publish pipeline's purge replaces
on every page event below the home page (every page is below it) and every site event
(cluster/pagecache/purge.py), and the versions of the memoised registry, site settings,
Wagtail Site and view restrictions (cluster/serving/memo.py). So a fragment is never
invalidated by anything but the pipeline's purge or a memo bump, never served to another
site, and a stale one is simply never asked for again (the cache's LRU drops it).

Off when FRAGMENT_CACHE_SECONDS is 0 (the tests: their publishes are rolled back before
the pipeline purges), and for previews.
"""

import hashlib
import logging
import threading
from collections import OrderedDict

from django.conf import settings
from django.core.cache import caches
from django.db import connection

from cluster.pagecache import store
from cluster.serving.memo import memo_token, tags_now
from cluster.tenants.selectors import REGISTRY_MEMO

from .models import SiteIdentity
from .selectors import SITES_MEMO
from .visibility import RESTRICTIONS_MEMO

logger = logging.getLogger(__name__)

# The memoised sources a fragment may show, besides the pages (the pipeline's tokens).
SITE_MEMOS = (SITES_MEMO, SiteIdentity.MEMO, RESTRICTIONS_MEMO)

# Fragments this process read or rendered, by key, least recently used first. A key names
# one version of a fragment (the tokens are in it), so what it holds never goes stale; the
# shared cache is asked only for keys this process has not seen.
LOCAL_MAX_CHARACTERS = 8_000_000
_local: OrderedDict[str, str] = OrderedDict()
_local_size = 0
# The development server and the live test servers answer in threads.
_local_lock = threading.Lock()


def _site_version(request, home) -> str | None:
    """The site's version for this request (read once per request), None if unknown."""
    version = getattr(request, "_site_fragment_version", False)
    if version is not False:
        return version
    schema = connection.schema_name
    tokens = tags_now([(schema, store.SITE_TAG), (schema, store.page_tag(home.pk))])
    parts = [tokens[pair] for pair in sorted(tokens)]
    parts.append(memo_token("public", REGISTRY_MEMO))
    parts.extend(memo_token(schema, name) for name in SITE_MEMOS)
    version = "|".join(parts) if parts and None not in parts else None
    request._site_fragment_version = version
    return version


def fragment_key(request, home, name: str, theme: str, vary: tuple, pages=()) -> str | None:
    """Where a fragment of this site lives in the cache, or None when it must be rendered.

    ``pages``: pages the fragment shows; their own page cache tags (purged by the pipeline
    when they, or pages they link to, change) are part of the key too.
    """
    if not settings.FRAGMENT_CACHE_SECONDS or request is None or home is None:
        return None
    if getattr(request, "is_preview", False):
        return None
    version = _site_version(request, home)
    if version is None:
        return None
    schema = connection.schema_name
    page_tokens = ()
    if pages:
        # Read once per request (a page's fragments share it); not among the tags every
        # request of the process reads first (memo.tags_now).
        tokens = tags_now([(schema, store.page_tag(page.pk)) for page in pages], remember=False)
        if None in tokens.values():
            return None
        page_tokens = tuple(tokens[pair] for pair in sorted(tokens))
    digest = hashlib.sha256(repr((name, theme, vary, version, page_tokens)).encode()).hexdigest()
    return f"fragment:{schema}:{digest}"


def fragment_get(key: str) -> str | None:
    with _local_lock:
        html = _local.get(key)
        if html is not None:
            _local.move_to_end(key)
    if html is not None:
        return html
    try:
        html = caches[store.CACHE_ALIAS].get(key)
    except Exception:
        logger.exception("Fragment cache lookup failed")
        return None
    if html is not None:
        _local_keep(key, html)
    return html


def fragment_set(key: str, html: str) -> None:
    _local_keep(key, html)
    try:
        caches[store.CACHE_ALIAS].set(key, html, timeout=settings.FRAGMENT_CACHE_SECONDS)
    except Exception:
        logger.exception("Fragment cache store failed")


def _local_keep(key: str, html: str) -> None:
    global _local_size
    with _local_lock:
        if key in _local:
            return
        _local[key] = html
        _local_size += len(html)
        while _local_size > LOCAL_MAX_CHARACTERS and _local:
            _old_key, old = _local.popitem(last=False)
            _local_size -= len(old)
