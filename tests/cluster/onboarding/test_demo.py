import json

from django.core.management import call_command
from django_tenants.utils import schema_context

from cluster.onboarding.demo import DEMO_SITES, demo_build
from cluster.tenants.models import Tenant
from cluster.tenants.selectors import page_counts
from tests.conftest import admin_login, host_client


def _snapshot():
    tenants = list(Tenant.objects.filter(schema_name__in=[s.schema for s in DEMO_SITES]))
    counts = page_counts(tenants)
    return sorted(
        (
            t.schema_name,
            t.name,
            t.level,
            t.parent_id,
            t.theme,
            counts[t.pk],
            tuple(sorted(t.domains.values_list("domain", flat=True))),
        )
        for t in tenants
    )


def test_building_the_demo_twice_gives_the_same_cluster(db, capsys):
    demo_build()
    first = _snapshot()
    demo_build()
    assert _snapshot() == first
    assert len(first) == 5

    # Every demo host serves its own site, in its theme, with the imported documents.
    for spec in DEMO_SITES:
        body = host_client(spec.domain).get("/").content.decode()
        assert spec.name in body
        assert f"themes/{spec.theme}/css/theme.css" in body
    portal = host_client("portal.localhost").get("/xxgk/fdzdgknr/art20-01/").content.decode()
    assert "2008年度政务公开工作开展情况" in portal and "吉市政函〔2009〕53号" in portal
    assert (
        "2008年度政务公开工作开展情况" in host_client("portal.localhost").get("/").content.decode()
    )
    with schema_context("site_portal"):
        from sites.disclosure.models import InformationRequest, PolicyDocumentPage

        document = PolicyDocumentPage.objects.get(document_number="吉市政函〔2009〕53号")
        assert document.index_number.endswith("/2009-00001")
        assert document.published_date.isoformat() == "2009-02-23"
        assert InformationRequest.objects.count() == 2

    # The corpus page furniture is gone from the imported text.
    from sites.news.models import ArticlePage

    with schema_context("site_portal"):
        for page in [*ArticlePage.objects.all(), *PolicyDocumentPage.objects.all()]:
            text = str(page.body)
            for furniture in ("分享到", "扫一扫在手机打开当前页", "找律师咨询", "【字体"):
                assert furniture not in text
        jilin = PolicyDocumentPage.objects.get(title__contains="2008年度政务公开")
        assert jilin.number_agency == "吉市政函" and jilin.number_year == 2009

    call_command("list_sites", "--json")
    listed = json.loads(capsys.readouterr().out)
    by_name = {site["name"]: site for site in listed}
    assert by_name["永吉县人民政府"]["parent"] == "吉林市人民政府"
    assert by_name["吉林市市场监督管理局"]["level"] == "department"
    assert by_name["吉林市人民政府"]["domains"] == ["portal.localhost"]


def test_demo_accounts_reach_their_own_site_and_not_others(db):
    demo_build()
    _client, response = admin_login("scjg.localhost", "scjg_editor", "Demo-editor-2026")
    assert response.status_code == 302
    _client, response = admin_login("portal.localhost", "scjg_editor", "Demo-editor-2026")
    assert response.status_code == 200
    _client, response = admin_login("changyi.localhost", "changyi_reviewer", "Demo-reviewer-2026")
    assert response.status_code == 302
