"""sitemap.xml and robots.txt of every site, through the one public-visibility rule."""

import xml.etree.ElementTree as ET

from django_tenants.utils import schema_context
from wagtail.models import PageViewRestriction

from cluster.onboarding.services import site_set_status
from cluster.tenants.models import Domain
from tests.conftest import host_client
from tests.sites.core.conftest import SOURCE_URL, disclosed_column, make_copy
from tests.sites.disclosure.conftest import make_document

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _sitemap(host="alpha.localhost") -> list[str]:
    response = host_client(host).get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own sitemap)
    return [loc.text for loc in root.findall("s:url/s:loc", NS)]


_column = disclosed_column


def test_the_sitemap_lists_the_sites_public_pages_at_their_canonical_addresses(alpha):
    with schema_context("site_alpha"):
        document = make_document(_column(), title="主动公开的通知")
        url = document.full_url
    urls = _sitemap()
    assert urls[0] == "http://alpha.localhost/"
    assert "http://alpha.localhost/news/" in urls
    assert url in urls
    page = host_client("alpha.localhost").get(document.url).content.decode()
    assert f'<link rel="canonical" href="{url}">' in page
    assert all(u.startswith("http://alpha.localhost/") for u in urls)


def test_the_sitemap_leaves_out_drafts_restricted_and_undisclosed_documents(alpha):
    with schema_context("site_alpha"):
        column = _column()
        draft = make_document(column, title="草稿", publish=False)
        secret = make_document(
            column, disclosure_method="not_disclosed", non_disclosure_reason="内部事务"
        )
        on_request = make_document(
            column, disclosure_method="on_request", non_disclosure_reason="涉及个人信息"
        )
        restricted = make_document(column, title="受密码保护的文件")
        PageViewRestriction.objects.create(
            page=restricted, restriction_type="password", password="x"
        )
        shown = make_document(column, title="主动公开的通知")
        hidden = {page.full_url for page in (draft, secret, on_request, restricted)}
        shown_url = shown.full_url
    urls = _sitemap()
    assert shown_url in urls
    assert not hidden & set(urls)


def test_a_syndicated_copy_is_left_to_its_sources_sitemap(alpha):
    with schema_context("site_alpha"):
        copy = make_copy()
        copy_url = copy.full_url
    assert copy_url not in _sitemap()
    page = host_client("alpha.localhost").get(copy_url.removeprefix("http://alpha.localhost"))
    assert f'<link rel="canonical" href="{SOURCE_URL}">' in (page.content.decode())


def test_a_sites_sitemap_names_only_its_own_pages(alpha, beta):
    with schema_context("site_beta"):
        make_document(_column(), title="乙县的通知")
    assert all(u.startswith("http://alpha.localhost/") for u in _sitemap("alpha.localhost"))
    assert all(u.startswith("http://beta.localhost/") for u in _sitemap("beta.localhost"))


def test_robots_txt_points_at_the_sitemap_on_the_sites_primary_domain(alpha):
    Domain.objects.create(domain="alpha-mirror.localhost", tenant=alpha, is_primary=False)
    for host in ("alpha.localhost", "alpha-mirror.localhost", "ALPHA.localhost."):
        response = host_client(host).get("/robots.txt")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        lines = response.content.decode().splitlines()
        assert "Sitemap: http://alpha.localhost/sitemap.xml" in lines
        assert "Disallow: /admin/" in lines
        assert "Disallow: /" not in lines
    # Served on the mirror host, the sitemap still names the primary domain.
    assert all(u.startswith("http://alpha.localhost/") for u in _sitemap("alpha-mirror.localhost"))


def test_a_suspended_site_answers_robots_and_sitemap_with_the_closure_notice(alpha):
    site_set_status(tenant=alpha, status="suspended", reason="机构调整")
    for path in ("/robots.txt", "/sitemap.xml"):
        response = host_client("alpha.localhost").get(path)
        assert response.status_code == 503
        assert "关停公告" in response.content.decode()


def test_an_archived_site_stays_crawlable_unless_taken_out_of_search(alpha):
    site_set_status(tenant=alpha, status="archived")
    lines = host_client("alpha.localhost").get("/robots.txt").content.decode().splitlines()
    assert "Sitemap: http://alpha.localhost/sitemap.xml" in lines
    alpha.searchable_when_archived = False
    alpha.save(update_fields=["searchable_when_archived"])
    lines = host_client("alpha.localhost").get("/robots.txt").content.decode().splitlines()
    assert lines == ["User-agent: *", "Disallow: /"]
