"""Page views: counted in Redis on the request path, written per page and day by a flush."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from cluster.figures.models import MonthlyFigure
from sites.news.models import ArticlePage, NewsIndexPage
from sites.pageviews import buffer
from sites.pageviews.models import PageViewDay
from sites.pageviews.selectors import home_page_id
from sites.pageviews.services import page_views_flush
from tests.conftest import host_client

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0"


@pytest.fixture(autouse=True)
def _empty_buffer():
    client = buffer.redis_client()
    assert client is not None, "the page view tests need redis-server (infra/ensure-package)"

    def clear():
        for key in client.scan_iter(match="pageviews:*"):
            client.delete(key)

    clear()
    yield client
    clear()


def _beacon(client: Client, page_id: int, **extra):
    return client.post(f"/pv/{page_id}/", HTTP_USER_AGENT=BROWSER, **extra)


def _stored(page_id: int) -> int:
    with schema_context("site_alpha"):
        return sum(PageViewDay.objects.filter(page_id=page_id).values_list("count", flat=True))


def _flush_alpha() -> int:
    with schema_context("site_alpha"):
        return page_views_flush()


def test_concurrent_views_while_the_worker_flushes_lose_no_update(alpha):
    with schema_context("site_alpha"):
        home = home_page_id()
    threads, per_thread, errors = 6, 40, []

    def reader():
        try:
            client = host_client("alpha.localhost")
            for _ in range(per_thread):
                assert _beacon(client, home).status_code == 204
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=reader) for _ in range(threads)]
    for worker in workers:
        worker.start()
    # The flush runs while views arrive: each view lands in a batch or in the next one.
    written = 0
    while any(worker.is_alive() for worker in workers):
        written += _flush_alpha()
    for worker in workers:
        worker.join()
    written += _flush_alpha()
    assert not errors
    assert written == threads * per_thread
    assert _stored(home) == threads * per_thread


def test_a_view_costs_no_database_write_until_the_flush(alpha, django_assert_max_num_queries):
    with schema_context("site_alpha"):
        home = home_page_id()
    client = host_client("alpha.localhost")
    _beacon(client, home)  # warm the host and site memos
    with django_assert_max_num_queries(0):
        assert _beacon(client, home).status_code == 204
    assert _stored(home) == 0
    _flush_alpha()
    assert _stored(home) == 2


def test_no_address_or_cookie_identifies_the_reader(alpha):
    with schema_context("site_alpha"):
        home = home_page_id()
    client = host_client("alpha.localhost")
    client.cookies["sessionid"] = "reader-session-7f3a"
    response = _beacon(
        client, home, REMOTE_ADDR="203.0.113.77", HTTP_X_FORWARDED_FOR="198.51.100.23"
    )
    assert response.status_code == 204
    assert not response.cookies
    assert response["Cache-Control"] == "no-store"
    redis = buffer.redis_client()
    kept = b"".join(
        key + b"".join(k + v for k, v in redis.hgetall(key).items())
        if redis.type(key) == b"hash"
        else key + b"".join(redis.smembers(key))
        for key in redis.scan_iter(match="pageviews:*")
    )
    assert kept  # the view is there …
    for secret in (b"203.0.113", b"198.51.100", b"reader-session", BROWSER.encode()):
        assert secret not in kept  # … and nothing about who sent it
    _flush_alpha()
    # What is stored: a page, a day, a number.
    assert {field.name for field in PageViewDay._meta.get_fields()} == {
        "id",
        "page",
        "day",
        "count",
    }
    with schema_context("site_alpha"):
        assert list(PageViewDay.objects.values_list("count", flat=True)) == [1]


def test_a_batch_a_dead_flush_left_behind_is_written_once(alpha, monkeypatch):
    with schema_context("site_alpha"):
        home = home_page_id()
    client = host_client("alpha.localhost")
    for _ in range(3):
        _beacon(client, home)
    # The flush dies after writing, before deleting its batch.
    monkeypatch.setattr(buffer, "batch_done", lambda schema, batch_id: None)
    _flush_alpha()
    monkeypatch.undo()
    _beacon(client, home)
    _flush_alpha()
    assert _stored(home) == 4
    assert not list(buffer.redis_client().scan_iter(match="pageviews:site_alpha:batch:*"))


def test_robots_and_unknown_pages_are_not_counted_and_a_get_is_refused(alpha):
    with schema_context("site_alpha"):
        home = home_page_id()
    client = host_client("alpha.localhost")
    client.post(f"/pv/{home}/", HTTP_USER_AGENT="Mozilla/5.0 (compatible; Baiduspider/2.0)")
    _beacon(client, 987654)
    assert client.get(f"/pv/{home}/").status_code == 405
    _flush_alpha()
    with schema_context("site_alpha"):
        assert not PageViewDay.objects.exists()


def test_views_show_as_liulan_cishu_and_roll_into_the_sites_figures(
    alpha, django_capture_on_commit_callbacks
):
    with schema_context("site_alpha"), django_capture_on_commit_callbacks(execute=True):
        article = ArticlePage(title="浏览次数测试", body=[("paragraph", "<p>正文</p>")])
        NewsIndexPage.objects.get(slug="news").add_child(instance=article)
        article.save_revision().publish()
        home = home_page_id()
    client = host_client("alpha.localhost")
    page = client.get(f"/news/{article.slug}/").content.decode()
    # The page asks for its count with the same-origin script, no inline code.
    assert f'data-url="/pv/{article.pk}/"' in page and "page_views.js" in page
    assert "浏览次数：0" in page
    for _ in range(3):
        _beacon(client, article.pk)
    for _ in range(2):
        _beacon(client, home)
    _flush_alpha()
    assert "浏览次数：3" in client.get(f"/news/{article.slug}/").content.decode()
    figures = dict(
        MonthlyFigure.objects.filter(tenant=alpha, source="views").values_list("key", "value")
    )
    assert figures == {"total": 5, "home": 2}
    # Another site's figures and counters are untouched.
    with schema_context("site_beta"):
        assert not PageViewDay.objects.exists()


def test_a_policy_document_shows_its_views(alpha):
    from tests.sites.disclosure.conftest import make_document

    with schema_context("site_alpha"):
        document = make_document()
        url = document.url
    client = host_client("alpha.localhost")
    for _ in range(2):
        _beacon(client, document.pk)
    _flush_alpha()
    assert "浏览次数：2" in client.get(url).content.decode()


def test_the_workers_round_flushes_every_site_with_views_waiting_and_only_those(alpha, beta):
    from sites.pageviews.tasks import page_views_flush_all

    with schema_context("site_alpha"):
        alpha_home = home_page_id()
    with schema_context("site_beta"):
        beta_home = home_page_id()
    _beacon(host_client("alpha.localhost"), alpha_home)
    _beacon(host_client("beta.localhost"), beta_home)
    _beacon(host_client("beta.localhost"), beta_home)
    assert buffer.schemas_pending() == ["site_alpha", "site_beta"]
    # Tests run tasks at once: the round queues one flush per waiting site, in its schema.
    assert page_views_flush_all.enqueue().return_value == 2
    assert _stored(alpha_home) == 1
    with schema_context("site_beta"):
        assert PageViewDay.objects.get(page_id=beta_home).count == 2
    assert buffer.schemas_pending() == []
    assert page_views_flush_all.enqueue().return_value == 0
