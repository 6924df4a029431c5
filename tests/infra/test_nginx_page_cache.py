"""nginx's first-level page cache (infra/nginx/cluster.conf) in front of a real Django
server: it keeps what the app's page cache allows, per host, answers conditional requests,
and forgets exactly what the publish pipeline's purge names, on every nginx."""

import shutil
import tempfile
from pathlib import Path

import pytest
from django.core.cache import caches
from django_tenants.utils import schema_context

from cluster.onboarding.services import site_set_status
from cluster.pagecache.purge import CONSUMER
from cluster.tasks.models import Delivery
from cluster.tasks.pipeline import delivery_retry
from cluster.tenants.models import Tenant
from tests.cluster.pagecache.test_page_cache import url_of
from tests.conftest import committed, without_cluster_nav
from tests.sites.disclosure.conftest import category, make_document

from .nginx_stack import _free_port, fetch, running_nginx

ALPHA = "alpha.localhost"
BETA = "beta.localhost"


@pytest.fixture
def nginx(django_server, settings):
    # A fresh cache per test; nginx's workers (nobody) must reach it.
    base = Path(tempfile.mkdtemp(prefix="cluster-nginx-cache-"))
    base.chmod(0o755)
    caches["pages"].clear()
    with running_nginx(base, UPSTREAM=f"127.0.0.1:{django_server.port}") as (port, purge_port):
        settings.PAGE_CACHE_SECONDS = 600
        settings.PAGECACHE_NGINX_PURGE_URLS = [f"http://127.0.0.1:{purge_port}"]
        yield port
    caches["pages"].clear()
    shutil.rmtree(base, ignore_errors=True)


def status(response) -> str:
    return response.getheader("X-Cache-Status")


def cached_twice(port, host, path):
    """Ask twice: the second answer comes from nginx's cache when it may be kept."""
    fetch(port, host, path)
    return fetch(port, host, path)


def _publish_document(title: str) -> int:
    with schema_context("site_alpha"):
        return make_document(category("art20-01"), title=title).pk


def _remove_page(page_id: int) -> None:
    from wagtail.models import Page

    with schema_context("site_alpha"):
        Page.objects.get(pk=page_id).delete()
    Delivery.objects.filter(schema="site_alpha", page_id=page_id).delete()


def _set_status(schema: str, value: str) -> None:
    site_set_status(tenant=Tenant.objects.get(schema_name=schema), status=value)


def _search_entries(schema: str) -> list:
    from search.models import IndexedDocument

    return list(IndexedDocument.objects.filter(schema=schema))


def _put_back(schema: str, entries: list) -> None:
    """The site's search entries as they were (reactivation rebuilds them from its pages)
    and no deliveries of its events: the other tests find the committed state they expect."""
    from search.models import IndexedDocument

    IndexedDocument.objects.filter(schema=schema).delete()
    IndexedDocument.objects.bulk_create(entries)
    Delivery.objects.filter(schema=schema).delete()


def test_the_second_get_is_a_hit_answered_by_nginx(nginx, alpha):
    first, first_body = fetch(nginx, ALPHA, "/")
    second, second_body = fetch(nginx, ALPHA, "/")
    assert first.status == second.status == 200
    assert status(first) == "MISS" and status(second) == "HIT"
    assert second_body == first_body and "甲市人民政府" in second_body.decode()
    # nginx's instruction from the app is not passed on to browsers.
    assert second.getheader("X-Accel-Expires") is None
    assert "no-cache" in second.getheader("Cache-Control")


def test_two_hosts_never_share_an_entry(nginx, alpha, beta):
    cached_twice(nginx, ALPHA, "/")
    beta_home, body = fetch(nginx, BETA, "/")
    assert status(beta_home) == "MISS"
    # 甲市 appears on 乙县's home only as a link of its 站群导航.
    own = without_cluster_nav(body.decode())
    assert "乙县人民政府" in own and "甲市人民政府" not in own
    again, body = fetch(nginx, BETA, "/")
    assert status(again) == "HIT" and "乙县人民政府" in body.decode()


