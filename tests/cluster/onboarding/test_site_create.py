import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import schema_context, schema_exists

from cluster.onboarding import services
from cluster.onboarding.services import site_create
from cluster.tenants.models import Domain, Tenant
from tests.conftest import host_client, make_credit_code


def _new_site(**overrides):
    data = {
        "name": "丙区人民政府",
        "level": Tenant.Level.COUNTY,
        "credit_code": make_credit_code("11220200013599993"),
        "site_code": "9900000003",
        "domain": "gamma.localhost",
        "schema_name": "site_gamma",
    }
    data.update(overrides)
    return site_create(**data)


def test_onboarding_clones_the_template_and_seeds_the_standard_tree(alpha):
    from wagtail.models import Page, Site

    tenant = _new_site(parent=alpha, aliases=["www.gamma.localhost"])
    assert schema_exists("site_gamma")
    assert set(tenant.domains.values_list("domain", flat=True)) == {
        "gamma.localhost",
        "www.gamma.localhost",
    }
    with schema_context("site_gamma"):
        titles = list(
            Page.objects.filter(depth__gte=2, depth__lte=4)
            .exclude(content_type__model="disclosurecategorypage")
            .order_by("path")
            .values_list("title", flat=True)
        )
        categories = Page.objects.filter(depth=5).count()
        site = Site.objects.get()
    assert titles == [
        "丙区人民政府",
        "新闻动态",
        "通知公告",
        "政府信息公开",
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政策解读",
        "政府信息公开年报",
        "依申请公开",
        "上级文件",
        "专题专栏",
        "互动交流",
        "政民互动信箱",
        "意见征集",
        "在线访谈",
        "搜索",
    ]
    # One column per item of 条例 Art. 20 (15) and the county-level items of Art. 21 (7).
    assert categories == 22
    assert site.hostname == "gamma.localhost" and site.is_default_site
    for host in ("gamma.localhost", "www.gamma.localhost"):
        assert "丙区人民政府" in host_client(host).get("/").content.decode()


def test_a_new_site_home_page_lists_the_columns_it_was_seeded_with(alpha):
    from sites.portal.models import HomePage

    _new_site(parent=alpha)
    with schema_context("site_gamma"):
        home = HomePage.objects.get()
        listings = {
            block.value["heading"]: block.value["column"].url_path
            for block in home.body
            if "column" in block.value
        }
        kinds = [block.block_type for block in home.body]
        assert home.live and not home.has_unpublished_changes
    assert listings == {
        "要闻": "/home/news/",
        "通知公告": "/home/tzgg/",
        "政策文件": "/home/xxgk/fdzdgknr/",
        "政策解读": "/home/xxgk/zcjd/",
        "上级文件": "/home/sjwj/",
    }
    assert kinds[-3:] == ["interaction", "services", "cluster_nav"]
    body = host_client("gamma.localhost").get("/").content.decode()
    for heading in ("要闻", "通知公告", "政策文件", "政策解读", "上级文件", "政务服务", "站群导航"):
        assert f">{heading}</h2>" in body
    # The 站群导航 lists the cluster's sites by level, the new one among them.
    assert "甲市人民政府" in body and "丙区人民政府</a>" in body


def test_onboarded_site_has_the_role_groups(alpha):
    from django.contrib.auth.models import Group

    _new_site()
    with schema_context("site_gamma"):
        assert set(Group.objects.values_list("name", flat=True)) == {
            "站点管理员",
            "编辑",
            "审核",
            "信息公开工作人员",
        }


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"domain": "alpha.localhost"}, "domain"),
        ({"aliases": ["beta.localhost"]}, "domain"),
        ({"schema_name": "site_alpha"}, "schema_name"),
        ({"credit_code": make_credit_code("11220200013599991")}, "credit_code"),
        ({"site_code": "9900000001"}, "site_code"),
        ({"credit_code": "11220200013599993X"}, "credit_code"),
        ({"site_code": "123"}, "site_code"),
        ({"domain": "not a host"}, "domain"),
        ({"theme": "nonexistent"}, "theme"),
    ],
)
def test_onboarding_refuses_duplicates_and_bad_codes_with_a_clear_message(
    alpha, beta, overrides, field
):
    before = Tenant.objects.count(), Domain.objects.count()
    with pytest.raises(ValidationError) as error:
        _new_site(**overrides)
    assert field in error.value.message_dict
    assert error.value.message_dict[field][0]
    assert (Tenant.objects.count(), Domain.objects.count()) == before
    assert not schema_exists("site_gamma")


def test_duplicate_domain_message_is_in_chinese(alpha):
    with pytest.raises(ValidationError) as error:
        _new_site(domain="alpha.localhost")
    assert "已被其他网站使用" in error.value.message_dict["domain"][0]


