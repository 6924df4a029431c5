"""Per-process memos of what rarely changes, each valid while its version holds.

Serving a page reads the same few things on every request: which site a host belongs
to, the site's settings and Wagtail Site, whether any page has a view restriction, the
shared vocabularies. Each is kept here per process (and per schema) with the version it
was read under; the version is a tag token of the page cache's store
(cluster/pagecache/store.py, ``memo:<name>`` tags), shared by every web process through
Redis. Whatever changes the source calls ``memo_bump`` (model signals, connected where the
model lives; again after commit), which replaces the token: every process reads again
on its next request. No second invalidation path: a bump is a tag purge of that store.

Tokens are read once per request (a request scope opened and closed by Django's request
signals), those a process usually needs in one round trip (``tags_now``); outside a
request (tasks, shell) they are read on every call. When the cache
is down nothing is memoised: every call computes, answers stay right; and no value is
kept longer than MAX_AGE seconds, so a bump lost to a cache outage heals by itself.
"""

import contextvars
import logging
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)

MAX_AGE = 300
# Tags (schema, tag) requests of this process read, newest last: read together with the
# first of them a request asks for (tags_now).
RECENT_KEPT = 64
_recent: dict[tuple[str, str], None] = {}
_recent_lock = threading.Lock()
_values: dict[tuple[str, str, Hashable], tuple[str, float, Any]] = {}
_request_tokens: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "memo_request_tokens", default=None
)


def _tag(name: str) -> str:
    return f"memo:{name}"


def tags_now(pairs, *, remember: bool = True) -> dict[tuple[str, str], str | None]:
    """The current tokens of (schema, tag) pairs of the page cache's store, each read at
    most once per request; None for all when the cache cannot say.

    The first read in a request for a schema also reads the tags this process read in
    earlier requests for that schema (``remember``: the memos, a site's version), so a
    request costs one round trip to the cache per schema, not one per memo.
    """
    from cluster.pagecache import store

    pairs = list(pairs)
    scope = _request_tokens.get()
    wanted = [pair for pair in pairs if scope is None or pair not in scope]
    if wanted:
        batch = dict.fromkeys(wanted)
        if scope is not None:
            schemas = {schema for schema, _tag_name in wanted}
            # list(): one copy at once (threaded servers add to _recent meanwhile).
            recent = list(_recent)
            batch.update(
                dict.fromkeys(pair for pair in recent if pair[0] in schemas and pair not in scope)
            )
        try:
            read = store.tokens_now_of(batch)
        except Exception:
            logger.exception("Memo versions unavailable")
            read = dict.fromkeys(batch)
        if remember:
            with _recent_lock:
                for pair in wanted:
                    _recent.pop(pair, None)
                    _recent[pair] = None
                while len(_recent) > RECENT_KEPT:
                    _recent.pop(next(iter(_recent)))
        if scope is None:
            return {pair: read[pair] for pair in pairs}
        scope.update(read)
    return {pair: scope[pair] for pair in pairs}


def _token(schema: str, name: str) -> str | None:
    pair = (schema, _tag(name))
    return tags_now([pair])[pair]


def memo_token(schema: str, name: str) -> str | None:
    """The current version of ``name`` (None when the cache cannot say), for keys of
    caches that depend on a memoised source (sites/core/fragments.py)."""
    return _token(schema, name)


def memo_versioned(schema: str, name: str, key: Hashable, compute: Callable[[], Any]) -> Any:
    """``compute()``, or what it returned before under the current version of ``name``.

    The version is read before computing, so a change that lands meanwhile leaves a value
    stored under the old version, read again next time.
    """
    token = _token(schema, name)
    if token is None:
        return compute()
    slot = (schema, name, key)
    held = _values.get(slot)
    now = time.monotonic()
    if held is not None and held[0] == token and now - held[1] < MAX_AGE:
        return held[2]
    value = compute()
    _values[slot] = (token, now, value)
    return value


def memo_bump(schema: str, name: str) -> None:
    """Make every process read ``name`` of ``schema`` again: now, and once more when the
    transaction commits (a process that read again before the commit read the old rows;
    after a rollback the first bump cost one needless read, nothing else)."""
    from cluster.pagecache import store

    def bump():
        try:
            store.purge_tags(schema, [_tag(name)])
        except Exception:
            logger.exception("Memo version bump failed for %s on %s", name, schema)
        scope = _request_tokens.get()
        if scope is not None:
            scope.pop((schema, _tag(name)), None)

    bump()
    transaction.on_commit(bump)


def memo_forget() -> None:
    """Drop every value this process holds (tests: their rows are rolled back unseen)."""
    _values.clear()
    scope = _request_tokens.get()
    if scope is not None:
        scope.clear()


def request_scope_open(**kwargs) -> None:
    _request_tokens.set({})


def request_scope_close(**kwargs) -> None:
    _request_tokens.set(None)
