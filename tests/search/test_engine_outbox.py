"""Engine down: searches raise SearchUnavailable (the caller answers from PostgreSQL) and
writes wait in the outbox; once the engine answers, the replay delivers them exactly once.

"Down" is a port where nothing listens; "back" is the same index prefix on the running
node (the outbox holds operations, not addresses).
"""

import socket
import time

import pytest
from django.db import transaction

from search.backends.base import ParsedQuery, SearchQuery, SearchUnavailable
from search.backends.elasticsearch import DELETE, DELETE_SITE, INDEX, EngineBackend
from search.outbox import (
    MAX_ATTEMPTS,
    document_from_json,
    document_to_json,
    engine_write,
    outbox_enqueue,
    outbox_pending_count,
    outbox_replay,
)
from search.outbox_models import EngineOutboxEntry
from tests.search.engine_fixtures import make_client, make_document, stored_ids


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def down(opensearch_engine):
    """The same index as `opensearch_engine`, through an address nothing answers on."""
    client = make_client("opensearch", f"http://127.0.0.1:{closed_port()}", timeout=2)
    return EngineBackend(client, prefix=opensearch_engine.alias, replicas=0, refresh=True)


def stored(backend: EngineBackend, document_id: str) -> dict | None:
    raw = backend.client.client
    response = raw.search(
        index=backend.alias,
        body={"query": {"ids": {"values": [document_id]}}, "version": True},
        ignore_unavailable=True,
    )
    hits = response["hits"]["hits"]
    return hits[0] if hits else None


def test_a_search_while_the_engine_is_down_raises_search_unavailable_quickly(down):
    started = time.monotonic()
    with pytest.raises(SearchUnavailable):
        down.search(SearchQuery(ParsedQuery(raw="政务公开", terms=("政务公开",))))
    assert time.monotonic() - started < 5


def test_writes_while_down_wait_in_the_outbox_and_are_delivered_once_when_back(
    db, down, opensearch_engine
):
    up = opensearch_engine
    up.index([make_document("site_b", 1, tenant_id=2, title="乙站旧文")])
    first = make_document("site_a", 1, title="政务公开工作要点")
    second = make_document("site_a", 2, title="即将撤下")

    assert engine_write(backend=down, operations=[(INDEX, first), (INDEX, second)]) is False
    assert engine_write(backend=down, operations=[(DELETE, second.id)]) is False
    assert engine_write(backend=down, operations=[(DELETE_SITE, "site_b")]) is False
    assert outbox_pending_count() == 4

    # Still down: nothing is lost.
    assert outbox_replay(backend=down) == 0
    assert outbox_pending_count() == 4
    assert stored(up, "site_b:1") is not None

    assert outbox_replay(backend=up) == 4
    assert outbox_pending_count() == 0
    assert stored_ids(up) == ["site_a:1"]
    assert stored(up, first.id)["_version"] == 1  # written once
    assert outbox_replay(backend=up) == 0
    assert stored(up, first.id)["_version"] == 1


def test_a_write_while_older_ones_wait_is_queued_behind_them(db, down, opensearch_engine):
    up = opensearch_engine
    document = make_document(title="先发布后撤下")
    engine_write(backend=down, operations=[(INDEX, document)])
    # The engine is back, but sending this delete now would let the replay re-index the
    # document afterwards.
    assert engine_write(backend=up, operations=[(DELETE, document.id)]) is False
    assert stored(up, document.id) is None
    assert outbox_replay(backend=up) == 2
    assert stored(up, document.id) is None
    assert stored_ids(up) == []


def test_with_nothing_waiting_a_write_goes_straight_to_the_engine(db, opensearch_engine):
    document = make_document(title="直接写入")
    assert engine_write(backend=opensearch_engine, operations=[(INDEX, document)]) is True
    assert outbox_pending_count() == 0
    assert stored(opensearch_engine, document.id)["_version"] == 1


def test_an_entry_the_engine_keeps_refusing_is_given_up_and_kept(db, opensearch_engine):
    # 2**40 does not fit the integer field: the engine refuses this one document.
    refused = make_document(page_id=1, number_serial=2**40)
    fine = make_document(page_id=2)
    assert (
        engine_write(backend=opensearch_engine, operations=[(INDEX, refused), (INDEX, fine)])
        is False
    )
    assert stored(opensearch_engine, fine.id) is not None
    entry = EngineOutboxEntry.objects.get()
    assert (entry.key, entry.attempts) == (refused.id, 1)
    assert "mapper_parsing_exception" in entry.last_error
    for _ in range(MAX_ATTEMPTS - 1):
        assert outbox_replay(backend=opensearch_engine) == 0
    entry.refresh_from_db()
    assert entry.given_up
    assert entry.attempts == MAX_ATTEMPTS
    assert outbox_pending_count() == 0
    # A given-up entry no longer holds back new writes.
    assert engine_write(backend=opensearch_engine, operations=[(DELETE, fine.id)]) is True


def test_entries_written_in_a_transaction_that_rolls_back_are_not_kept(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox_enqueue(operations=[(INDEX, make_document())])
        assert outbox_pending_count() == 1
        raise RuntimeError("the publication failed")
    assert outbox_pending_count() == 0


def test_a_document_survives_the_round_trip_through_json():
    import datetime

    document = make_document(
        issuers=("甲", "乙"),
        site_path=(3, 1),
        written_date=datetime.date(2024, 1, 2),
        number_year=2024,
        canonical_id="x:1",
    )
    assert document_from_json(document_to_json(document)) == document