def test_conditional_requests_are_answered_304_by_nginx(nginx, alpha):
    page, _body = cached_twice(nginx, ALPHA, "/xxgk/")
    assert page.getheader("ETag") and page.getheader("Last-Modified")
    by_etag, body = fetch(nginx, ALPHA, "/xxgk/", {"If-None-Match": page.getheader("ETag")})
    assert by_etag.status == 304 and body == b"" and status(by_etag) == "HIT"
    by_date, _body = fetch(
        nginx, ALPHA, "/xxgk/", {"If-Modified-Since": page.getheader("Last-Modified")}
    )
    assert by_date.status == 304


def test_forms_cookies_admin_and_search_are_never_kept(nginx, alpha):
    form = url_of("site_alpha", "ysqgk")
    answer, body = cached_twice(nginx, ALPHA, form)
    assert answer.status == 200 and "csrfmiddlewaretoken" in body.decode()
    assert answer.getheader("Set-Cookie") and status(answer) == "MISS"
    for path in ("/search/?q=%E9%80%9A%E7%9F%A5", "/admin/login/"):
        answer, _body = cached_twice(nginx, ALPHA, path)
        assert status(answer) == "MISS", path


def test_visitors_with_a_session_or_form_token_bypass_the_cache(nginx, alpha):
    cached_twice(nginx, ALPHA, "/")
    for cookie in ("sessionid=abc", "csrftoken=abc"):
        answer, _body = fetch(nginx, ALPHA, "/", {"Cookie": cookie})
        assert answer.status == 200 and status(answer) == "BYPASS", cookie
    # What they were answered was not kept in their place either.
    assert status(fetch(nginx, ALPHA, "/")[0]) == "HIT"


def test_a_purge_removes_one_entry_and_only_from_the_allowed_network(
    nginx, alpha, django_server, settings
):
    purge_port = int(settings.PAGECACHE_NGINX_PURGE_URLS[0].rsplit(":", 1)[1])
    cached_twice(nginx, ALPHA, "/")
    cached_twice(nginx, ALPHA, "/xxgk/")
    purged, _body = fetch(purge_port, ALPHA, "/", method="PURGE")
    assert purged.status == 200
    assert status(fetch(nginx, ALPHA, "/")[0]) == "MISS"
    assert status(fetch(nginx, ALPHA, "/xxgk/")[0]) == "HIT"
    absent, _body = fetch(purge_port, ALPHA, "/nothing-here/", method="PURGE")
    assert absent.status == 404
    # The site's own port takes no purges: PURGE there is just another request.
    assert fetch(nginx, ALPHA, "/xxgk/", method="PURGE")[0].status != 200
    assert status(fetch(nginx, ALPHA, "/xxgk/")[0]) == "HIT"

    elsewhere = Path(tempfile.mkdtemp(prefix="cluster-nginx-cache-"))
    elsewhere.chmod(0o755)
    try:
        with running_nginx(
            elsewhere, UPSTREAM=f"127.0.0.1:{django_server.port}", PURGE_FROM="10.1.2.3"
        ) as (port, refusing):
            cached_twice(port, ALPHA, "/")
            assert fetch(refusing, ALPHA, "/", method="PURGE")[0].status == 403
            assert status(fetch(port, ALPHA, "/")[0]) == "HIT"
    finally:
        shutil.rmtree(elsewhere, ignore_errors=True)


def test_publishing_a_page_shows_in_nginx_at_once_through_the_pipeline(nginx, alpha):
    listing = url_of("site_alpha", "art20-01", depth=5)
    other = url_of("site_alpha", "art20-02", depth=5)
    for path in ("/", listing, other):
        assert status(cached_twice(nginx, ALPHA, path)[0]) == "HIT"
    page_id = committed(_publish_document, "关于一级缓存清除的通知")
    try:
        fresh, body = fetch(nginx, ALPHA, listing)
        assert status(fresh) == "MISS" and "关于一级缓存清除的通知" in body.decode()
        assert status(fetch(nginx, ALPHA, "/")[0]) == "MISS"
        # Exactly what it shows on: another listing stays in nginx.
        assert status(fetch(nginx, ALPHA, other)[0]) == "HIT"
        delivery = Delivery.objects.get(consumer=CONSUMER, page_id=page_id)
        assert delivery.status == Delivery.Status.SUCCEEDED
    finally:
        committed(_remove_page, page_id)
    assert "关于一级缓存清除的通知" not in fetch(nginx, ALPHA, listing)[1].decode()


