"""A platform admin onboards a site from the console in Chromium and opens its home page."""

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from cluster.tenants.models import Tenant
from tests.conftest import PASSWORD, committed, make_credit_code


def _delta_remove():
    from search.models import IndexedDocument

    with schema_context("public"):
        # What its publishes put in the cluster's search index goes with it.
        IndexedDocument.objects.filter(schema="site_delta").delete()
        for tenant in Tenant.objects.filter(schema_name="site_delta"):
            tenant.domains.all().delete()
            tenant.delete(force_drop=True)


@pytest.fixture
def delta_cleanup(db):
    """The server thread commits the site the journey onboards; it goes, schema and
    all, afterwards."""
    yield
    committed(_delta_remove)
    connection.set_schema_to_public()


@pytest.mark.django_db
def test_a_platform_admin_onboards_a_site_from_the_console_and_opens_its_home_page(
    site_server, browser, delta_cleanup
):
    port = site_server.port
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(f"http://console.localhost:{port}/login/")
    page.locator("input[name=username]").fill("platform")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"http://console.localhost:{port}/")

    page.goto(f"http://console.localhost:{port}/sites/new/")
    page.get_by_label("网站名称（全称）").fill("丁区人民政府")
    page.get_by_label("简称").fill("丁区政府")
    page.locator("select[name=level]").select_option("county")
    page.locator("select[name=parent]").select_option(label="甲市人民政府")
    page.get_by_label("统一社会信用代码").fill(make_credit_code("11220200013599994"))
    page.get_by_label("网站标识码").fill("9900000004")
    page.get_by_label("主域名").fill("delta.localhost")
    with page.expect_navigation():
        page.locator("form button[type=submit]").last.click()
    assert "丁区人民政府" in page.content()

    page.goto(f"http://delta.localhost:{port}/")
    home = page.content()
    context.close()
    assert "<h1" in home and "丁区人民政府" in home
    for heading in ("要闻", "通知公告", "政策文件", "站群导航"):
        assert f">{heading}</h2>" in home
    # The new site is in the cluster navigation, under its level, linking to its parent.
    assert "甲市人民政府</a>" in home
