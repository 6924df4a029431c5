from cluster.onboarding.services import site_set_status
from cluster.tenants.models import Tenant
from tests.conftest import admin_login, host_client, without_cluster_nav


def test_each_site_host_serves_its_own_home_page(alpha, beta):
    for tenant in (alpha, beta):
        response = host_client(tenant.primary_domain).get("/")
        assert response.status_code == 200
        assert tenant.name in response.content.decode()


def test_hosts_are_matched_case_insensitively_and_with_a_trailing_dot(alpha, beta):
    for host in ("ALPHA.localhost", "Alpha.LocalHost.", "alpha.localhost.", "alpha.localhost:8000"):
        response = host_client(host).get("/")
        body = response.content.decode()
        assert response.status_code == 200, host
        # 乙县 appears on 甲市's home only as a link of its 站群导航.
        own = without_cluster_nav(body)
        assert alpha.name in own and beta.name not in own, host


def test_unknown_host_gets_a_plain_404_without_any_site_content(alpha, beta):
    response = host_client("nobody.localhost").get("/")
    body = response.content.decode()
    assert response.status_code == 404
    for tenant in Tenant.objects.all():
        assert tenant.name not in body


def test_site_pages_carry_the_identity_meta_tags(alpha):
    body = host_client("alpha.localhost").get("/").content.decode()
    assert '<meta name="SiteIDCode" content="9900000001">' in body
    assert "网站标识码：9900000001" in body


def test_each_site_renders_with_its_own_theme(alpha, beta):
    alpha_body = host_client("alpha.localhost").get("/").content.decode()
    beta_body = host_client("beta.localhost").get("/").content.decode()
    assert "themes/default/css/theme.css" in alpha_body
    assert "themes/azure/css/theme.css" in beta_body
    assert "site-header--azure" in beta_body and "site-header--azure" not in alpha_body


def test_suspended_site_shows_the_closure_notice_linking_the_parent(beta):
    site_set_status(tenant=beta, status=Tenant.Status.SUSPENDED, reason="整合至上级门户")
    response = host_client("beta.localhost").get("/news/")
    body = response.content.decode()
    assert response.status_code == 503
    assert "关停公告" in body and "整合至上级门户" in body
    assert "http://alpha.localhost" in body


def test_suspended_site_locks_out_its_editors_but_not_platform_admins(beta):
    site_set_status(tenant=beta, status=Tenant.Status.SUSPENDED)
    _client, response = admin_login("beta.localhost", "beta_reviewer")
    assert response.status_code != 302
    client, response = admin_login("beta.localhost", "platform")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_reactivated_site_serves_again(beta):
    site_set_status(tenant=beta, status=Tenant.Status.SUSPENDED)
    site_set_status(tenant=beta, status=Tenant.Status.ACTIVE)
    assert host_client("beta.localhost").get("/").status_code == 200


def test_archived_site_is_readable_but_its_admin_saves_nothing(beta):
    from django_tenants.utils import schema_context

    from sites.core.models import SiteIdentity

    site_set_status(tenant=beta, status=Tenant.Status.ARCHIVED)
    assert host_client("beta.localhost").get("/").status_code == 200
    client, response = admin_login("beta.localhost", "platform")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    response = client.post(
        "/admin/settings/core/siteidentity/", {"sponsor": "改过的主办单位"}, follow=True
    )
    assert "本网站已归档" in response.content.decode()
    with schema_context("site_beta"):
        assert SiteIdentity.objects.get().sponsor != "改过的主办单位"
