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
signals); outside a request (tasks, shell) they are read on every call. When the cache
is down nothing is memoised: every call computes, answers stay right; and no value is
kept longer than MAX_AGE seconds, so a bump lost to a cache outage heals by itself.
"""

import contextvars
import logging
import time
from collections.abc import Callable, Hashable
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)

MAX_AGE = 300
_values: dict[tuple[str, str, Hashable], tuple[str, float, Any]] = {}
_request_tokens: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "memo_request_tokens", default=None
)


def _tag(name: str) -> str:
    return f"memo:{name}"


def _token(schema: str, name: str) -> str | None:
    from cluster.pagecache import store

    scope = _request_tokens.get()
    if scope is not None and (schema, name) in scope:
        return scope[(schema, name)]
    try:
        token = next(iter(store.tokens_now(schema, [_tag(name)]).values()))
    except Exception:
        logger.exception("Memo versions unavailable")
        token = None
    if scope is not None:
        scope[(schema, name)] = token
    return token


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
            scope.pop((schema, name), None)

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
