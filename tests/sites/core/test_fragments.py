"""Fragments of uncached pages (navigation, footer, home page lists) are kept per site
version: the publish pipeline's purge or a memo bump shows a change on the next render,
and no site ever gets another's fragment."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context
from wagtail.models import Page

from sites.core.models import ColumnPage, SiteIdentity
from tests.conftest import host_client, without_cluster_nav
from tests.sites.disclosure.conftest import make_document, make_interpretation

ALPHA = "alpha.localhost"
BETA = "beta.localhost"


@pytest.fixture(autouse=True)
def fragments(settings):
    settings.FRAGMENT_CACHE_SECONDS = 600
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def body(host: str, path: str = "/") -> str:
    response = host_client(host).get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_a_warm_home_page_reads_no_listing_or_menu_rows(alpha):
    body(ALPHA)
    with CaptureQueriesContext(connection) as queries:
        body(ALPHA)
    assert len(queries) <= 3, [query["sql"] for query in queries.captured_queries]


def test_a_published_document_shows_on_the_home_page_once_the_pipeline_purges(
    alpha, django_capture_on_commit_callbacks
):
    assert "片段缓存中的新文件" not in body(ALPHA)
    with schema_context("site_alpha"), django_capture_on_commit_callbacks(execute=True):
        make_document(title="片段缓存中的新文件")
    assert "片段缓存中的新文件" in body(ALPHA)


def test_a_warm_policy_document_reads_only_the_pages_on_its_path(alpha):
    with schema_context("site_alpha"):
        url = make_document(title="片段缓存中的文件").url
    assert "片段缓存中的文件" in body(ALPHA, url)
    with CaptureQueriesContext(connection) as queries:
        assert "片段缓存中的文件" in body(ALPHA, url)
    # The pages along the path, then the document itself: its metadata, text, issuers and
    # related lists come with its fragments.
    assert len(queries) == 2, [query["sql"] for query in queries.captured_queries]


def test_an_interpretation_shows_on_its_documents_page_once_the_pipeline_purges(
    alpha, django_capture_on_commit_callbacks
):
    with schema_context("site_alpha"):
        document = make_document(title="有解读的文件")
        url = document.url
    assert "相关解读" not in body(ALPHA, url)
    with schema_context("site_alpha"), django_capture_on_commit_callbacks(execute=True):
        make_interpretation(document)
    page = body(ALPHA, url)
    assert "相关解读" in page and "《有解读的文件》政策解读" in page


def test_a_warm_home_page_reads_only_its_own_page(alpha):
    body(ALPHA)
    with CaptureQueriesContext(connection) as queries:
        body(ALPHA)
    assert len(queries) == 1, [query["sql"] for query in queries.captured_queries]


def test_a_new_menu_column_shows_in_the_navigation_once_the_pipeline_purges(
    alpha, django_capture_on_commit_callbacks
):
    assert "新开栏目" not in body(ALPHA, "/xxgk/")
    with schema_context("site_alpha"), django_capture_on_commit_callbacks(execute=True):
        home = Page.objects.get(depth=2)
        column = ColumnPage(title="新开栏目", slug="xinkai", show_in_menus=True)
        home.add_child(instance=column)
        column.save_revision().publish()
    assert "新开栏目" in body(ALPHA, "/xxgk/")


def test_a_site_settings_change_shows_in_the_footer_on_the_next_render(alpha):
    assert "片段承办单位" not in body(ALPHA)
    with schema_context("site_alpha"):
        identity = SiteIdentity.objects.get()
        identity.organizer = "片段承办单位"
        identity.save()
    assert "片段承办单位" in body(ALPHA)


def test_no_site_is_ever_given_another_sites_fragments(alpha, beta):
    with schema_context("site_alpha"):
        make_document(title="只属于甲市的文件")
    alpha_home = body(ALPHA)
    beta_home = body(BETA)
    assert "只属于甲市的文件" in alpha_home
    assert "只属于甲市的文件" not in beta_home
    # Only the 站群导航 names the other site, as a link to it.
    beta_own = without_cluster_nav(beta_home)
    assert alpha.name in beta_home and alpha.name not in beta_own.replace(beta.name, "")
    assert "网站标识码：9900000002" in beta_home and "网站标识码：9900000001" not in beta_home


def test_pages_still_render_when_the_fragment_cache_is_down(alpha):
    from django.conf import settings as live_settings
    from django.test import override_settings

    down = {
        **live_settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        },
    }
    with override_settings(CACHES=down):
        assert alpha.name in body(ALPHA)
        assert alpha.name in body(ALPHA)
