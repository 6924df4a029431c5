"""Upstream import: a higher government's policy feed becomes documents on one site.

The worker checks every active feed on its interval (``feeds_schedule``, queued again
by itself and on every worker start). Each item is imported once, keyed by its GUID
(or link); an item whose content changed updates its page as a new revision. Item HTML
is cleaned (nh3) before it becomes a page. A feed that cannot be fetched or parsed
records a clear status and imports nothing; a very long feed imports its newest
``MAX_ITEMS_PER_RUN`` items per run.
"""

import datetime
import hashlib
import json
import logging
import re
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django_tasks import task
from django_tenants.utils import schema_context

from cluster.tasks.api import enqueue, periodic_ensure

from .models import UpstreamFeed, UpstreamItem

logger = logging.getLogger(__name__)

MAX_FEED_BYTES = 10 * 1024 * 1024
MAX_ITEMS_PER_RUN = 500
FETCH_TIMEOUT_SECONDS = 20
SCHEDULE_SECONDS = 60
DATE_IN_TEXT = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


class FeedError(Exception):
    """Why a feed could not be read, in words for the console."""


@dataclass
class FeedEntry:
    key: str
    link: str
    title: str
    html: str
    published: datetime.datetime | None
    document_number: str = ""
    issuer: str = ""
    written_date: datetime.date | None = None
    topic: str = ""
    doctype: str = ""
    index_number: str = ""

    @property
    def content_hash(self) -> str:
        parts = [self.title, self.html, self.document_number, self.issuer, str(self.written_date)]
        return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()  # noqa: S324 (change key)


# -- reading -------------------------------------------------------------------------------


def feed_fetch(url: str) -> bytes:
    """The feed's bytes: http(s), or a file inside UPSTREAM_FEED_FILE_DIRS; size-capped."""
    parsed = urlparse(url)
    if parsed.scheme == "file":
        path = Path(parsed.path).resolve()
        allowed = [Path(folder).resolve() for folder in settings.UPSTREAM_FEED_FILE_DIRS]
        if not any(path.is_relative_to(folder) for folder in allowed):
            raise FeedError("本机文件不在允许的目录内。")
        if not path.is_file():
            raise FeedError(f"文件不存在：{path.name}")
        if path.stat().st_size > MAX_FEED_BYTES:
            raise FeedError("订阅源超过 10 MB，未导入。")
        return path.read_bytes()
    if parsed.scheme not in ("http", "https"):
        raise FeedError("订阅地址须以 http:// 或 https:// 开头。")
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        url, headers={"User-Agent": "govcluster-syndication/1.0"}
    )
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_SECONDS) as response:  # noqa: S310
            content = response.read(MAX_FEED_BYTES + 1)
    except OSError as error:
        raise FeedError(f"无法读取订阅源：{error}") from error
    if len(content) > MAX_FEED_BYTES:
        raise FeedError("订阅源超过 10 MB，未导入。")
    return content


def feed_parse(content: bytes) -> list[FeedEntry]:
    """RSS, Atom (feedparser) or JSON Feed; raise FeedError when it is none of them."""
    stripped = content.lstrip()
    if stripped.startswith(b"{"):
        return _json_feed(stripped)
    import feedparser

    parsed = feedparser.parse(content)
    problem = parsed.get("bozo_exception") if parsed.bozo else None
    benign = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
    if problem is not None and not isinstance(problem, benign):
        # A truncated or broken document: importing half of it would look like deletions.
        raise FeedError(f"订阅源格式错误：{problem}")
    if not parsed.get("version") and not parsed.entries:
        raise FeedError("不是 RSS、Atom 或 JSON Feed 格式。")
    entries = []
    for entry in parsed.entries:
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        content_html = ""
        if entry.get("content"):
            content_html = entry.content[0].get("value", "")
        entries.append(
            FeedEntry(
                key=(entry.get("id") or entry.get("link") or "").strip()[:500],
                link=(entry.get("link") or "").strip()[:500],
                title=_plain(entry.get("title", ""))[:255],
                html=content_html or entry.get("summary", ""),
                published=(
                    datetime.datetime(*published[:6], tzinfo=datetime.UTC) if published else None
                ),
                document_number=entry.get("gov_documentnumber", ""),
                issuer=entry.get("gov_issuer", "") or entry.get("author", ""),
                written_date=_date(entry.get("gov_writtendate", "")),
                topic=entry.get("gov_topic", ""),
                doctype=entry.get("gov_doctype", ""),
                index_number=entry.get("gov_indexnumber", ""),
            )
        )
    return entries


