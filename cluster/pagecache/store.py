"""Where cached pages live: the ``pages`` cache (Redis in production), per site and host.

An entry is one rendered response for one (schema, host, path with query). It carries
the tags of what rendered it (``page:<id>``, ``feed:<column id>``, and always ``site``)
with the token each tag had when the entry was stored. A purge replaces a tag's token,
so every entry that carries the tag, on every host and query string of the site, is
stale at once without finding the entries themselves. Tags are per schema: a purge on
one site never touches another's entries, and an entry of one site is never read on
another's host.
"""

import hashlib
import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches

logger = logging.getLogger(__name__)

CACHE_ALIAS = "pages"
SITE_TAG = "site"
# The site's sitemap.xml: every page event changes what it may list.
SITEMAP_TAG = "sitemap"


def page_tag(page_id: int) -> str:
    return f"page:{page_id}"


def feed_tag(column_id: int) -> str:
    return f"feed:{column_id}"


def _cache():
    return caches[CACHE_ALIAS]


def entry_key(schema: str, host: str, full_path: str) -> str:
    digest = hashlib.sha256(f"{host}\n{full_path}".encode()).hexdigest()
    return f"pagecache:{schema}:entry:{digest}"


def tag_key(schema: str, tag: str) -> str:
    return f"pagecache:{schema}:tag:{tag}"


@dataclass
class Entry:
    status: int
    headers: list[tuple[str, str]]
    content: bytes
    tokens: dict[str, str]  # tag key -> token when stored


def tokens_now(schema: str, tags) -> dict[str, str]:
    """The current token of each tag, creating the ones that have none yet."""
    keys = [tag_key(schema, tag) for tag in tags]
    cache = _cache()
    current = cache.get_many(keys)
    for key in keys:
        if key not in current:
            cache.add(key, uuid.uuid4().hex, timeout=None)
            current[key] = cache.get(key)
    return current


def lookup(schema: str, host: str, full_path: str) -> Entry | None:
    try:
        cache = _cache()
        entry = cache.get(entry_key(schema, host, full_path))
        if entry is None:
            return None
        current = cache.get_many(list(entry.tokens))
    except Exception:
        # The cache being down costs speed, never an answer.
        logger.exception("Page cache lookup failed")
        return None
    if any(current.get(key) != token for key, token in entry.tokens.items()):
        return None
    return entry


def store(schema: str, host: str, full_path: str, entry: Entry) -> None:
    try:
        _cache().set(entry_key(schema, host, full_path), entry, timeout=settings.PAGE_CACHE_SECONDS)
    except Exception:
        logger.exception("Page cache store failed")


def purge_tags(schema: str, tags) -> None:
    """Make every entry of `schema` that carries one of `tags` stale."""
    _cache().delete_many([tag_key(schema, tag) for tag in tags])


def page_cache_status() -> str:
    if not settings.PAGE_CACHE_SECONDS:
        return "off"
    try:
        cache = _cache()
        cache.set("pagecache:health", "1", timeout=10)
        return "ok" if cache.get("pagecache:health") == "1" else "down"
    except Exception:
        return "down"