def test_suspending_a_site_purges_its_whole_host_and_the_cluster_navigation_elsewhere(
    nginx, alpha, beta
):
    for path in ("/", "/?from=announcement", "/xxgk/"):
        assert status(cached_twice(nginx, BETA, path)[0]) == "HIT"
    cached_twice(nginx, ALPHA, "/")
    cached_twice(nginx, ALPHA, "/xxgk/")
    entries = committed(_search_entries, "site_beta")
    committed(_set_status, "site_beta", "suspended")
    try:
        for path in ("/", "/?from=announcement", "/xxgk/"):
            closed, _body = fetch(nginx, BETA, path)
            assert closed.status == 503 and status(closed) == "MISS", path
        assert status(fetch(nginx, ALPHA, "/xxgk/")[0]) == "HIT"
        # The portal's home lists the cluster's active sites (站群导航): purged, without 乙县.
        home, body = fetch(nginx, ALPHA, "/")
        assert status(home) == "MISS" and "乙县人民政府" not in body.decode()
    finally:
        committed(_set_status, "site_beta", "active")
        committed(_put_back, "site_beta", entries)
    assert fetch(nginx, BETA, "/")[0].status == 200


def test_a_purge_that_cannot_reach_nginx_is_recorded_and_its_retry_purges(nginx, alpha, settings):
    listing = url_of("site_alpha", "art20-01", depth=5)
    cached_twice(nginx, ALPHA, listing)
    down = f"http://127.0.0.1:{_free_port()}"
    reachable = settings.PAGECACHE_NGINX_PURGE_URLS
    settings.PAGECACHE_NGINX_PURGE_URLS = [down]
    page_id = committed(_publish_document, "关于清除失败后重试的通知")
    try:
        delivery = Delivery.objects.get(consumer=CONSUMER, page_id=page_id)
        assert delivery.status == Delivery.Status.RETRYING and delivery.next_attempt_at
        assert down.removeprefix("http://") in delivery.last_error
        stale, body = fetch(nginx, ALPHA, listing)
        assert status(stale) == "HIT" and "关于清除失败后重试的通知" not in body.decode()

        settings.PAGECACHE_NGINX_PURGE_URLS = reachable
        # In its own transaction, as the console's 重试 runs it (the cleanup deletes the row).
        committed(delivery_retry, delivery=delivery)
        delivery.refresh_from_db()
        assert delivery.status == Delivery.Status.SUCCEEDED
        fresh, body = fetch(nginx, ALPHA, listing)
        assert status(fresh) == "MISS" and "关于清除失败后重试的通知" in body.decode()
    finally:
        committed(_remove_page, page_id)


def test_nginx_bypasses_on_the_cookies_the_app_names(settings):
    from .nginx_stack import ROOT

    conf = (ROOT / "infra" / "nginx" / "cluster.conf").read_text()
    for cookie in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
        for directive in ("proxy_cache_bypass", "proxy_no_cache"):
            line = next(line for line in conf.splitlines() if line.strip().startswith(directive))
            assert f"$cookie_{cookie}" in line.split(), (directive, cookie)


def test_requests_for_a_page_nginx_never_keeps_are_not_queued_behind_each_other():
    """nginx cannot know beforehand that a page will not be kept; with a cache lock it
    let one request at a time through for such a page (search, forms, the app's
    uncached pages), which halved the throughput of every uncached page."""
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class SlowUncachedPage(BaseHTTPRequestHandler):
        def do_GET(self):
            time.sleep(1)
            body = b"<p>never kept</p>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    upstream = ThreadingHTTPServer(("127.0.0.1", 0), SlowUncachedPage)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    # nginx's workers (nobody) must reach its cache.
    base = Path(tempfile.mkdtemp(prefix="cluster-nginx-lock-"))
    base.chmod(0o755)
    try:
        with running_nginx(base, UPSTREAM=f"127.0.0.1:{upstream.server_port}") as (port, _):
            started = time.monotonic()
            with ThreadPoolExecutor(4) as pool:
                answers = list(pool.map(lambda _: fetch(port, ALPHA, "/same/"), range(4)))
            elapsed = time.monotonic() - started
    finally:
        upstream.shutdown()
        shutil.rmtree(base, ignore_errors=True)
    assert [response.status for response, _body in answers] == [200] * 4
    # Together in about one upstream second; one at a time would take four.
    assert elapsed < 2.5, f"4 requests for one uncached page took {elapsed:.1f} s"
