"""Index management and writes of the engine backend, on a real OpenSearch node."""

import threading
import time

import pytest

from search.backends.base import ParsedQuery, SearchQuery
from search.backends.elasticsearch import EngineBackend
from tests.search.engine_fixtures import (
    drop_indices,
    make_client,
    make_document,
    prefix_indices,
    stored_ids,
)


def text(query: str, **options) -> SearchQuery:
    return SearchQuery(ParsedQuery(raw=query, terms=(query,)), **options)


def ids(results) -> list[str]:
    return [hit.id for hit in results.hits]


def mapping(backend: EngineBackend) -> dict:
    raw = backend.client.client
    response = raw.indices.get_mapping(index=backend.alias)
    (index,) = getattr(response, "body", response).values()
    return index["mappings"]["properties"]


def test_titles_get_a_smartcn_subfield_when_the_node_has_the_analyzer_but_bodies_do_not(engine):
    # smartcn on bodies cut bulk loading about sixfold (see dsl._text_field).
    assert engine.has_smartcn()
    engine.ensure_index()
    properties = mapping(engine)
    assert properties["title"]["analyzer"] == "cjk"
    assert properties["title"]["fields"]["smart"]["analyzer"] == "smartcn"
    assert properties["body"]["analyzer"] == "cjk"
    assert set(properties["body"]["fields"]) == {"uni"}


def test_cjk_only_mapping_still_finds_chinese_text(search_node_url):
    backend = EngineBackend(
        make_client("opensearch", search_node_url),
        prefix=f"test-cjk-{time.monotonic_ns()}",
        smartcn=False,
        replicas=0,
        refresh=True,
    )
    try:
        backend.index([make_document(title="关于印发2024年政务公开工作要点的通知")])
        assert set(mapping(backend)["title"]["fields"]) == {"uni"}
        assert ids(backend.search(text("政务公开"))) == ["site_a:1"]
    finally:
        drop_indices(backend)


def test_the_first_write_creates_a_versioned_index_behind_the_alias(engine):
    engine.index([make_document()])
    assert engine.client.alias_targets(engine.alias) == [f"{engine.alias}-0"]


def test_search_before_anything_was_indexed_finds_nothing(engine):
    results = engine.search(text("政务公开"))
    assert (results.total, results.hits) == (0, [])


def test_indexing_twice_leaves_one_document_and_replaces_it(engine):
    engine.index([make_document(title="旧标题政务公开")])
    engine.index([make_document(title="旧标题政务公开")])
    assert stored_ids(engine) == ["site_a:1"]
    engine.index([make_document(title="新标题数据开放")])
    assert ids(engine.search(text("数据开放"))) == ["site_a:1"]
    assert engine.search(text("旧标题")).total == 0
    assert stored_ids(engine) == ["site_a:1"]


def test_deleting_is_idempotent_and_a_missing_id_is_fine(engine):
    engine.index([make_document(page_id=1), make_document(page_id=2)])
    engine.delete(["site_a:1"])
    engine.delete(["site_a:1", "site_a:404"])
    assert stored_ids(engine) == ["site_a:2"]


def test_delete_site_removes_only_that_sites_documents(engine):
    engine.index(
        [
            make_document("site_a", 1),
            make_document("site_a", 2),
            make_document("site_b", 1, tenant_id=2),
        ]
    )
    engine.delete_site("site_a")
    engine.delete_site("site_a")
    assert stored_ids(engine) == ["site_b:1"]


def test_one_character_query_finds_a_word_containing_it(engine):
    engine.index([make_document(title="关于减免小微企业税收的通知")])
    assert ids(engine.search(text("税"))) == ["site_a:1"]


def test_rebuild_swaps_the_alias_while_searches_keep_answering(engine):
    engine.chunk_size = 50
    old_documents = [make_document(page_id=i, title=f"政务公开旧文{i}") for i in range(1, 201)]
    engine.index(old_documents)
    (old_index,) = engine.client.alias_targets(engine.alias)

    answers, errors = [], []
    stop = threading.Event()

    def search_continuously():
        while not stop.is_set():
            try:
                answers.append(engine.search(text("政务公开", collapse=False)).total)
            except Exception as error:  # any failure is what the test is about
                errors.append(error)

    live = make_document(page_id=999, title="重建期间发布的政务公开文件")

    def new_documents():
        for i in range(1, 301):
            if i == 150:
                # Published while the rebuild runs: must survive the swap.
                engine.index([live])
            if i % 50 == 0:
                time.sleep(0.2)  # a slow source, so searches run during the load
            yield make_document(page_id=i, title=f"政务公开新文{i}")

    searcher = threading.Thread(target=search_continuously)
    searcher.start()
    try:
        written = engine.rebuild(new_documents())
    finally:
        stop.set()
        searcher.join()

    assert written == 300
    assert errors == []
    # Until the swap every search saw the old contents in full (200, or 201 with the
    # live document); afterwards the new ones.
    assert len(answers) > 5
    assert set(answers) <= {200, 201, 301}
    (new_index,) = engine.client.alias_targets(engine.alias)
    assert new_index != old_index
    assert engine.client.alias_targets(engine.next_alias) == []
    assert prefix_indices(engine) == [new_index]
    assert engine.search(text("政务公开", collapse=False)).total == 301
    assert engine.search(text("旧文")).total == 0
    assert ids(engine.search(text("重建期间"))) == [live.id]


def test_a_failed_rebuild_leaves_the_live_index_alone(engine):
    engine.index([make_document(title="政务公开")])
    (old_index,) = engine.client.alias_targets(engine.alias)

    def broken():
        yield make_document(page_id=2)
        raise RuntimeError("the source failed")

    with pytest.raises(RuntimeError):
        engine.rebuild(broken())
    assert engine.client.alias_targets(engine.alias) == [old_index]
    assert prefix_indices(engine) == [old_index]
    assert ids(engine.search(text("政务公开"))) == ["site_a:1"]


def test_rebuilding_one_site_replaces_its_documents_and_leaves_others(engine):
    engine.index(
        [
            make_document("site_a", 1, title="甲站旧文一"),
            make_document("site_a", 2, title="甲站旧文二"),
            make_document("site_b", 1, tenant_id=2, title="乙站文件"),
        ]
    )
    written = engine.rebuild(
        [
            make_document("site_a", 2, title="甲站新文二"),
            make_document("site_a", 3, title="甲站新文三"),
        ],
        schema="site_a",
    )
    assert written == 2
    assert stored_ids(engine) == ["site_a:2", "site_a:3", "site_b:1"]
    assert engine.search(text("旧文")).total == 0


def test_rebuilding_one_site_refuses_another_sites_document(engine):
    with pytest.raises(ValueError, match="site_b:1"):
        engine.rebuild([make_document("site_b", 1)], schema="site_a")
