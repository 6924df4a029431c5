"""The portal's list of the whole cluster's powers, by department, from the read model the
publish pipeline keeps; and the page cache purged when items change."""

import pytest
from django.core.cache import caches
from django_tenants.utils import schema_context

from cluster.onboarding.services import site_create, site_set_status
from cluster.registers.models import PowerRecord
from cluster.tenants.models import Tenant
from sites.powers.models import ClusterPowerListPage, PowerListPage
from sites.powers.services import power_cancel, power_create, power_update
from tests.conftest import host_client, make_credit_code

from .conftest import list_page_add, power_data


@pytest.fixture
def department(alpha, django_capture_on_commit_callbacks):
    """A department site of alpha's, with three items (one cancelled), pipeline run."""
    tenant = site_create(
        name="甲市市场监督管理局",
        level=Tenant.Level.DEPARTMENT,
        parent=alpha,
        credit_code=make_credit_code("11220200013599993"),
        site_code="9900000003",
        domain="dept.localhost",
        schema_name="site_dept",
    )
    with schema_context("site_dept"), django_capture_on_commit_callbacks(execute=True):
        power_create(data=power_data("XK-001", name="食品经营许可"))
        power_create(data=power_data("CF-001", name="对无证经营的处罚", category="cf"))
        cancelled = power_create(data=power_data("XK-002", name="已取消的许可"))
        power_cancel(item=cancelled, reason="已取消。")
    return tenant


def portal_list_url() -> str:
    with schema_context("site_alpha"):
        return ClusterPowerListPage.objects.get().url


def test_new_department_sites_get_a_list_and_the_city_portal_the_clusters(alpha, beta):
    with schema_context("site_alpha"):
        assert ClusterPowerListPage.objects.live().get().url == "/xxgk/qzqd/"
        assert not PowerListPage.objects.exists()
    with schema_context("site_beta"):
        # A county's 权责清单 are its departments'.
        assert not PowerListPage.objects.exists()
        assert not ClusterPowerListPage.objects.exists()


def test_the_portal_lists_department_items_by_site_and_links_to_them(department):
    with schema_context("site_dept"):
        list_page = PowerListPage.objects.live().get()
        assert list_page.url == "/xxgk/qzqd/"
    records = PowerRecord.objects.filter(tenant=department)
    assert sorted(records.values_list("code", flat=True)) == ["CF-001", "XK-001"]
    html = host_client("alpha.localhost").get(portal_list_url()).content.decode()
    assert "甲市市场监督管理局" in html
    assert "食品经营许可" in html and "对无证经营的处罚" in html
    assert "已取消的许可" not in html
    licence = records.get(code="XK-001")
    assert f'href="http://dept.localhost{licence.path}"' in html
    # The link leads to the item on the department's own site.
    detail = host_client("dept.localhost").get(licence.path)
    assert detail.status_code == 200 and "食品经营许可" in detail.content.decode()
    penalties = host_client("alpha.localhost").get(portal_list_url() + "?category=cf")
    assert "对无证经营的处罚" in penalties.content.decode()
    assert "食品经营许可" not in penalties.content.decode()


def test_a_suspended_sites_items_leave_the_portals_list(department):
    from django.db import connection

    connection.set_schema_to_public()
    site_set_status(tenant=department, status=Tenant.Status.SUSPENDED, reason="整改")
    html = host_client("alpha.localhost").get(portal_list_url()).content.decode()
    assert "食品经营许可" not in html and "甲市市场监督管理局（" not in html
    connection.set_schema_to_public()  # the request left it on the portal's
    site_set_status(tenant=department, status=Tenant.Status.ACTIVE)
    assert "食品经营许可" in host_client("alpha.localhost").get(portal_list_url()).content.decode()


def test_a_site_without_a_public_list_page_has_nothing_in_the_clusters_list(
    department, django_capture_on_commit_callbacks
):
    with schema_context("site_dept"), django_capture_on_commit_callbacks(execute=True):
        PowerListPage.objects.get().unpublish()
    assert not PowerRecord.objects.filter(tenant=department).exists()
    with schema_context("site_dept"), django_capture_on_commit_callbacks(execute=True):
        PowerListPage.objects.get().save_revision().publish()
    assert PowerRecord.objects.filter(tenant=department).count() == 2


def test_an_item_edit_purges_the_sites_list_and_the_portals_list(
    beta, department, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600
    caches["pages"].clear()
    with schema_context("site_beta"):
        beta_list = list_page_add().url
    watched = [("dept.localhost", "/xxgk/qzqd/"), ("alpha.localhost", portal_list_url())]
    watched.append(("beta.localhost", beta_list))
    for host, path in watched:
        host_client(host).get(path)
    assert all(
        host_client(host).get(path).headers["X-Page-Cache"] == "hit" for host, path in watched
    )
    with schema_context("site_dept"), django_capture_on_commit_callbacks(execute=True):
        from sites.powers.models import PowerItem

        power_update(item=PowerItem.objects.get(code="XK-001"), data={"name": "食品经营许可（新）"})
    for host, path in watched[:2]:
        response = host_client(host).get(path)
        assert response.headers["X-Page-Cache"] == "miss"
        assert "食品经营许可（新）" in response.content.decode()
    # Another site's list is not purged by it.
    assert host_client("beta.localhost").get(beta_list).headers["X-Page-Cache"] == "hit"
    caches["pages"].clear()
