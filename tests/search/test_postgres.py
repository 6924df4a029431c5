"""What only the PostgreSQL backend does: its table, tsvector, trigram fallback, atomic rebuild."""

from dataclasses import replace

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from search import messages
from search.backends.base import SearchQuery
from search.backends.postgres import PostgresBackend, tsquery_literal, tsvector_literal
from search.models import IndexedDocument
from search.query import parse_query

from .conftest import _cluster


@pytest.fixture
def pg(db):
    backend = PostgresBackend()
    documents = _cluster()
    backend.index(documents.values())
    return backend, documents


def run(backend, text, **options):
    return backend.search(SearchQuery(parse_query(text), **options))


def test_the_index_table_lives_only_in_the_public_schema(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema FROM information_schema.tables WHERE table_name = %s",
            [IndexedDocument._meta.db_table],
        )
        assert [row[0] for row in cursor.fetchall()] == ["public"]


def test_a_site_request_reaches_the_shared_index(pg, alpha):
    backend, documents = pg

    with schema_context(alpha.schema_name):
        assert run(backend, "政务公开").total == 4
        backend.index([replace(documents["plan"], title="2025年政务公开工作要点")])
    assert IndexedDocument.objects.get(id=documents["plan"].id).title == "2025年政务公开工作要点"


def test_the_tsvector_weights_fields_and_shares_positions_with_inner_words(db):
    vector = tsvector_literal([("政府信息公开", "A"), ("吉市政函〔2009〕53号", "B"), ("正文", "C")])

    assert vector.startswith("'政府信息公开':1A '政府':1A '信息':1A '公开':1A '政府信息':1A")
    # A gap of 10 positions between fields.
    assert "'吉':12B '市政':13B '函':14B '2009':15B '53':16B '号':17B '正文':28C" in vector
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::tsvector @@ %s::tsquery", [vector, "'信息公开' <-> '吉'"])
        # No phrase runs from the title into the 文号.
        assert cursor.fetchone()[0] is False
        cursor.execute("SELECT %s::tsvector @@ %s::tsquery", [vector, "'市政' <-> '函'"])
        assert cursor.fetchone()[0] is True


def test_tsquery_quotes_every_lexeme_and_the_database_accepts_it(db):
    literal = tsquery_literal(parse_query('政务公开 "工作 要点" 益政办函 it\'s'))

    assert literal == (
        "( '政务公开' ) & ( 'it' ) & ( 's' ) & ( '工作' <-> '要点' ) & ( '益' <-> '政' <-> '办' <-> '函' )"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::tsquery", [literal])


def test_a_typo_finds_similar_titles_with_a_notice(pg):
    backend, documents = pg

    results = run(backend, "政务公凯工作要点")

    assert results.hits[0].id == documents["plan"].id
    assert results.notice == messages.SIMILAR_ONLY


def test_a_fragment_of_a_document_number_finds_the_numbers_containing_it(pg):
    backend, documents = pg

    results = run(backend, "政函[2009]5")

    assert {hit.id for hit in results.hits} == {documents["jilin53"].id, documents["jilin54"].id}
    assert results.notice == messages.SIMILAR_ONLY


def test_a_document_number_with_the_wrong_year_finds_nothing(pg):
    backend, _documents = pg

    assert run(backend, "吉市政函〔2011〕53号").hits == []


def test_nothing_similar_gives_empty_results_without_the_notice(pg):
    backend, _documents = pg

    results = run(backend, "量子计算机")

    assert (results.total, results.hits, results.notice) == (0, [], "")


def test_a_failed_rebuild_keeps_the_old_contents(pg):
    backend, documents = pg
    wrong_site = replace(documents["plan"], id="site_other:5", schema="site_other")

    with pytest.raises(ValueError, match="not in schema"):
        backend.rebuild([documents["bulletin1"], wrong_site], schema="site_county")

    assert run(backend, "安全生产").total == 25


def test_injection_text_is_stored_and_found_as_text(pg):
    backend, documents = pg
    title = "'; DROP TABLE cluster_search_document; -- 防汛通知"
    backend.index([replace(documents["plan"], title=title)])

    results = run(backend, title)

    assert results.hits[0].title == title
    # The table is intact and holds each of this test's documents once (other tests'
    # committed pages may be indexed beside them).
    ids = [document.id for document in documents.values()]
    assert IndexedDocument.objects.filter(id__in=ids).count() == len(documents)


def test_a_very_long_body_is_capped_and_still_indexed(pg):
    backend, documents = pg
    body = "防汛抗旱" + "政务公开工作。" * 60_000
    backend.index([replace(documents["plan"], body=body)])

    assert run(backend, "防汛抗旱").hits[0].id == documents["plan"].id
