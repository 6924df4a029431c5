"""Synonyms and best bets kept in the console change what the public finds."""

import json

import pytest
from django_tenants.utils import schema_context

from search.models import BestBet
from tests.conftest import PASSWORD, host_client
from tests.sites.disclosure.conftest import make_document


@pytest.fixture
def console(db):
    client = host_client("console.localhost")
    client.post("/login/", {"username": "platform", "password": PASSWORD})
    return client


@pytest.fixture
def dibao(alpha, django_capture_on_commit_callbacks):
    with schema_context("site_alpha"), django_capture_on_commit_callbacks(execute=True):
        return make_document(title="关于提高城乡最低生活保障标准的通知")


def _titles(query):
    body = host_client("alpha.localhost").get("/api/search/", {"q": query, "scope": "all"})
    return [hit["title"] for hit in json.loads(body.content)["results"]]


def test_an_everyday_word_finds_the_official_term_once_a_synonym_is_kept(dibao, console):
    assert _titles("低保") == []
    response = console.post(
        "/search/tuning/", {"synonym": "1", "s-term": "低保", "s-official": "最低生活保障"}
    )
    assert response.status_code == 302
    assert _titles("低保") == ["关于提高城乡最低生活保障标准的通知"]
    assert _titles("低保 城乡") == ["关于提高城乡最低生活保障标准的通知"]
    assert _titles("低保 交通") == []


def test_a_bad_synonym_is_refused_with_a_message_and_keeps_the_input(console):
    body = console.post(
        "/search/tuning/", {"synonym": "1", "s-term": "低保", "s-official": "低保"}
    ).content.decode()
    assert "规范用语不能与常用说法相同" in body and 'value="低保"' in body


def test_a_best_bet_is_shown_first_for_its_query_on_its_sites(dibao, console, alpha, beta):
    console.post(
        "/search/tuning/",
        {
            "best_bet": "1",
            "b-query": "社会救助",
            "b-site": alpha.pk,
            "b-title": "社会救助服务指南",
            "b-url": "http://alpha.localhost/fw/shjz/",
        },
    )
    assert BestBet.objects.count() == 1
    page = host_client("alpha.localhost").get("/search/", {"q": "社会救助"}).content.decode()
    assert "推荐结果" in page and "社会救助服务指南" in page
    api = json.loads(host_client("alpha.localhost").get("/api/search/", {"q": "社会救助"}).content)
    assert api["best_bets"][0]["title"] == "社会救助服务指南"
    other = json.loads(host_client("beta.localhost").get("/api/search/", {"q": "社会救助"}).content)
    assert other["best_bets"] == []


def test_synonyms_apply_on_the_search_engine_too(db, search_node_url):
    import uuid

    from search.backends.base import SearchQuery
    from search.quality import synonym_save
    from search.query import parse_query
    from search.selectors import query_with_synonyms
    from tests.search.conftest import document
    from tests.search.engine_fixtures import drop_indices, new_backend

    synonym_save(term="低保", official="最低生活保障")
    engine = new_backend("opensearch", search_node_url)
    try:
        engine.index(
            [document(101, 1, "关于提高城乡最低生活保障标准的通知", body=f"x{uuid.uuid4()}")]
        )
        engine.client.refresh(engine.alias)
        plain = engine.search(SearchQuery(query=parse_query("低保")))
        expanded = engine.search(SearchQuery(query=query_with_synonyms(parse_query("低保"))))
    finally:
        drop_indices(engine)
    assert plain.total == 0
    assert [hit.title for hit in expanded.hits] == ["关于提高城乡最低生活保障标准的通知"]
