"""Where a view waits before it is written: Redis, shared by every web process and the worker.

A view is one ``HINCRBY`` on the site's pending hash (field ``<day>:<page id>``), atomic on
the server, so concurrent views never lose one another. The flush renames the pending hash
to a batch (atomic too: a view lands either in the batch or in a fresh pending hash), writes
the batch in one statement and then deletes it. Without Redis (development without
``REDIS_URL``), the counts wait in the web process and that process writes them itself
every ``PAGEVIEWS_FLUSH_SECONDS``.

Keys carry the schema name as the page cache's do; nothing here knows another site.
"""

import contextlib
import datetime
import threading
import time
import uuid
from collections import Counter
from functools import cache

from django.conf import settings

SCHEMAS_KEY = "pageviews:schemas"


def _pending_key(schema: str) -> str:
    return f"pageviews:{schema}:pending"


def _batch_prefix(schema: str) -> str:
    return f"pageviews:{schema}:batch:"


@cache
def _client(url: str):
    import redis

    return redis.Redis.from_url(url)


def redis_client():
    url = getattr(settings, "PAGEVIEWS_REDIS_URL", "")
    return _client(url) if url else None


class LocalBuffer:
    """The same contract in one process, for a machine without Redis."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts: dict[str, Counter] = {}
        self.flushed_at = time.monotonic()

    def add(self, schema: str, field: str) -> None:
        with self.lock:
            self.counts.setdefault(schema, Counter())[field] += 1

    def due(self) -> bool:
        return time.monotonic() - self.flushed_at >= settings.PAGEVIEWS_FLUSH_SECONDS

    def take(self, schema: str) -> Counter:
        with self.lock:
            self.flushed_at = time.monotonic()
            return self.counts.pop(schema, Counter())


local = LocalBuffer()


def field_for(day: datetime.date, page_id: int) -> str:
    return f"{day.isoformat()}:{page_id}"


def parse_field(field: bytes | str) -> tuple[datetime.date, int]:
    text = field.decode() if isinstance(field, bytes) else field
    day, page_id = text.split(":")
    return datetime.date.fromisoformat(day), int(page_id)


def add(schema: str, day: datetime.date, page_id: int) -> None:
    client = redis_client()
    if client is None:
        local.add(schema, field_for(day, page_id))
        return
    with client.pipeline(transaction=False) as pipe:
        pipe.hincrby(_pending_key(schema), field_for(day, page_id), 1)
        pipe.sadd(SCHEMAS_KEY, schema)
        pipe.execute()


def schemas_pending() -> list[str]:
    client = redis_client()
    if client is None:
        return []
    return sorted(member.decode() for member in client.smembers(SCHEMAS_KEY))


def batches(schema: str) -> list[tuple[str, dict]]:
    """Move what is pending into a new batch and return every batch not yet deleted:
    (batch id, {field: count}). Leftovers of a flush that died come first."""
    import redis

    client = redis_client()
    if client is None:
        counts = local.take(schema)
        return [(f"local-{uuid.uuid4().hex}", dict(counts))] if counts else []
    # Off the list first: a view arriving after this puts the schema back.
    client.srem(SCHEMAS_KEY, schema)
    batch_key = f"{_batch_prefix(schema)}{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"
    # Nothing pending (or another flush took it first) is no error.
    with contextlib.suppress(redis.ResponseError):
        client.rename(_pending_key(schema), batch_key)
    keys = sorted(key.decode() for key in client.scan_iter(match=f"{_batch_prefix(schema)}*"))
    return [
        (
            key.rsplit(":", 1)[1],
            {field.decode(): int(n) for field, n in client.hgetall(key).items()},
        )
        for key in keys
    ]


def batch_done(schema: str, batch_id: str) -> None:
    client = redis_client()
    if client is not None:
        client.delete(f"{_batch_prefix(schema)}{batch_id}")
