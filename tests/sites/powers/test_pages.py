"""The public 权责清单 page: current items, filterable by category, each with its page."""

from django_tenants.utils import schema_context

from sites.disclosure.models import DisclosureIndexPage
from sites.portal.models import HomePage
from sites.powers.models import ClusterPowerListPage, PowerListPage
from sites.powers.services import power_cancel, power_create
from tests.conftest import host_client

from .conftest import list_page_add, power_data


def test_the_list_pages_are_creatable_under_the_disclosure_section_only():
    assert PowerListPage in DisclosureIndexPage.allowed_subpage_models()
    assert ClusterPowerListPage in DisclosureIndexPage.allowed_subpage_models()
    assert PowerListPage not in HomePage.allowed_subpage_models()
    assert PowerListPage.allowed_subpage_models() == []


def _beta_list():
    with schema_context("site_beta"):
        page = list_page_add()
        items = {
            "licence": power_create(data=power_data("XK-001", name="食品经营许可")),
            "penalty": power_create(
                data=power_data("CF-001", name="对无证经营的处罚", category="cf")
            ),
            "inspection": power_create(
                data=power_data("JC-001", name="食品经营日常监督检查", category="jc")
            ),
            "cancelled": power_create(
                data=power_data("XK-099", name="已经取消的许可事项", category="xk")
            ),
        }
        power_cancel(item=items["cancelled"], reason="已取消。")
        page.url_at_creation = page.url
    return page, items


def test_the_list_filters_by_category_with_counts_and_leaves_out_cancelled_items(beta):
    page, _items = _beta_list()
    client = host_client("beta.localhost")
    everything = client.get(page.url_at_creation)
    assert everything.status_code == 200
    html = everything.content.decode()
    for name in ("食品经营许可", "对无证经营的处罚", "食品经营日常监督检查"):
        assert name in html
    assert "已经取消的许可事项" not in html
    assert '全部<span class="count">（3）</span>' in html
    assert '行政许可<span class="count">（1）</span>' in html
    assert '行政裁决<span class="count">（0）</span>' in html
    licensing = client.get(page.url_at_creation + "?category=xk").content.decode()
    assert "食品经营许可" in licensing
    assert "对无证经营的处罚" not in licensing and "食品经营日常监督检查" not in licensing
    assert 'href="?category=xk" aria-current="page"' in licensing
    # An unknown category shows the whole list rather than an empty one.
    assert (
        "对无证经营的处罚"
        in client.get(page.url_at_creation + "?category=nonsense").content.decode()
    )
    found = client.get(page.url_at_creation + "?q=处罚").content.decode()
    assert "对无证经营的处罚" in found and "食品经营许可</a>" not in found


def test_an_item_has_its_page_and_a_cancelled_one_has_none(beta):
    page, items = _beta_list()
    client = host_client("beta.localhost")
    detail = client.get(f"{page.url_at_creation}{items['licence'].pk}/")
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "《中华人民共和国食品安全法》第三十五条" in html and "申请→受理→审查→决定" in html
    assert client.get(f"{page.url_at_creation}{items['cancelled'].pk}/").status_code == 404
    assert client.get(f"{page.url_at_creation}999999/").status_code == 404


def test_a_sites_list_shows_no_other_sites_items(alpha, beta):
    page, _items = _beta_list()
    with schema_context("site_alpha"):
        alpha_item = power_create(data=power_data("XK-500", name="甲市独有的许可事项"))
    client = host_client("beta.localhost")
    assert "甲市独有的许可事项" not in client.get(page.url_at_creation).content.decode()
    # Ids are per schema: alpha's item id on beta's page is beta's item or nothing.
    response = client.get(f"{page.url_at_creation}{alpha_item.pk}/")
    assert "甲市独有的许可事项" not in response.content.decode()


def test_an_unpublished_list_page_shows_nothing(beta):
    page, items = _beta_list()
    with schema_context("site_beta"):
        page.unpublish()
    client = host_client("beta.localhost")
    assert client.get(page.url_at_creation).status_code == 404
    assert client.get(f"/xxgk/qzqd-list/{items['licence'].pk}/").status_code == 404
