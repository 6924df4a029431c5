"""The per-site page cache: what is cached, for whom, on which host, and what purges it."""

import shutil

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django_tenants.utils import schema_context

from cluster.onboarding.services import site_set_status
from tests.conftest import PASSWORD, host_client
from tests.sites.disclosure.conftest import category, make_document, make_interpretation

ALPHA = "alpha.localhost"
BETA = "beta.localhost"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    caches["pages"].clear()
    yield caches["pages"]
    caches["pages"].clear()


def get(host, path, **headers):
    return host_client(host).get(path, **headers)


def cache_state(host, path) -> str | None:
    return get(host, path).headers.get("X-Page-Cache")


def url_of(schema, slug, depth=None):
    from wagtail.models import Page

    with schema_context(schema):
        pages = Page.objects.filter(slug=slug)
        if depth:
            pages = pages.filter(depth=depth)
        return pages.get().url


def test_the_page_cache_runs_on_redis_when_redis_server_is_installed():
    assert isinstance(caches["pages"], RedisCache) == bool(shutil.which("redis-server"))


def test_a_second_anonymous_visit_is_answered_from_the_cache(alpha):
    first = get(ALPHA, "/")
    second = get(ALPHA, "/")
    assert first.status_code == second.status_code == 200
    assert first.headers["X-Page-Cache"] == "miss"
    assert second.headers["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_pages_carry_validators_and_answer_304_when_unchanged(alpha):
    first = get(ALPHA, "/xxgk/")
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    assert "no-cache" in first.headers["Cache-Control"]
    again = get(ALPHA, "/xxgk/", HTTP_IF_NONE_MATCH=first.headers["ETag"])
    assert again.status_code == 304


def test_feeds_are_cached_with_validators(alpha):
    first = get(ALPHA, "/feeds/rss/")
    assert first.headers["X-Page-Cache"] == "miss"
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    assert get(ALPHA, "/feeds/rss/").headers["X-Page-Cache"] == "hit"


def test_the_cache_is_per_host_and_never_answers_another_site(alpha, beta):
    alpha_home = get(ALPHA, "/")
    beta_home = get(BETA, "/")
    assert beta_home.headers["X-Page-Cache"] == "miss"
    assert "甲市人民政府" in alpha_home.content.decode()
    assert "乙县人民政府" in beta_home.content.decode()
    assert "甲市人民政府" not in get(BETA, "/").content.decode().split("<title>")[1][:40]


def test_a_visitor_with_a_session_is_never_served_or_stored(alpha, accounts):
    get(ALPHA, "/")
    client = host_client(ALPHA)
    client.post("/admin/login/", {"username": "alpha_editor", "password": PASSWORD})
    assert "sessionid" in client.cookies
    response = client.get("/")
    assert "X-Page-Cache" not in response.headers
    assert client.get("/news/").headers.get("X-Page-Cache") is None
    assert cache_state(ALPHA, "/news/") == "miss"


@pytest.mark.parametrize("suffix", ["", "status/"])
def test_forms_and_personal_answers_are_never_cached(alpha, suffix):
    path = url_of("site_alpha", "ysqgk") + suffix
    first = get(ALPHA, path)
    assert first.status_code == 200
    assert "csrfmiddlewaretoken" in first.content.decode()
    assert "X-Page-Cache" not in first.headers
    assert "X-Page-Cache" not in get(ALPHA, path).headers


def test_search_and_admin_are_never_cached(alpha):
    for path in ("/search/?q=通知", "/admin/login/", "/api/search/?q=通知"):
        get(ALPHA, path)
        assert "X-Page-Cache" not in get(ALPHA, path).headers, path


def test_publishing_purges_the_page_its_listings_home_and_feeds_but_nothing_else(
    alpha, beta, django_capture_on_commit_callbacks
):
    listing = url_of("site_alpha", "art20-01", depth=5)
    other_listing = url_of("site_alpha", "art20-02", depth=5)
    watched = ["/", "/xxgk/", listing, "/feeds/rss/", other_listing, "/news/"]
    for path in watched:
        get(ALPHA, path)
    get(BETA, "/")
    assert all(cache_state(ALPHA, path) == "hit" for path in watched)

    with schema_context("site_alpha"), django_capture_on_commit_callbacks(execute=True):
        document = make_document(title="关于页面缓存清除的通知")

    assert cache_state(ALPHA, "/") == "miss"
    assert cache_state(ALPHA, "/xxgk/") == "miss"
    fresh_listing = get(ALPHA, listing)
    assert "关于页面缓存清除的通知" in fresh_listing.content.decode()
    assert cache_state(ALPHA, "/feeds/rss/") == "miss"
    # Untouched: a listing that does not show it, another column, another site.
    assert cache_state(ALPHA, other_listing) == "hit"
    assert cache_state(ALPHA, "/news/") == "hit"
    assert cache_state(BETA, "/") == "hit"

    with schema_context("site_alpha"):
        page_url = document.url
    assert cache_state(ALPHA, page_url) == "miss"
    assert cache_state(ALPHA, page_url) == "hit"
    with schema_context("site_alpha"), django_capture_on_commit_callbacks(execute=True):
        document.unpublish()
    assert get(ALPHA, page_url).status_code == 404
    assert "关于页面缓存清除的通知" not in get(ALPHA, listing).content.decode()


def test_moving_and_deleting_purge_old_and_new_listings(alpha, django_capture_on_commit_callbacks):
    from wagtail.models import Page

    with schema_context("site_alpha"), django_capture_on_commit_callbacks(execute=True):
        document = make_document(title="将被移动的文件")
    old_listing = url_of("site_alpha", "art20-01", depth=5)
    new_listing = url_of("site_alpha", "art20-02", depth=5)
    get(ALPHA, old_listing)
    get(ALPHA, new_listing)
    with schema_context("site_alpha"), django_capture_on_commit_callbacks(execute=True):
        document.move(category("art20-02"), pos="last-child")
    assert "将被移动的文件" not in get(ALPHA, old_listing).content.decode()
    assert "将被移动的文件" in get(ALPHA, new_listing).content.decode()

    get(ALPHA, new_listing)
    assert cache_state(ALPHA, new_listing) == "hit"
    with schema_context("site_alpha"), django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=document.pk).delete()
    assert "将被移动的文件" not in get(ALPHA, new_listing).content.decode()


