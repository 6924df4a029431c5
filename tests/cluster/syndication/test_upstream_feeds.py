"""Upstream import: a higher government's feed, served locally, becomes documents on a site."""

import http.server
import json
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django_tenants.utils import schema_context

from cluster.syndication import feeds
from cluster.syndication.models import CopyDelivery, UpstreamFeed, UpstreamItem
from cluster.syndication.services import channel_create, subscription_set
from sites.core.models import CopyOrigin
from sites.core.text_import import import_document
from sites.disclosure.models import PolicyDocumentPage

CORPUS = Path(settings.CORPUS_DIR)


@pytest.fixture
def feed_server(tmp_path):
    """A local HTTP server for feed files; yields (folder, base URL)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _rss(items) -> str:
    entries = "".join(
        f"""<item><title>{title}</title><link>https://www.gov.example/{key}.html</link>
        <guid>{key}</guid><pubDate>Mon, 10 Mar 2017 08:00:00 +0800</pubDate>
        <gov:documentNumber>{number}</gov:documentNumber><gov:issuer>{issuer}</gov:issuer>
        <description><![CDATA[{html}]]></description></item>"""
        for key, title, number, issuer, html in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:gov="https://www.gov.example/ns/policy"><channel><title>省政府文件库</title>'
        f"<link>https://www.gov.example/</link><description>政策文件</description>{entries}"
        "</channel></rss>"
    )


def _corpus_items():
    from cluster.onboarding.demo import DEMO_ELSEWHERE

    items = []
    for key, file, title, number, issuer, *_dates in DEMO_ELSEWHERE:
        imported = import_document((CORPUS / file).read_text(encoding="utf-8"), title=title)
        items.append((key, title, number, issuer, imported.html))
    return items


def _feed(alpha, url, **fields):
    return UpstreamFeed.objects.create(name="省政府文件库", url=url, target=alpha, **fields)


def test_a_feed_imports_each_item_once_as_a_policy_document(
    alpha, feed_server, django_capture_on_commit_callbacks
):
    folder, base = feed_server
    (folder / "policy.xml").write_text(_rss(_corpus_items()), encoding="utf-8")
    feed = _feed(alpha, f"{base}/policy.xml")
    with django_capture_on_commit_callbacks(execute=True):
        first = feeds.feed_import(feed=feed)
        second = feeds.feed_import(feed=feed)
    assert first["created"] == 2 and second == {
        "created": 0,
        "updated": 0,
        "unchanged": 2,
        "invalid": 0,
    }
    feed.refresh_from_db()
    assert feed.items_imported == 2 and feed.last_success_at and feed.last_error == ""
    with schema_context("site_alpha"):
        documents = PolicyDocumentPage.objects.filter(
            pk__in=UpstreamItem.objects.values_list("page_id", flat=True)
        ).live()
        assert documents.count() == 2
        for document in documents:
            assert document.get_parent().slug == "sjwj"
            assert document.document_number  # parsed from the feed's gov:documentNumber
            origin = CopyOrigin.objects.get(page_id=document.pk)
            assert origin.is_upstream_import and origin.source_url.startswith(
                "https://www.gov.example/"
            )


def test_a_changed_item_updates_its_document_as_a_new_revision(alpha, feed_server):
    folder, base = feed_server
    items = _corpus_items()
    (folder / "policy.xml").write_text(_rss(items), encoding="utf-8")
    feed = _feed(alpha, f"{base}/policy.xml")
    feeds.feed_import(feed=feed)
    key, _title, number, issuer, html = items[0]
    (folder / "policy.xml").write_text(
        _rss([(key, "更正后的标题", number, issuer, html), items[1]]), encoding="utf-8"
    )
    assert feeds.feed_import(feed=feed)["updated"] == 1
    item = UpstreamItem.objects.get(feed=feed, key=key)
    with schema_context("site_alpha"):
        page = PolicyDocumentPage.objects.get(pk=item.page_id)
        assert page.title == "更正后的标题" and page.revisions.count() == 2


def test_item_html_is_sanitised_before_it_becomes_a_page(alpha, feed_server):
    folder, base = feed_server
    hostile = (
        '<p onclick="steal()">正文</p><script>alert(1)</script><a href="javascript:x()">链接</a>'
    )
    (folder / "policy.xml").write_text(
        _rss([("x-1", "含脚本的条目<script>x</script>", "", "省政府", hostile)]), encoding="utf-8"
    )
    feeds.feed_import(feed=_feed(alpha, f"{base}/policy.xml"))
    with schema_context("site_alpha"):
        page = PolicyDocumentPage.objects.get(pk=UpstreamItem.objects.get().page_id)
        stored = json.dumps(list(page.body.raw_data), ensure_ascii=False)
    assert "正文" in stored
    assert "<script" not in stored and "onclick" not in stored and "javascript:" not in stored
    assert "<script" not in page.title


@pytest.mark.parametrize(
    "content",
    [b"<rss><channel><item><title>broken", b"\x00\x01 not a feed", b'{"items": "nope"}'],
    ids=["truncated-xml", "binary", "bad-json-feed"],
)
def test_a_malformed_feed_records_a_clear_error_and_imports_nothing(alpha, feed_server, content):
    folder, base = feed_server
    (folder / "bad.xml").write_bytes(content)
    feed = _feed(alpha, f"{base}/bad.xml")
    outcome = feeds.feed_import(feed=feed)
    feed.refresh_from_db()
    assert outcome["created"] == 0 and feed.last_error and feed.last_success_at is None
    assert not UpstreamItem.objects.exists()


def test_an_unreachable_feed_and_a_forbidden_file_are_reported(alpha, feed_server):
    _folder, base = feed_server
    missing = _feed(alpha, f"{base}/missing.xml")
    feeds.feed_import(feed=missing)
    missing.refresh_from_db()
    assert "无法读取" in missing.last_error
    local = _feed(alpha, "file:///etc/passwd")
    feeds.feed_import(feed=local)
    local.refresh_from_db()
    assert "不在允许的目录内" in local.last_error


def test_a_feed_of_ten_thousand_items_is_bounded_per_run(alpha, feed_server, monkeypatch):
    monkeypatch.setattr(feeds, "MAX_ITEMS_PER_RUN", 15)
    folder, base = feed_server
    items = [
        {
            "id": f"item-{n}",
            "url": f"https://www.gov.example/{n}.html",
            "title": f"第{n}号政策文件",
            "content_text": "正文",
            "date_published": f"2020-01-01T00:00:{n % 60:02d}+08:00",
        }
        for n in range(10_000)
    ]
    (folder / "big.json").write_text(
        json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "大", "items": items}),
        encoding="utf-8",
    )
    feed = _feed(alpha, f"{base}/big.json")
    outcome = feeds.feed_import(feed=feed)
    feed.refresh_from_db()
    assert outcome["created"] == 15 and UpstreamItem.objects.count() == 15
    assert "10000 条" in feed.last_note


def test_imported_documents_are_passed_on_to_subscribers_and_collapse_in_search(
    alpha, beta, feed_server, django_capture_on_commit_callbacks
):
    from search.documents import page_document

    channel = channel_create(source=alpha, name="上级政策文件", source_column_path="sjwj")
    subscription_set(channel=channel, subscriber=beta)
    folder, base = feed_server
    (folder / "policy.xml").write_text(_rss(_corpus_items()[:1]), encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        feeds.feed_import(feed=_feed(alpha, f"{base}/policy.xml"))
    item = UpstreamItem.objects.get()
    delivery = CopyDelivery.objects.get(source_schema="site_alpha", source_page_id=item.page_id)
    assert delivery.status == CopyDelivery.Status.DELIVERED
    with schema_context("site_alpha"):
        portal_doc = page_document(PolicyDocumentPage.objects.get(pk=item.page_id))
    with schema_context("site_beta"):
        copy = PolicyDocumentPage.objects.get(pk=delivery.copy_page_id)
        county_doc = page_document(copy)
    # The import on the portal is the cluster's original: the county's copy collapses onto it.
    assert county_doc.canonical_id == portal_doc.id == f"site_alpha:{item.page_id}"


def test_the_scheduler_queues_due_feeds_in_their_sites_schema(alpha, feed_server):
    folder, base = feed_server
    (folder / "policy.xml").write_text(_rss(_corpus_items()), encoding="utf-8")
    feed = _feed(alpha, f"{base}/policy.xml", interval_minutes=60)
    assert feeds.feeds_due() == [feed]
    assert feeds.feeds_schedule.call() == 1  # the import runs at once on the test backend
    feed.refresh_from_db()
    assert feed.items_imported == 2 and feeds.feeds_due() == []
