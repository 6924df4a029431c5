from django_tenants.utils import schema_exists

from cluster.tenants.models import Tenant
from tests.conftest import PASSWORD, host_client, make_credit_code


def _console(username="platform"):
    client = host_client("console.localhost")
    response = client.post("/login/", {"username": username, "password": PASSWORD})
    return client, response


def test_console_lists_sites_with_level_parent_status_domains_and_page_count(alpha, beta):
    client, response = _console()
    assert response.status_code == 302
    body = client.get("/").content.decode()
    for text in (
        "甲市人民政府",
        "乙县人民政府",
        "alpha.localhost",
        "beta.localhost",
        "运行中",
        "县（区）级",
    ):
        assert text in body
    # The standard tree: 17 columns and pages (政民互动信箱, 意见征集, 在线访谈 and the
    # city's 站群权责清单 among them) + 23 disclosure categories.
    assert "<td>40</td>" in body


def test_signing_in_to_the_console_lands_on_the_console(alpha):
    client, response = _console()
    assert response.status_code == 302 and response.url == "/"
    assert client.get(response.url).status_code == 200
    # A ?next= inside the console is still honoured.
    client = host_client("console.localhost")
    response = client.post(
        "/login/?next=/sites/new/", {"username": "platform", "password": PASSWORD}
    )
    assert response.url == "/sites/new/"


def test_console_admits_platform_admins_only(alpha):
    _client, response = _console("alpha_editor")
    assert response.status_code == 200
    assert "仅限平台管理员" in response.content.decode()
    assert host_client("console.localhost").get("/").status_code == 302


def test_console_form_onboards_a_site(alpha, accounts):
    client, _response = _console()
    response = client.post(
        "/sites/new/",
        {
            "name": "庚镇人民政府",
            "level": "township",
            "parent": alpha.pk,
            "credit_code": make_credit_code("11220200013599997"),
            "site_code": "9900000007",
            "domain": "geng.localhost",
            "theme": "default",
            "admin": accounts["alpha_editor"].pk,
            "phone": "0432-12345678",
        },
    )
    assert response.status_code == 302
    tenant = Tenant.objects.get(domains__domain="geng.localhost")
    assert schema_exists(tenant.schema_name)
    assert tenant.roles.get().role == "site_admin"
    assert "0432-12345678" in host_client("geng.localhost").get("/").content.decode()


def test_rejected_onboarding_form_keeps_what_was_typed_and_says_why(alpha):
    client, _response = _console()
    response = client.post(
        "/sites/new/",
        {
            "name": "辛县人民政府",
            "level": "county",
            "credit_code": "11220200013599991X",
            "site_code": "9900000001",
            "domain": "alpha.localhost",
            "theme": "default",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="辛县人民政府"' in body
    assert "已被其他网站使用" in body


def test_console_suspends_and_reactivates_a_site(beta):
    client, _response = _console()
    client.post(f"/sites/{beta.pk}/status/", {"status": "suspended", "reason": "网站整合"})
    assert host_client("beta.localhost").get("/").status_code == 503
    client.post(f"/sites/{beta.pk}/status/", {"status": "active"})
    assert host_client("beta.localhost").get("/").status_code == 200


def test_console_adds_an_alias_domain_and_makes_it_primary(beta):
    client, _response = _console()
    client.post(f"/sites/{beta.pk}/domains/", {"domain": "www.beta.localhost"})
    assert host_client("www.beta.localhost").get("/").status_code == 200
    domain = beta.domains.get(domain="www.beta.localhost")
    client.post(f"/sites/{beta.pk}/domains/{domain.pk}/primary/")
    assert beta.domains.get(is_primary=True).domain == "www.beta.localhost"
    old = beta.domains.get(domain="beta.localhost")
    client.post(f"/sites/{beta.pk}/domains/{old.pk}/remove/")
    assert host_client("beta.localhost").get("/").status_code == 404


def _onboard_in_console(client, **fields):
    data = {
        "name": "甲市民政局",
        "level": "department",
        "credit_code": make_credit_code("11220200013599981"),
        "site_code": "9900000081",
        "domain": "alpha.example.localhost",
        "theme": "default",
    } | fields
    return client.post("/sites/new/", data)


def test_console_onboards_a_domain_whose_first_label_names_an_existing_schema(alpha):
    # alpha.localhost lives in site_alpha; alpha.example.localhost gets a schema of its own.
    client, _response = _console()
    response = _onboard_in_console(client)
    assert response.status_code == 302, response.content.decode()
    tenant = Tenant.objects.get(domains__domain="alpha.example.localhost")
    assert tenant.schema_name == "site_alpha_example" and schema_exists("site_alpha_example")
    assert "甲市民政局" in host_client("alpha.example.localhost").get("/").content.decode()
    assert "甲市人民政府" in host_client("alpha.localhost").get("/").content.decode()


def test_console_reports_a_taken_domain_as_a_taken_domain(alpha):
    client, _response = _console()
    body = _onboard_in_console(client, domain="alpha.localhost").content.decode()
    assert "域名 alpha.localhost 已被其他网站使用" in body
    assert "数据库模式" not in body