def test_a_failure_midway_leaves_no_schema_no_tenant_and_no_domain(alpha, monkeypatch):
    from cluster.onboarding import seeding

    def fail_after_the_columns(site):
        assert "home" in site.pages and "disclosure" in site.pages
        raise RuntimeError("disk full while seeding")

    failing = seeding.Step(order=85, name="tests.fail", run=fail_after_the_columns)
    monkeypatch.setitem(seeding._steps, "site", [*seeding.steps("site"), failing])
    with pytest.raises(RuntimeError):
        _new_site()
    connection.set_schema_to_public()
    assert not Tenant.objects.filter(schema_name="site_gamma").exists()
    assert not Domain.objects.filter(domain="gamma.localhost").exists()
    assert not schema_exists("site_gamma")


def test_create_site_command_onboards_and_reports_errors(alpha, capsys):
    call_command(
        "create_site",
        "--name",
        "丁县人民政府",
        "--code",
        make_credit_code("11220200013599994"),
        "--site-code",
        "9900000004",
        "--level",
        "county",
        "--parent",
        "alpha.localhost",
        "--domain",
        "delta.localhost",
    )
    delta = Tenant.objects.get(domains__domain="delta.localhost")
    assert delta.parent == alpha and delta.schema_name == "site_delta"
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="credit_code"):
        call_command(
            "create_site",
            "--name",
            "戊县",
            "--code",
            "11220200013599994X",
            "--site-code",
            "9900000005",
            "--level",
            "county",
            "--domain",
            "epsilon.localhost",
        )


def test_template_schema_is_rebuilt_when_its_migrations_no_longer_match_the_code(
    django_db_setup, django_db_blocker
):
    # Migrations cannot run inside a test's transaction, and a transactional test would
    # flush the session's sites; this test leaves the template rebuilt and valid.
    from cluster.onboarding.template_schema import (
        TEMPLATE_SCHEMA,
        template_ensure_current,
        template_migration_drift,
    )

    with django_db_blocker.unblock():
        with schema_context(TEMPLATE_SCHEMA), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO django_migrations (app, name, applied) "
                "VALUES ('news', '9999_removed', now())"
            )
        _pending, gone = template_migration_drift()
        assert ("news", "9999_removed") in gone
        assert template_ensure_current() is True
        assert template_migration_drift() == ([], [])
        assert template_ensure_current() is False
        with schema_context(TEMPLATE_SCHEMA), connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM auth_group")
            assert cursor.fetchone()[0] == 4


def test_services_refuse_to_onboard_from_a_site_schema(alpha):
    with schema_context("site_alpha"), pytest.raises(RuntimeError):
        services.site_create(
            name="x", level="county", credit_code="", site_code="", domain="x.localhost"
        )


@pytest.mark.parametrize("reserved", ["public", "tenant_template", "information_schema", "pg_x"])
def test_reserved_schema_names_are_refused_as_reserved(alpha, reserved):
    with pytest.raises(ValidationError) as error:
        _new_site(schema_name=reserved)
    assert "保留" in error.value.message_dict["schema_name"][0]


def test_a_free_schema_name_is_derived_when_the_first_label_is_taken(alpha):
    assert services.schema_name_free("alpha.localhost") == "site_alpha_2"
    assert services.schema_name_free("alpha.example.localhost") == "site_alpha_example"
    assert services.schema_name_free("fresh.example.localhost") == "site_fresh"
    tenant = _new_site(domain="alpha.example.localhost", schema_name="")
    assert tenant.schema_name == "site_alpha_example"
    assert services.schema_name_free("alpha.example.localhost") == "site_alpha_2"


def test_the_seeded_home_page_has_its_blocks_without_revision_or_log_and_opens_in_the_editor(
    alpha, accounts
):
    """Seeding writes the tree published, without revisions or 创建 log entries (ADR 0013);
    the editor still opens the home page and the public sees its blocks."""
    from wagtail.models import PageLogEntry, Revision

    from cluster.accounts.services import role_grant
    from cluster.tenants.models import SiteRole
    from sites.portal.models import HomePage
    from tests.conftest import admin_login

    tenant = _new_site()
    role_grant(user=accounts["alpha_editor"], tenant=tenant, role=SiteRole.Role.EDITOR)
    with schema_context("site_gamma"):
        home = HomePage.objects.get()
        assert home.live and home.live_revision_id is None
        assert [block.block_type for block in home.body][-1] == "cluster_nav"
        assert not Revision.objects.exists()
        assert not PageLogEntry.objects.exists()
    client, _response = admin_login("gamma.localhost", "alpha_editor")
    assert client.get(f"/admin/pages/{home.pk}/edit/").status_code == 200
    assert "站群导航" in host_client("gamma.localhost").get("/").content.decode()
