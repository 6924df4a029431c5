"""What the rules read of one site, gathered once per run inside that site's schema.

A handful of queries whatever the site's size: the public pages (paths, types, dates),
the columns, the article dates, the open letters and the page bodies for their links.
Everything else is computed here in Python (newest item per column by walking each
item's ancestors' tree paths), so a pass over a site costs about the same whether its
columns hold ten pages or ten thousand.
"""

import dataclasses
import datetime
import json
import re

from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, get_page_models

from sites.core.visibility import public_pages

STEP = Page.steplen

NEWS, NOTICES, POLICY = "news", "notices", "policy"
KIND_LABELS = {NEWS: "动态/要闻", NOTICES: "通知公告", POLICY: "政策文件"}
# The home page's listing blocks say what kind of column they point at.
BLOCK_KINDS = {"headlines": NEWS, "notices": NOTICES, "documents": POLICY}


@dataclasses.dataclass
class Column:
    id: int
    title: str
    path: str
    url: str
    kind: str | None
    newest: datetime.date | None
    has_children: bool


@dataclasses.dataclass
class SiteSnapshot:
    tenant: object
    today: datetime.date
    columns: list[Column]
    home_news_ids: list[int]
    open_letters: list[tuple[str, datetime.date, datetime.date]]  # number, received, due
    backdated: list[dict]
    links: list[tuple[int, str, str]]  # page id, page title, link (href or "page:N")
    public_ids: set[int]
    public_paths: set[str]
    routable_paths: set[str]


def _kind_by_title(title: str) -> str | None:
    if "通知" in title or "公告" in title:
        return NOTICES
    if "动态" in title or "要闻" in title or "新闻" in title:
        return NEWS
    return None


def _content_models():
    from sites.core.models import BodyMixin
    from sites.disclosure.models import PolicyDocumentPage

    models = [model for model in get_page_models() if issubclass(model, BodyMixin)]
    if PolicyDocumentPage not in models:
        models.append(PolicyDocumentPage)
    return models


def _column_models():
    from sites.core.models import ColumnPage
    from sites.disclosure.models import DisclosureCategoryPage
    from sites.news.models import NewsIndexPage

    return [ColumnPage, NewsIndexPage, DisclosureCategoryPage]


def _home_blocks(home) -> list[tuple[str, dict]]:
    if home is None:
        return []
    return [(block.get("type"), block.get("value") or {}) for block in home.specific.body.raw_data]


def snapshot_take(*, tenant, today: datetime.date | None = None) -> SiteSnapshot:
    """Read everything the rules need from the current schema (one site)."""
    from sites.letters.models import OPEN_STATUSES, Letter
    from sites.news.models import ArticlePage
    from sites.portal.models import HomePage

    today = today or timezone.localdate()
    home = HomePage.objects.live().first()
    home_prefix = home.url_path if home else "/"

    def relative(url_path: str) -> str:
        return "/" + url_path[len(home_prefix) :] if url_path.startswith(home_prefix) else url_path

    public = list(public_pages().values_list("pk", "path", "url_path", "content_type_id"))
    public_ids = {pk for pk, _path, _url, _type in public}
    public_paths = {relative(url) for _pk, _path, url, _type in public}
    parent_paths = {path[:-STEP] for _pk, path, _url, _type in public}
    routable_types = {
        ct for ct, model in _content_types().items() if issubclass(model, RoutablePageMixin)
    }
    routable_paths = {relative(url) for _pk, _path, url, ct in public if ct in routable_types}

    # The newest item of every column: each public item raises its ancestors' dates.
    content_types = {ct for ct, model in _content_types().items() if model in _content_models()}
    article_dates = dict(ArticlePage.objects.live().values_list("pk", "date"))
    dated = public_pages(Page.objects.filter(content_type_id__in=content_types)).values_list(
        "pk", "path", "first_published_at"
    )
    newest: dict[str, datetime.date] = {}
    for pk, path, first_published in dated:
        published = timezone.localdate(first_published) if first_published else None
        shown = article_dates.get(pk)
        # The date the public sees, but never later than the first publication: a date
        # typed into the future does not make a column look fresh.
        day = min(d for d in (shown, published) if d) if (shown or published) else None
        if day is None:
            continue
        for length in range(STEP, len(path), STEP):
            ancestor = path[:length]
            if newest.get(ancestor) is None or newest[ancestor] < day:
                newest[ancestor] = day

    blocks = _home_blocks(home)
    block_kinds: dict[int, str] = {}
    home_news_ids = []
    for block_type, value in blocks:
        column_id = value.get("column") if isinstance(value, dict) else None
        if block_type in BLOCK_KINDS and isinstance(column_id, int):
            block_kinds.setdefault(column_id, BLOCK_KINDS[block_type])
            if block_type == "headlines":
                home_news_ids.append(column_id)

    column_types = {ct for ct, model in _content_types().items() if model in _column_models()}
    column_rows = public_pages(
        Page.objects.filter(content_type_id__in=column_types)
        | Page.objects.filter(pk__in=list(block_kinds))
    ).values_list("pk", "title", "path", "url_path", "content_type_id")
    category_type = _category_content_type()
    columns = []
    for pk, title, path, url_path, ct in column_rows:
        kind = block_kinds.get(pk) or (POLICY if ct == category_type else _kind_by_title(title))
        columns.append(
            Column(
                id=pk,
                title=title,
                path=path,
                url=relative(url_path),
                kind=kind,
                newest=newest.get(path),
                has_children=path in parent_paths,
            )
        )

    open_letters = [
        (number, timezone.localdate(received), due)
        for number, received, due in Letter.objects.filter(
            status__in=OPEN_STATUSES, replied_at__isnull=True
        ).values_list("tracking_number", "received_at", "due_on")
    ]

    backdated = []
    for pk, title, shown, first_published in ArticlePage.objects.live().values_list(
        "pk", "title", "date", "first_published_at"
    ):
        if first_published and shown < timezone.localdate(first_published):
            backdated.append(
                {
                    "id": pk,
                    "title": title,
                    "date": shown.isoformat(),
                    "first_published": timezone.localdate(first_published).isoformat(),
                }
            )

    return SiteSnapshot(
        tenant=tenant,
        today=today,
        columns=columns,
        home_news_ids=home_news_ids,
        open_letters=open_letters,
        backdated=backdated,
        links=_links(public_ids, blocks),
        public_ids=public_ids,
        public_paths=public_paths,
        routable_paths=routable_paths,
    )


