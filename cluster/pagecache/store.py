"""Where cached pages live: the ``pages`` cache (Redis in production), per site and host.

An entry is one rendered response for one (schema, host, path with query). It carries
the tags of what rendered it (``page:<id>``, ``feed:<column id>``, and always ``site``)
with the token each tag had when the entry was stored. A purge replaces a tag's token,
so every entry that carries the tag, on every host and query string of the site, is
stale at once without finding the entries themselves. Tags are per schema: a purge on
one site never touches another's entries, and an entry of one site is never read on
another's host. nginx in front keeps copies of the same responses; what it was allowed to
keep is recorded per tag token too, so the purge can name each copy (nginx_remember).
"""

import hashlib
import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches

logger = logging.getLogger(__name__)

CACHE_ALIAS = "pages"
# What a purge left for nginx is kept this long for its retries (the pipeline's last
# retry comes about 15 minutes after the first attempt).
PENDING_SECONDS = 24 * 3600
SITE_TAG = "site"
# On the platform's schema: pages that show the cluster's site registry (站群导航)
# carry it, and every registry change purges it (cluster.registry_changed).
REGISTRY_TAG = "registry"
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
    return tokens_now_keys([tag_key(schema, tag) for tag in tags])


def tokens_now_of(pairs) -> dict[tuple[str, str], str]:
    """``tokens_now`` for (schema, tag) pairs of any schemas, in one read of the cache."""
    pairs = list(pairs)
    current = tokens_now_keys([tag_key(schema, tag) for schema, tag in pairs])
    return {pair: current[tag_key(*pair)] for pair in pairs}


def tokens_now_keys(keys) -> dict[str, str]:
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


def tokens_unchanged(tokens: dict[str, str]) -> bool:
    """Whether no tag of `tokens` was purged since they were read."""
    current = _cache().get_many(list(tokens))
    return all(current.get(key) == token for key, token in tokens.items())


def purge_tags(schema: str, tags) -> dict[str, str]:
    """Make every entry of `schema` that carries one of `tags` stale; the tokens they had
    (what nginx_pending reads the addresses nginx may hold under)."""
    cache = _cache()
    keys = [tag_key(schema, tag) for tag in tags]
    previous = cache.get_many(keys)
    cache.delete_many(keys)
    return previous


# nginx's copies (cluster/pagecache/nginx.py). nginx purges one key at a time, so every
# address nginx is allowed to keep is recorded under each tag's current token: a list
# (a counter and one key per item, atomic on Redis and in local memory alike) plus a
# "seen" key per address so a page rendered again is not listed twice. A purge reads
# the lists of the tokens it replaced, so addresses recorded under a newer token are
# never mixed in, and no address recorded before the purge is missed.


def _index(tag_token_key: str, token: str) -> str:
    return f"{tag_token_key}:nginx:{token}"


def _digest(host: str, uri: str) -> str:
    return hashlib.sha256(f"{host}\n{uri}".encode()).hexdigest()


def nginx_remember(host: str, uri: str, tokens: dict[str, str]) -> None:
    """Record that nginx may keep `uri` on `host`, under the token of each tag."""
    cache = _cache()
    member = (host, uri)
    digest = _digest(host, uri)
    bases = {key: _index(key, token) for key, token in tokens.items()}
    seen = cache.get_many([f"{base}:seen:{digest}" for base in bases.values()])
    for base in bases.values():
        if f"{base}:seen:{digest}" in seen:
            continue
        cache.add(f"{base}:n", 0, timeout=None)
        position = cache.incr(f"{base}:n")
        cache.set(f"{base}:{position}", member, timeout=None)
        cache.set(f"{base}:seen:{digest}", 1, timeout=None)


def _members(cache, base: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The keys of one list and the addresses in it."""
    count = cache.get(f"{base}:n") or 0
    keys = [f"{base}:{position}" for position in range(1, count + 1)]
    items = cache.get_many(keys)
    return [f"{base}:n", *keys], [tuple(member) for member in items.values()]


def nginx_pending(schema: str, event_id: str, previous: dict[str, str]) -> list[tuple[str, str]]:
    """The addresses nginx may hold under the purged `previous` tokens, added to what an
    earlier attempt of the same event left to purge; kept until nginx_done, so a purge
    that fails is retried with the same addresses."""
    cache = _cache()
    pending_key = f"pagecache:{schema}:nginx-pending:{event_id}"
    members = {tuple(member) for member in cache.get(pending_key) or []}
    for key, token in previous.items():
        base = _index(key, token)
        keys, listed = _members(cache, base)
        members.update(listed)
        # Saved before the list is dropped: a crash in between loses nothing.
        cache.set(pending_key, sorted(members), timeout=PENDING_SECONDS)
        cache.delete_many(keys + [f"{base}:seen:{_digest(host, uri)}" for host, uri in listed])
    return sorted(members)


def nginx_done(schema: str, event_id: str) -> None:
    _cache().delete(f"pagecache:{schema}:nginx-pending:{event_id}")


def page_cache_status() -> str:
    if not settings.PAGE_CACHE_SECONDS:
        return "off"
    try:
        cache = _cache()
        cache.set("pagecache:health", "1", timeout=10)
        return "ok" if cache.get("pagecache:health") == "1" else "down"
    except Exception:
        return "down"
