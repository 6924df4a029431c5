"""The engine outbox: search-engine writes wait here while the engine is down.

Two ways in:

- ``outbox_enqueue`` inside the transaction of the change that caused the write (it then
  commits or rolls back with it), followed by ``outbox_replay`` after commit (the indexing
  task);
- ``engine_write``, the indexing task's call: sends at once when nothing is waiting, and
  queues instead when the engine is unreachable or when older writes still wait (sending a
  newer write past them would let the replay undo it).

``outbox_replay`` sends the pending entries in id order and deletes each one only once the
engine accepted it, in the same transaction, under an advisory lock so one process replays
at a time. A crash between "accepted" and "deleted" resends the entry: harmless, because
documents are keyed by id (indexing replaces, deleting a missing document is fine).
"""

import dataclasses
import datetime
import logging
from collections.abc import Iterable

from django.db import connection, transaction

from .backends.base import SearchDocument, SearchUnavailable
from .backends.elasticsearch import DELETE, DELETE_SITE, INDEX, EngineBackend, Operation
from .outbox_models import EngineOutboxEntry

logger = logging.getLogger(__name__)

# An entry the engine refused this many times stops being replayed (kept, given_up=True).
MAX_ATTEMPTS = 5
# pg_try_advisory_xact_lock key: one replayer at a time across processes.
REPLAY_LOCK = 0x5EA4C4_0B0C


def document_to_json(document: SearchDocument) -> dict:
    data = dataclasses.asdict(document)
    for name in ("published_at", "written_date"):
        if data[name] is not None:
            data[name] = data[name].isoformat()
    data["site_path"] = list(document.site_path)
    data["issuers"] = list(document.issuers)
    return data


def document_from_json(data: dict) -> SearchDocument:
    data = dict(data)
    if data.get("published_at"):
        data["published_at"] = datetime.datetime.fromisoformat(data["published_at"])
    if data.get("written_date"):
        data["written_date"] = datetime.date.fromisoformat(data["written_date"])
    data["site_path"] = tuple(data.get("site_path", ()))
    data["issuers"] = tuple(data.get("issuers", ()))
    return SearchDocument(**data)


def _entry(operation: Operation, *, error: str = "") -> EngineOutboxEntry:
    kind, value = operation
    if kind == INDEX:
        return EngineOutboxEntry(
            operation=kind, key=value.id, document=document_to_json(value), last_error=error
        )
    if kind in (DELETE, DELETE_SITE):
        return EngineOutboxEntry(operation=kind, key=value, last_error=error)
    raise ValueError(f"unknown operation {kind!r}")


def _operation(entry: EngineOutboxEntry) -> Operation:
    if entry.operation == INDEX:
        return (INDEX, document_from_json(entry.document))
    return (entry.operation, entry.key)


def outbox_enqueue(*, operations: Iterable[Operation]) -> int:
    """Queue engine writes (in the caller's transaction, if any); returns how many."""
    entries = [_entry(operation) for operation in operations]
    EngineOutboxEntry.objects.bulk_create(entries)
    return len(entries)


def outbox_pending_count() -> int:
    return EngineOutboxEntry.objects.filter(given_up=False).count()


def engine_write(*, backend: EngineBackend, operations: Iterable[Operation]) -> bool:
    """Send writes now if possible, else queue them. True if the engine took them all now."""
    operations = list(operations)
    if not operations:
        return True
    if EngineOutboxEntry.objects.filter(given_up=False).exists():
        outbox_enqueue(operations=operations)
        return False
    try:
        outcomes = backend.apply(operations)
    except SearchUnavailable as error:
        logger.warning("Search engine unavailable, %d write(s) queued: %s", len(operations), error)
        outbox_enqueue(operations=operations)
        return False
    refused = [
        _entry(operation, error=error)
        for operation, error in zip(operations, outcomes, strict=True)
        if error is not None
    ]
    if refused:
        logger.error("The search engine refused %d write(s), queued for retry", len(refused))
        for entry in refused:
            entry.attempts = 1
        EngineOutboxEntry.objects.bulk_create(refused)
    return not refused


def _replay_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [REPLAY_LOCK])
        return cursor.fetchone()[0]


def outbox_replay(*, backend: EngineBackend, batch_size: int = 200) -> int:
    """Send pending writes in order; returns how many the engine accepted (and were removed).

    Stops at the first batch the engine cannot take (unreachable: everything stays) or
    refuses in part (the refused entries stay, counted, until MAX_ATTEMPTS)."""
    delivered = 0
    while True:
        with transaction.atomic():
            if not _replay_lock():
                return delivered  # another process is replaying
            entries = list(
                EngineOutboxEntry.objects.filter(given_up=False).order_by("id")[:batch_size]
            )
            if not entries:
                return delivered
            try:
                outcomes = backend.apply([_operation(entry) for entry in entries])
            except SearchUnavailable as error:
                logger.warning("Search engine still unavailable, outbox kept: %s", error)
                return delivered
            accepted = [
                entry.pk for entry, error in zip(entries, outcomes, strict=True) if not error
            ]
            EngineOutboxEntry.objects.filter(pk__in=accepted).delete()
            delivered += len(accepted)
            refused = [
                (entry, error) for entry, error in zip(entries, outcomes, strict=True) if error
            ]
            for entry, error in refused:
                entry.attempts += 1
                entry.last_error = error
                entry.given_up = entry.attempts >= MAX_ATTEMPTS
                entry.save(update_fields=["attempts", "last_error", "given_up"])
                if entry.given_up:
                    logger.error(
                        "Search engine write given up after %d refusals: %s", entry.attempts, entry
                    )
            if refused:
                return delivered