_TYPES: dict = {}


def _content_types() -> dict:
    """{content type id: page model} (content types live in every schema alike)."""
    if not _TYPES:
        from django.contrib.contenttypes.models import ContentType

        for model in get_page_models():
            _TYPES[ContentType.objects.get_for_model(model).pk] = model
    return _TYPES


def _category_content_type():
    from sites.disclosure.models import DisclosureCategoryPage

    return next(
        (ct for ct, model in _content_types().items() if model is DisclosureCategoryPage), None
    )


ANCHOR = re.compile(r"<a\b([^>]*)>", re.I)
ATTRIBUTE = re.compile(r'([\w-]+)\s*=\s*"([^"]*)"')


def links_in_html(html: str) -> list[str]:
    """Links of a rich text: ``page:N`` / ``document:N`` for Wagtail's own, else the href."""
    found = []
    for match in ANCHOR.finditer(html):
        attributes = dict(ATTRIBUTE.findall(match.group(1)))
        linktype = attributes.get("linktype")
        if linktype in ("page", "document") and attributes.get("id", "").isdigit():
            found.append(f"{linktype}:{attributes['id']}")
        elif attributes.get("href"):
            found.append(attributes["href"])
    return found


def _walk(value, found: list[str]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("page", "column") and isinstance(item, int):
                found.append(f"page:{item}")
            elif key == "url" and isinstance(item, str) and item:
                found.append(item)
            else:
                _walk(item, found)
    elif isinstance(value, list):
        for item in value:
            _walk(item, found)
    elif isinstance(value, str) and "<a" in value:
        found.extend(links_in_html(value))


def _links(public_ids: set[int], home_blocks) -> list[tuple[int, str, str]]:
    from sites.portal.models import HomePage

    links = []
    for model in _content_models():
        rows = (
            model.objects.filter(pk__in=public_ids)
            .annotate(body_text=Cast("body", TextField()))
            .values_list("pk", "title", "body_text")
        )
        for pk, title, body in rows:
            if not body or ("<a" not in body and '"url"' not in body and '"page"' not in body):
                continue
            found: list[str] = []
            _walk(json.loads(body), found)
            links.extend((pk, title, link) for link in found)
    home = HomePage.objects.live().values_list("pk", "title").first()
    if home:
        found = []
        _walk([value for _type, value in home_blocks], found)
        links.extend((home[0], home[1], link) for link in found)
    return links


def site_paths() -> tuple[set[str], set[str]]:
    """The current site's public page paths and those of its pages that route sub-paths."""
    from sites.portal.models import HomePage

    home = HomePage.objects.live().values_list("url_path", flat=True).first() or "/"
    routable_types = {
        ct for ct, model in _content_types().items() if issubclass(model, RoutablePageMixin)
    }
    paths, routable = set(), set()
    for url_path, ct in public_pages().values_list("url_path", "content_type_id"):
        path = "/" + url_path[len(home) :] if url_path.startswith(home) else url_path
        paths.add(path)
        if ct in routable_types:
            routable.add(path)
    return paths, routable


def key_paths(limit: int = 4) -> list[str]:
    """The current site's pages an availability probe requests: the home page, the
    columns its listing blocks show, and the 政府信息公开 section."""
    from sites.disclosure.models import DisclosureIndexPage
    from sites.portal.models import HomePage

    home = HomePage.objects.live().first()
    if home is None:
        return ["/"]
    ids = [
        value["column"]
        for block_type, value in _home_blocks(home)
        if block_type in BLOCK_KINDS
        and isinstance(value, dict)
        and isinstance(value.get("column"), int)
    ]
    pages = dict(public_pages(Page.objects.filter(pk__in=ids)).values_list("pk", "url_path"))
    section = public_pages(DisclosureIndexPage.objects.all()).values_list("url_path", flat=True)
    paths = ["/"]
    for url_path in [*(pages[pk] for pk in ids if pk in pages), *section]:
        path = "/" + url_path[len(home.url_path) :]
        if path not in paths:
            paths.append(path)
    return paths[:limit]
