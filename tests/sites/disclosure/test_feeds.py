"""Feeds link to where the site is really served, say what each item is, and date it truly."""

import datetime
import xml.etree.ElementTree as ET

from django.conf import settings
from django.test import override_settings
from wagtail.models import Page

from cluster.tenants.models import Domain
from tests.conftest import host_client

from .conftest import aware, make_document

ATOM = "{http://www.w3.org/2005/Atom}"


def _rss_items(host, path="/feeds/rss/"):
    response = host_client(host).get(path)
    assert response.status_code == 200
    return ET.fromstring(response.content).findall("channel/item")  # noqa: S314 (our own feed)


def _atom(host, path="/feeds/atom/"):
    response = host_client(host).get(path)
    assert response.status_code == 200
    return ET.fromstring(response.content)  # noqa: S314 (our own feed)


def _when(text):
    return datetime.datetime.fromisoformat(text)


def _atom_links(feed):
    return [
        (entry.find(f"{ATOM}link").get("href"), entry.find(f"{ATOM}id").text)
        for entry in feed.findall(f"{ATOM}entry")
    ]


@override_settings(DEBUG=True)
def test_in_development_feed_links_use_the_port_the_site_is_served_on(in_alpha):
    document = make_document(title="开发端口上的通知")
    path = document.get_url_parts()[2]

    items = _rss_items("alpha.localhost:8123")
    assert [(i.findtext("link"), i.findtext("guid")) for i in items] == [
        (f"http://alpha.localhost:8123{path}", f"http://alpha.localhost:8123{path}")
    ]
    feed = _atom("alpha.localhost:8123")
    assert _atom_links(feed) == [
        (f"http://alpha.localhost:8123{path}", f"http://alpha.localhost:8123{path}")
    ]
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == (
        "http://alpha.localhost:8123/feeds/atom/"
    )


@override_settings(PUBLIC_SCHEME="https")
def test_in_production_feed_links_use_the_primary_domain_and_public_scheme(alpha):
    # Reached through an alias on a back-end port, the links still name the public address.
    Domain.objects.create(tenant=alpha, domain="alpha-alias.localhost", is_primary=False)
    from django_tenants.utils import schema_context

    with schema_context("site_alpha"):
        document = make_document(title="生产环境的通知")
        path = document.get_url_parts()[2]
    expected = f"https://alpha.localhost{path}"

    items = _rss_items("alpha-alias.localhost:8080")
    assert [(i.findtext("link"), i.findtext("guid")) for i in items] == [(expected, expected)]
    assert _atom_links(_atom("alpha-alias.localhost:8080")) == [(expected, expected)]


def test_rss_items_carry_the_summary_or_else_a_plain_text_excerpt(in_alpha):
    make_document(title="有概述的通知", slug="with-summary", summary="本通知部署政务公开工作。")
    make_document(
        title="有搜索描述的通知", slug="with-description", search_description="关于网站建设的通知"
    )
    make_document(
        title="只有正文的通知",
        slug="body-only",
        body=[
            (
                "paragraph",
                "<p>各区县人民政府、市政府各部门：</p><p>现将《要点》印发给你们 &amp; 请遵照执行。</p>",
            )
        ],
    )
    descriptions = {
        i.findtext("title"): i.findtext("description") for i in _rss_items("alpha.localhost")
    }

    assert descriptions["有概述的通知"] == "本通知部署政务公开工作。"
    assert descriptions["有搜索描述的通知"] == "关于网站建设的通知"
    excerpt = descriptions["只有正文的通知"]
    assert excerpt.startswith("各区县人民政府、市政府各部门：") and "请遵照执行。" in excerpt
    assert "<" not in excerpt and "&amp;" not in excerpt and "&" in excerpt


def test_atom_updated_is_the_newest_items_last_publication(in_alpha):
    older = make_document(title="较早修订的通知", slug="older")
    newer = make_document(title="最近修订的通知", slug="newer")
    Page.objects.filter(pk=older.pk).update(last_published_at=aware(2025, 3, 5))
    Page.objects.filter(pk=newer.pk).update(last_published_at=aware(2025, 4, 1))

    feed = _atom("alpha.localhost")
    assert _when(feed.findtext(f"{ATOM}updated")) == aware(2025, 4, 1)
    entries = {
        e.findtext(f"{ATOM}title"): _when(e.findtext(f"{ATOM}updated"))
        for e in feed.findall(f"{ATOM}entry")
    }
    assert entries == {
        "较早修订的通知": aware(2025, 3, 5),
        "最近修订的通知": aware(2025, 4, 1),
    }


def test_an_empty_column_feed_is_dated_by_the_column_not_by_the_request(in_alpha):
    column = Page.objects.get(slug="zcjd")
    Page.objects.filter(pk=column.pk).update(last_published_at=aware(2025, 1, 2))

    feed = _atom("alpha.localhost", f"/feeds/atom/{column.pk}/")
    assert feed.findall(f"{ATOM}entry") == []
    assert _when(feed.findtext(f"{ATOM}updated")) == aware(2025, 1, 2)


def test_an_imported_demo_document_is_dated_by_its_original_publication(in_alpha):
    from sites.disclosure.demo import demo_records, document_ensure

    [item] = [item for item in demo_records("site_portal")["document"] if "corpus" in item]
    document_ensure(item, settings.CORPUS_DIR, today=datetime.date(2026, 11, 24))

    feed = _atom("alpha.localhost")
    [entry] = feed.findall(f"{ATOM}entry")
    original = aware(2009, 2, 23, hour=9)
    assert _when(entry.findtext(f"{ATOM}published")) == original
    assert _when(entry.findtext(f"{ATOM}updated")) == original
    assert _when(feed.findtext(f"{ATOM}updated")) == original