def test_a_suspended_site_never_answers_from_the_cache_and_reactivation_purges_it(
    beta, django_capture_on_commit_callbacks
):
    get(BETA, "/")
    assert cache_state(BETA, "/") == "hit"
    # Even before any purge runs, the status is applied in front of the cache.
    site_set_status(tenant=beta, status="suspended")
    closed = get(BETA, "/")
    assert closed.status_code == 503 and "X-Page-Cache" not in closed.headers
    with django_capture_on_commit_callbacks(execute=True):
        site_set_status(tenant=beta, status="active")
    assert cache_state(BETA, "/") == "miss"


def test_pages_still_serve_when_the_cache_is_down(alpha, settings):
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
        response = get(ALPHA, "/")
        assert get(ALPHA, "/").status_code == 200
    assert response.status_code == 200
    assert "甲市人民政府" in response.content.decode()


def test_a_page_behind_a_view_restriction_is_never_cached(alpha):
    from wagtail.models import Page, PageViewRestriction

    with schema_context("site_alpha"):
        news = Page.objects.get(slug="news", depth=3)
        PageViewRestriction.objects.create(
            page=news, restriction_type=PageViewRestriction.PASSWORD, password="Secret-2026"
        )
    for _ in range(2):
        response = get(ALPHA, "/news/")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response.headers


def test_publishing_an_interpretation_purges_the_documents_it_explains(
    alpha, django_capture_on_commit_callbacks
):
    with schema_context("site_alpha"), django_capture_on_commit_callbacks(execute=True):
        document = make_document(title="有解读的文件")
        unrelated = make_document(title="没有解读的文件")
    with schema_context("site_alpha"):
        urls = [document.url, unrelated.url]
    for url in urls:
        get(ALPHA, url)
        assert cache_state(ALPHA, url) == "hit"

    with schema_context("site_alpha"), django_capture_on_commit_callbacks(execute=True):
        make_interpretation(
            document, title="有解读的文件的解读", body=[("paragraph", "<p>解读正文</p>")]
        )

    fresh = get(ALPHA, urls[0])
    assert fresh.headers["X-Page-Cache"] == "miss"
    assert "有解读的文件的解读" in fresh.content.decode()
    assert cache_state(ALPHA, urls[1]) == "hit"


def test_nginx_may_keep_exactly_what_the_page_cache_keeps_when_it_can_be_purged(
    alpha, accounts, settings
):
    through_nginx = {"HTTP_X_CACHE_URI": "/"}
    settings.PAGECACHE_NGINX_PURGE_URLS = []
    assert "X-Accel-Expires" not in get(ALPHA, "/", **through_nginx).headers
    settings.PAGECACHE_NGINX_PURGE_URLS = ["http://127.0.0.1:9"]
    assert get(ALPHA, "/", **through_nginx).headers["X-Accel-Expires"] == "600"  # a hit
    assert get(ALPHA, "/news/", HTTP_X_CACHE_URI="/news/").headers["X-Accel-Expires"] == "600"
    # Not through nginx: nothing to tell.
    assert "X-Accel-Expires" not in get(ALPHA, "/").headers
    form = url_of("site_alpha", "ysqgk")
    for path in (form, "/search/?q=x", "/admin/login/"):
        assert "X-Accel-Expires" not in get(ALPHA, path, HTTP_X_CACHE_URI=path).headers, path
    client = host_client(ALPHA)
    client.post("/admin/login/", {"username": "alpha_editor", "password": PASSWORD})
    assert "X-Accel-Expires" not in client.get("/", **through_nginx).headers


def test_the_sitemap_is_cached_and_purged_by_a_publish_and_an_unpublish(
    alpha, django_capture_on_commit_callbacks
):
    assert cache_state(ALPHA, "/sitemap.xml") == "miss"
    assert cache_state(ALPHA, "/sitemap.xml") == "hit"
    with schema_context("site_alpha"), django_capture_on_commit_callbacks(execute=True):
        document = make_document(title="关于站点地图的通知")
    with schema_context("site_alpha"):
        url = document.full_url
    fresh = get(ALPHA, "/sitemap.xml")
    assert fresh.headers["X-Page-Cache"] == "miss"
    assert url in fresh.content.decode()
    assert cache_state(ALPHA, "/sitemap.xml") == "hit"
    with schema_context("site_alpha"), django_capture_on_commit_callbacks(execute=True):
        document.unpublish()
    assert url not in get(ALPHA, "/sitemap.xml").content.decode()


def test_robots_txt_is_not_cached(alpha):
    get(ALPHA, "/robots.txt")
    assert "X-Page-Cache" not in get(ALPHA, "/robots.txt").headers
