"""Cluster search from the public's side: publish, find it from any site, lose it when withdrawn."""

import json

import pytest
from django_tenants.utils import schema_context

from cluster.onboarding.services import site_set_status
from tests.conftest import host_client
from tests.sites.disclosure.conftest import category, make_document


@pytest.fixture
def published(alpha, beta, django_capture_on_commit_callbacks):
    """Documents on both sites, indexed through the publish pipeline."""
    with django_capture_on_commit_callbacks(execute=True):
        with schema_context("site_alpha"):
            jilin = make_document(
                title="关于同意设立吉林经济技术开发区的批复",
                document_number="吉市政函〔2009〕53号",
                summary="同意设立开发区，推进政务公开。",
            )
            secret = make_document(
                title="内部绝密事项的处理意见",
                document_number="吉市政函〔2009〕54号",
                disclosure_method="not_disclosed",
                non_disclosure_reason="内部事务",
                summary="绝密正文内容",
            )
            on_request = make_document(
                title="依申请公开的审批材料",
                document_number="吉市政函〔2009〕55号",
                disclosure_method="on_request",
                non_disclosure_reason="个人信息",
                summary="申请材料的具体正文",
            )
            draft = make_document(title="尚未发布的政务公开草稿", publish=False)
        with schema_context("site_beta"):
            beta_doc = make_document(
                category(),
                title="乙县关于做好政务公开工作的通知",
                document_number="乙政发〔2026〕3号",
                summary="全面推进政务公开。",
            )
    return {
        "jilin": jilin,
        "secret": secret,
        "on_request": on_request,
        "draft": draft,
        "beta": beta_doc,
    }


def _api(host, **params):
    response = host_client(host).get("/api/search/", params)
    assert response.status_code in (200, 400), response.content
    return response.status_code, json.loads(response.content)


def test_a_document_number_finds_the_document_from_another_site_with_its_badge(published):
    status, body = _api("beta.localhost", q="吉市政函[2009]53号", scope="all")
    assert status == 200
    first = body["results"][0]
    assert first["title"] == "关于同意设立吉林经济技术开发区的批复"
    assert (
        first["site"]["name"] == "甲市人民政府"
        and first["document_number"] == "吉市政函〔2009〕53号"
    )
    assert first["url"].startswith("http://alpha.localhost")
    # Only this site: beta has no such document.
    status, body = _api("beta.localhost", q="吉市政函[2009]53号", scope="site")
    assert body["total"] == 0


def test_free_text_across_all_sites_has_facets(published):
    _status, body = _api("alpha.localhost", q="政务公开", scope="all")
    titles = {hit["title"] for hit in body["results"]}
    assert "乙县关于做好政务公开工作的通知" in titles
    assert "关于同意设立吉林经济技术开发区的批复" in titles
    sites = {item["label"] for item in body["facets"]["site"]}
    assert {"甲市人民政府", "乙县人民政府"} <= sites


def test_nothing_private_reaches_results_snippets_or_facets(published):
    for q in ("绝密", "内部绝密事项", "吉市政函〔2009〕54号", "草稿", "申请材料的具体正文"):
        _status, body = _api("alpha.localhost", q=q, scope="all")
        text = json.dumps([body["results"], body["facets"]], ensure_ascii=False)
        assert "内部绝密事项" not in text and "绝密正文内容" not in text, q
        assert "尚未发布的政务公开草稿" not in text, q
        assert "申请材料的具体正文" not in text, q
    # A 依申请公开 document is findable by its title, without its text.
    _status, body = _api("alpha.localhost", q="依申请公开的审批材料", scope="site")
    assert body["results"] and body["results"][0]["title"] == "依申请公开的审批材料"
    assert "申请材料的具体正文" not in json.dumps(body, ensure_ascii=False)


def test_unpublishing_and_deleting_remove_the_document(
    published, django_capture_on_commit_callbacks
):
    with schema_context("site_beta"), django_capture_on_commit_callbacks(execute=True):
        published["beta"].unpublish()
    assert _api("alpha.localhost", q="乙县关于做好政务公开工作", scope="all")[1]["total"] == 0
    with schema_context("site_alpha"), django_capture_on_commit_callbacks(execute=True):
        published["jilin"].delete()
    assert _api("alpha.localhost", q="吉林经济技术开发区", scope="all")[1]["total"] == 0


def test_a_suspended_sites_documents_leave_the_results_at_once(
    published, beta, django_capture_on_commit_callbacks
):
    from django.db import connection

    connection.set_schema_to_public()  # the platform console's side
    with django_capture_on_commit_callbacks(execute=True):
        site_set_status(tenant=beta, status="suspended")
    assert _api("alpha.localhost", q="乙县关于做好政务公开工作", scope="all")[1]["total"] == 0
    connection.set_schema_to_public()
    with django_capture_on_commit_callbacks(execute=True):
        site_set_status(tenant=beta, status="active")
    assert _api("alpha.localhost", q="乙县关于做好政务公开工作", scope="all")[1]["total"] == 1


def test_the_search_page_shows_badges_facets_and_help_on_zero_results(published):
    client = host_client("alpha.localhost")
    body = client.get("/search/", {"q": "政务公开", "scope": "all"}).content.decode()
    assert "乙县人民政府" in body and "<em>" in body and "共找到" in body
    empty = client.get("/search/", {"q": "完全不存在的词语组合", "scope": "all"}).content.decode()
    assert "没有找到与" in empty and "吉市政函" in empty


def test_estimated_counts_are_flagged_in_the_api_and_shown_as_such_on_the_page(
    published, monkeypatch
):
    from search.backends.registry import postgres_backend

    monkeypatch.setattr(postgres_backend(), "count_limit", 1)
    _status, body = _api("alpha.localhost", q="政务公开", scope="all")
    assert body["total"] == 1
    assert body["total_estimated"] is True
    assert body["facets_estimated"] is True

    page = host_client("alpha.localhost").get("/search/", {"q": "政务公开", "scope": "all"})
    text = page.content.decode()
    assert "找到 1 条以上结果" in text
    assert "（约1）" in text
    assert "各项数量按部分结果估算" in text


def test_exact_counts_are_not_flagged(published):
    _status, body = _api("alpha.localhost", q="政务公开", scope="all")
    assert body["total_estimated"] is False
    assert body["facets_estimated"] is False


@pytest.mark.parametrize(
    "params",
    [
        {"q": "政" * 10_000},
        {"q": '"政务公开'},
        {"q": "AND OR NOT"},
        {"q": '{"query": {"match_all": {}}}'},
        {"q": "'; DROP TABLE search_entry; --"},
        {"q": "政务😀公开\x00\x07"},
        {"q": "政务公开", "page": "-1"},
        {"q": "政务公开", "page": str(10**9)},
        {"q": "政务公开", "page": "abc"},
        {"q": "政务公开", "type": "nonsense", "level": "galaxy", "topic": "<script>"},
        {"q": "政务公开", "year": "99999", "site": "x"},
    ],
)
def test_bad_input_gets_a_message_or_empty_results_never_an_error(published, params):
    client = host_client("alpha.localhost")
    page = client.get("/search/", params)
    assert page.status_code == 200
    api = client.get("/api/search/", params)
    assert api.status_code in (200, 400)
    if api.status_code == 400:
        assert any("页" in error for error in json.loads(api.content)["errors"])
