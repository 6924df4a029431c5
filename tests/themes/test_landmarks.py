"""Every theme's pages carry the headings and landmarks assistive technology relies on.

The fixes live in themes/default (the fallback every theme extends); each test runs on a
site of the default theme (alpha) and one of the azure theme (beta).
"""

import pytest
from bs4 import BeautifulSoup

from cluster.tenants.models import Tenant
from tests.conftest import host_client

SITES = ["site_alpha", "site_beta"]


def _page(host, path):
    response = host_client(host).get(path)
    return response, BeautifulSoup(response.content.decode(), "html.parser")


@pytest.fixture(params=SITES)
def site(request, db):
    return Tenant.objects.get(schema_name=request.param)


def test_each_home_page_has_exactly_one_h1_naming_the_site(site):
    response, html = _page(site.primary_domain, "/")
    assert response.status_code == 200
    headings = html.find_all("h1")
    assert [h.get_text(strip=True) for h in headings] == [site.name]


def test_search_landmarks_on_the_search_page_have_unique_names(site):
    response, html = _page(site.primary_domain, "/search/?q=通知")
    assert response.status_code == 200
    landmarks = html.find_all(attrs={"role": "search"}) + html.find_all("search")
    names = [landmark.get("aria-label") for landmark in landmarks]
    assert len(landmarks) >= 1
    assert all(names) and len(set(names)) == len(names), names


def test_a_missing_page_is_a_404_in_the_sites_own_theme(site):
    response, html = _page(site.primary_domain, "/no-such-column/")
    assert response.status_code == 404
    assert html.html.get("lang") == "zh-Hans"
    assert html.find("meta", attrs={"name": "viewport"}) is not None
    assert f"themes/{site.theme}/css/theme.css" in str(html.head)
    assert site.name in html.find("header").get_text()
    assert f"网站标识码：{site.site_code}" in html.find("footer").get_text()
    [main] = html.find_all("main")
    assert [h.get_text(strip=True) for h in html.find_all("h1")] == ["页面不存在"]
    assert main.find("h1") is not None


@pytest.mark.parametrize("host", ["console.localhost", "nobody.localhost"])
def test_a_404_from_the_public_schema_names_no_site(alpha, beta, host):
    response, html = _page(host, "/no-such-page/")
    assert response.status_code == 404
    assert html.find("meta", attrs={"name": "viewport"}) is not None
    body = response.content.decode()
    for tenant in Tenant.objects.all():
        assert tenant.name not in body