def _json_feed(content: bytes) -> list[FeedEntry]:
    try:
        data = json.loads(content)
    except ValueError as error:
        raise FeedError(f"JSON Feed 格式错误：{error}") from error
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise FeedError("JSON Feed 缺少 items 列表。")
    entries = []
    for item in data["items"]:
        if not isinstance(item, dict):
            continue
        gov = item.get("_gov") if isinstance(item.get("_gov"), dict) else {}
        published = None
        if item.get("date_published"):
            try:
                published = datetime.datetime.fromisoformat(str(item["date_published"]))
            except ValueError:
                published = None
        entries.append(
            FeedEntry(
                key=str(item.get("id") or item.get("url") or "").strip()[:500],
                link=str(item.get("url") or "").strip()[:500],
                title=_plain(str(item.get("title") or ""))[:255],
                html=str(item.get("content_html") or "")
                or f"<p>{escape(str(item.get('content_text') or ''))}</p>",
                published=published,
                document_number=str(gov.get("document_number") or ""),
                issuer=str(gov.get("issuer") or ""),
                written_date=_date(str(gov.get("written_date") or "")),
                topic=str(gov.get("topic") or ""),
                doctype=str(gov.get("doctype") or ""),
                index_number=str(gov.get("index_number") or ""),
            )
        )
    return entries


def _plain(text: str) -> str:
    import nh3

    return " ".join(nh3.clean(text or "", tags=set()).split())


def _date(text: str) -> datetime.date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        match = DATE_IN_TEXT.search(text)
        if match:
            try:
                return datetime.date(*(int(part) for part in match.groups()))
            except ValueError:
                return None
    return None


# -- importing ------------------------------------------------------------------------------


def feed_import(*, feed: UpstreamFeed, today: datetime.date | None = None) -> dict:
    """Check one feed now; record its status; returns counts."""
    now = timezone.now()
    counts = {"created": 0, "updated": 0, "unchanged": 0, "invalid": 0}
    note = ""
    try:
        entries = feed_parse(feed_fetch(feed.url))
        valid = [entry for entry in entries if entry.key and entry.title]
        counts["invalid"] = len(entries) - len(valid)
        if len(valid) > MAX_ITEMS_PER_RUN:
            note = f"订阅源有 {len(valid)} 条，超过单次上限，本次处理最新 {MAX_ITEMS_PER_RUN} 条。"
            epoch = datetime.datetime.min.replace(tzinfo=datetime.UTC)
            valid = sorted(valid, key=lambda entry: entry.published or epoch, reverse=True)
            valid = valid[:MAX_ITEMS_PER_RUN]
        with schema_context(feed.target.schema_name):
            for entry in valid:
                counts[_entry_import(feed, entry, today=today or timezone.localdate())] += 1
    except FeedError as error:
        UpstreamFeed.objects.filter(pk=feed.pk).update(
            last_checked_at=now, last_error=str(error)[:2000], last_note=""
        )
        return {**counts, "error": str(error)}
    if counts["invalid"]:
        note = (note + f" {counts['invalid']} 条缺少标题或标识，已跳过。").strip()
    UpstreamFeed.objects.filter(pk=feed.pk).update(
        last_checked_at=now,
        last_success_at=now,
        last_error="",
        last_note=note[:200],
        items_imported=UpstreamItem.objects.filter(feed=feed).count(),
    )
    return counts


