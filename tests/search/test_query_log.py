"""Searches are logged per site without any trace of who searched; the console reports them."""

from search.models import QueryLogEntry
from tests.conftest import PASSWORD, host_client


def test_searches_are_logged_per_site_without_addresses_and_reported(alpha, beta):
    host_client("alpha.localhost").get("/search/", {"q": "政务公开", "scope": "all"})
    host_client("alpha.localhost").get("/api/search/", {"q": "完全没有的词语组合"})
    host_client("beta.localhost").get("/api/search/", {"q": "政务公开", "page": "2"})
    entries = list(
        QueryLogEntry.objects.filter(query__in=["政务公开", "完全没有的词语组合"]).values(
            "tenant_id", "query", "results"
        )
    )
    assert {(e["tenant_id"], e["query"]) for e in entries} == {
        (alpha.pk, "政务公开"),
        (alpha.pk, "完全没有的词语组合"),
    }  # page 2 is not a new search
    field_names = {field.name for field in QueryLogEntry._meta.get_fields()}
    assert not field_names & {"ip", "address", "session", "user", "user_agent"}
    console = host_client("console.localhost")
    console.post("/login/", {"username": "platform", "password": PASSWORD})
    report = console.get("/search/").content.decode()
    assert "政务公开" in report and "完全没有的词语组合" in report and "无结果检索词" in report
    only_beta = console.get("/search/", {"site": beta.pk}).content.decode()
    assert "完全没有的词语组合" not in only_beta