def _entry_import(feed: UpstreamFeed, entry: FeedEntry, *, today: datetime.date) -> str:
    from sites.core.models import CopyOrigin
    from sites.disclosure.docnumber import document_number_parse
    from sites.disclosure.models import PolicyDocumentIssuer, PolicyDocumentPage

    from .copying import _column, _free_slug

    item = UpstreamItem.objects.filter(feed=feed, key=entry.key).first()
    if item is not None and item.content_hash == entry.content_hash:
        return "unchanged"
    try:
        number = str(document_number_parse(entry.document_number)) if entry.document_number else ""
    except Exception:
        number = ""
    published_day = timezone.localdate(entry.published) if entry.published else today
    written = min(entry.written_date or published_day, today)
    fields = {
        "title": entry.title,
        "topic": entry.topic or feed.default_topic,
        "genre": feed.default_genre,
        "doctype": entry.doctype,
        "document_number": number,
        "written_date": written,
        "body": [("paragraph", entry.html)],
    }
    with transaction.atomic():
        if item is None:
            item = UpstreamItem.objects.create(
                feed=feed,
                key=entry.key,
                link=entry.link,
                title=entry.title,
                content_hash=entry.content_hash,
            )
        page = PolicyDocumentPage.objects.filter(pk=item.page_id).first() if item.page_id else None
        created = page is None
        if created:
            column = _column(feed.target_column)
            page = PolicyDocumentPage(
                slug=_free_slug(column, f"sj-{item.pk}"), live=False, **fields
            )
            page.index_number = entry.index_number[:64] or None
            page.issuers = [PolicyDocumentIssuer(name=(entry.issuer or feed.name)[:100])]
            column.add_child(instance=page)
            CopyOrigin.objects.create(
                page=page,
                source_schema=CopyOrigin.UPSTREAM,
                source_page_id=item.pk,
                source_site_name=feed.name[:100],
                source_url=entry.link or feed.url,
                source_published_at=entry.published,
                # The cluster's original is this import: copies on subscribers collapse onto it.
                canonical=f"{feed.target.schema_name}:{page.pk}",
                channel_name=feed.name[:60],
                delivered_at=timezone.now(),
            )
        else:
            for name, value in fields.items():
                setattr(page, name, value)
            page.issuers = [PolicyDocumentIssuer(name=(entry.issuer or feed.name)[:100])]
        page.save_revision().publish(skip_permission_checks=True)
        UpstreamItem.objects.filter(pk=item.pk).update(
            page_id=page.pk, title=entry.title, content_hash=entry.content_hash, link=entry.link
        )
    return "created" if created else "updated"


# -- scheduling ------------------------------------------------------------------------------


@task()
def feed_import_task(feed_id: int) -> dict:
    feed = UpstreamFeed.objects.select_related("target").filter(pk=feed_id, active=True).first()
    if feed is None:
        return {}
    return feed_import(feed=feed)


def feeds_due(now=None) -> list[UpstreamFeed]:
    now = now or timezone.now()
    return [
        feed
        for feed in UpstreamFeed.objects.filter(active=True).select_related("target")
        if feed.last_checked_at is None
        or feed.last_checked_at <= now - datetime.timedelta(minutes=feed.interval_minutes)
    ]


@task()
def feeds_schedule() -> int:
    """Queue every due feed's import in its site's schema, then come back in a minute."""
    due = feeds_due()
    for feed in due:
        UpstreamFeed.objects.filter(pk=feed.pk).update(last_checked_at=timezone.now())
        enqueue(feed_import_task, feed.pk, schema=feed.target.schema_name)
    feeds_schedule_ensure(delay_seconds=SCHEDULE_SECONDS)
    return len(due)


def feeds_schedule_ensure(*, delay_seconds: int = 0) -> None:
    """Keep exactly one scheduler task queued (the worker calls this on start)."""
    periodic_ensure(
        feeds_schedule, run_after=timezone.now() + datetime.timedelta(seconds=delay_seconds)
    )
