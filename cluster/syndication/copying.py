"""A source page as it may travel (``snapshot_take``) and its copy on a subscriber (``copy_write``).

The snapshot is read inside the source's schema and holds only what the one visibility
rule lets the public read: a live, unrestricted page whose text is public
(``Visibility.FULL``). Drafts, later unpublished revisions, private pages and
依申请公开 documents never leave the source. Attachments and images travel as
bytes and are stored in the subscriber's own collection, deduplicated by content hash
(docs/decisions/0009-syndicated-copies.md); links to other pages of the source become
absolute links to the source site.
"""

import hashlib
import re
import threading
import time
from dataclasses import dataclass, field, replace

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from django_tenants.utils import schema_context
from modelcluster.models import get_all_child_relations
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Collection, Page

from cluster.tenants.selectors import site_root_url, tenant_current
from sites.core.models import CopyOrigin
from sites.core.selectors import page_public_url
from sites.core.visibility import Visibility, page_visibility

COPY_COLLECTION = "转载附件"

# Page fields that belong to the copy's place in its own site, never taken from the source.
LOCAL_PAGE_FIELDS = {
    "id",
    "page_ptr",
    "path",
    "depth",
    "numchild",
    "url_path",
    "content_type",
    "owner",
    "locked",
    "locked_at",
    "locked_by",
    "live",
    "has_unpublished_changes",
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
    "latest_revision",
    "live_revision",
    "draft_title",
    "locale",
    "translation_key",
    "alias_of",
    "go_live_at",
    "expire_at",
    "expired",
    "show_in_menus",
    "slug",
}

RICH_TEXT_LINK = re.compile(r'<a linktype="page" id="(\d+)"')
RICH_TEXT_DOCUMENT = re.compile(r'(<a linktype="document" id=")(\d+)(")')
RICH_TEXT_IMAGE = re.compile(r'(<embed[^>]*embedtype="image"[^>]*id=")(\d+)(")')


@dataclass
class FileSnapshot:
    title: str
    name: str
    content: bytes

    @property
    def sha1(self) -> str:
        return hashlib.sha1(self.content).hexdigest()  # noqa: S324 (a content key, not security)


@dataclass
class Snapshot:
    """One live source page, ready to be written into any subscriber."""

    source_schema: str
    page_id: int
    revision_id: int | None
    model_label: str
    title: str
    slug: str
    values: dict
    children: dict  # relation name -> [row values]
    documents: dict[int, FileSnapshot] = field(default_factory=dict)
    images: dict[int, FileSnapshot] = field(default_factory=dict)
    page_urls: dict[int, str] = field(default_factory=dict)
    source_url: str = ""
    source_site_name: str = ""
    source_published_at: object = None
    superseded_by: tuple[int, str, str] | None = None  # (source page id, url, title)
    # Child rows that point at other pages of the source: (relation, field, source page id).
    page_references: list = field(default_factory=list)
    canonical: str = ""  # set when the source page is itself an upstream import

    @property
    def canonical_id(self) -> str:
        return self.canonical or f"{self.source_schema}:{self.page_id}"


# -- walking stored values -------------------------------------------------------


def _walk_block(block, value, visit):
    """Return `value` of `block` (in its stored JSON form) with chooser ids passed to `visit`."""
    if value is None:
        return value
    if isinstance(block, DocumentChooserBlock):
        return visit("document", value)
    if isinstance(block, ImageChooserBlock):
        return visit("image", value)
    if isinstance(block, blocks.RichTextBlock):
        return visit("rich_text", value)
    if isinstance(block, blocks.StructBlock):
        return {
            name: _walk_block(block.child_blocks[name], item, visit)
            if name in block.child_blocks
            else item
            for name, item in value.items()
        }
    if isinstance(block, blocks.ListBlock):
        return [
            {**item, "value": _walk_block(block.child_block, item["value"], visit)}
            if isinstance(item, dict) and "value" in item and "type" in item
            else _walk_block(block.child_block, item, visit)
            for item in value
        ]
    if isinstance(block, blocks.StreamBlock):
        return [
            {**item, "value": _walk_block(block.child_blocks[item["type"]], item["value"], visit)}
            for item in value
            if item.get("type") in block.child_blocks
        ]
    return value


def _rich_text_ids(html: str) -> tuple[set[int], set[int], set[int]]:
    pages = {int(found) for found in RICH_TEXT_LINK.findall(html or "")}
    documents = {int(match[1]) for match in RICH_TEXT_DOCUMENT.findall(html or "")}
    images = {int(match[1]) for match in RICH_TEXT_IMAGE.findall(html or "")}
    return pages, documents, images


def _stream_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, StreamField)]


def _copied_fields(model):
    """The concrete fields of `model` a copy takes from its source."""
    for model_field in model._meta.concrete_fields:
        if model_field.name in LOCAL_PAGE_FIELDS or model_field.primary_key:
            continue
        if model_field.is_relation:
            continue  # page and user references are the source's ids; mapped separately
        yield model_field


# -- the source side ---------------------------------------------------------------


def snapshot_take(source_schema: str, page_id: int) -> Snapshot | None:
    """The live public version of a source page, or None when none may travel."""
    with schema_context(source_schema):
        page = Page.objects.filter(pk=page_id).first()
        if page is None:
            return None
        page = page.specific
        if page_visibility(page) != Visibility.FULL:
            return None
        origin = CopyOrigin.objects.filter(page_id=page.pk).first()
        if origin is not None and not origin.is_upstream_import:
            return None  # a copy is never passed on: subscribers get the original
        snapshot = _snapshot_cached(page, source_schema)
        if origin is not None:
            # An upstream import passes on the upstream's date, not the day it was imported.
            snapshot = replace(
                snapshot,
                canonical=origin.canonical_id,
                source_published_at=origin.source_published_at or page.first_published_at,
            )
        return snapshot


# A fan-out asks each worker for the same snapshot once per subscriber: one per version of
# the page is built and its files read once, then reused for a short while. The key holds
# what a snapshot is made of (the live revision, the page's place for its URL, the document
# that supersedes it); visibility and origin are checked on every call, above.
SNAPSHOT_SECONDS = 60
SNAPSHOT_ENTRIES = 4
_snapshots: dict[tuple, tuple[float, Snapshot]] = {}
_snapshots_lock = threading.Lock()


def _snapshot_cached(page, source_schema: str) -> Snapshot:
    key = (
        source_schema,
        page.pk,
        page.live_revision_id,
        page.last_published_at,
        page.url_path,
        getattr(page, "superseded_by_id", None),
    )
    now = time.monotonic()
    with _snapshots_lock:
        for stale in [k for k, (at, _s) in _snapshots.items() if now - at > SNAPSHOT_SECONDS]:
            del _snapshots[stale]
        if key in _snapshots:
            return _snapshots[key][1]
    snapshot = _snapshot(page, source_schema)
    with _snapshots_lock:
        while len(_snapshots) >= SNAPSHOT_ENTRIES:
            del _snapshots[min(_snapshots, key=lambda k: _snapshots[k][0])]
        _snapshots[key] = (now, snapshot)
    return snapshot


def snapshots_forget() -> None:
    with _snapshots_lock:
        _snapshots.clear()


def _snapshot(page, source_schema: str) -> Snapshot:
    model = type(page)
    tenant = tenant_current()
    root_url = site_root_url()
    values, page_ids, document_ids, image_ids = {}, set(), set(), set()

    def collect(kind, value):
        if kind == "document":
            document_ids.add(int(value))
        elif kind == "image":
            image_ids.add(int(value))
        elif kind == "rich_text":
            found_pages, found_documents, found_images = _rich_text_ids(value)
            page_ids.update(found_pages)
            document_ids.update(found_documents)
            image_ids.update(found_images)
        return value

    for model_field in _copied_fields(model):
        value = model_field.value_from_object(page)
        if isinstance(model_field, StreamField):
            value = _walk_block(model_field.stream_block, list(value.raw_data), collect)
        elif isinstance(model_field, RichTextField):
            collect("rich_text", value)
        values[model_field.attname] = value

    children, references = {}, []
    for relation in get_all_child_relations(model):
        name = relation.get_accessor_name()
        rows = []
        for child in getattr(page, name).all():
            row = {}
            for child_field in child._meta.concrete_fields:
                if child_field.primary_key or child_field.name == relation.field.name:
                    continue
                if child_field.is_relation:
                    target = child_field.related_model
                    if target is not None and issubclass(target, Page):
                        referenced = getattr(child, child_field.attname)
                        row[child_field.attname] = referenced
                        if referenced:
                            references.append((name, child_field.attname, referenced))
                    continue
                row[child_field.attname] = child_field.value_from_object(child)
            rows.append(row)
        children[name] = rows

    superseded_by = None
    superseding_id = getattr(page, "superseded_by_id", None)
    if superseding_id:
        superseding = Page.objects.filter(pk=superseding_id).first()
        if superseding is not None and page_visibility(superseding) != Visibility.HIDDEN:
            superseded_by = (
                superseding.pk,
                page_public_url(superseding, root_url=root_url) or "",
                superseding.title,
            )

    Document, Image = get_document_model(), get_image_model()  # noqa: N806
    documents = {
        document.pk: _file_snapshot(document)
        for document in Document.objects.filter(pk__in=document_ids)
    }
    images = {image.pk: _file_snapshot(image) for image in Image.objects.filter(pk__in=image_ids)}
    page_urls = {}
    for linked in Page.objects.filter(pk__in=page_ids):
        if page_visibility(linked) != Visibility.HIDDEN:
            page_urls[linked.pk] = page_public_url(linked, root_url=root_url) or root_url + "/"

    return Snapshot(
        source_schema=source_schema,
        page_id=page.pk,
        revision_id=page.live_revision_id,
        model_label=model._meta.label_lower,
        title=page.title,
        slug=page.slug,
        values=values,
        children=children,
        documents=documents,
        images=images,
        page_urls=page_urls,
        source_url=page_public_url(page, root_url=root_url) or "",
        source_site_name=tenant.name if tenant else source_schema,
        source_published_at=page.first_published_at,
        superseded_by=superseded_by,
        page_references=references,
    )


def _file_snapshot(item) -> FileSnapshot:
    with item.file.open("rb") as handle:
        content = handle.read()
    return FileSnapshot(title=item.title, name=item.file.name.rsplit("/", 1)[-1], content=content)


# -- the subscriber side -------------------------------------------------------------


class _Files:
    """Stores the snapshot's files in the subscriber's collection, once per content."""

    def __init__(self, snapshot: Snapshot):
        self.snapshot = snapshot
        self._documents: dict[int, int] = {}
        self._images: dict[int, int] = {}
        self._collection = None

    def collection(self):
        if self._collection is None:
            root = Collection.get_first_root_node()
            self._collection = root.get_children().filter(
                name=COPY_COLLECTION
            ).first() or root.add_child(name=COPY_COLLECTION)
        return self._collection

    def document(self, source_id: int) -> int | None:
        if source_id not in self._documents:
            snapshot = self.snapshot.documents.get(source_id)
            self._documents[source_id] = (
                None if snapshot is None else self._store(get_document_model(), snapshot).pk
            )
        return self._documents[source_id]

    def image(self, source_id: int) -> int | None:
        if source_id not in self._images:
            snapshot = self.snapshot.images.get(source_id)
            self._images[source_id] = (
                None
                if snapshot is None
                else self._store(get_image_model(), snapshot, image=True).pk
            )
        return self._images[source_id]

    def _store(self, model, snapshot: FileSnapshot, *, image=False):
        existing = model.objects.filter(file_hash=snapshot.sha1).first()
        if existing is not None:
            return existing
        content = ContentFile(snapshot.content, name=snapshot.name)
        item = model(
            title=snapshot.title,
            collection=self.collection(),
            file=ImageFile(content, name=snapshot.name) if image else content,
            file_size=len(snapshot.content),
            file_hash=snapshot.sha1,
        )
        item.save()
        return item


def _rewrite(snapshot: Snapshot, files: _Files):
    def rich_text(html: str) -> str:
        html = RICH_TEXT_LINK.sub(
            lambda match: f'<a href="{snapshot.page_urls.get(int(match[1]), snapshot.source_url)}"',
            html or "",
        )
        html = RICH_TEXT_DOCUMENT.sub(
            lambda match: f"{match[1]}{files.document(int(match[2])) or 0}{match[3]}", html
        )
        return RICH_TEXT_IMAGE.sub(
            lambda match: f"{match[1]}{files.image(int(match[2])) or 0}{match[3]}", html
        )

    def visit(kind, value):
        if kind == "document":
            return files.document(int(value))
        if kind == "image":
            return files.image(int(value))
        return rich_text(value)

    return visit, rich_text


def _column(path: str):
    """The target column (a page path of slugs under the home page) on this site."""
    home = Page.objects.filter(depth=2).first()
    if home is None:
        raise LookupError("本站没有首页，无法接收转载。")
    column = home
    for slug in [part for part in path.strip("/").split("/") if part]:
        column = column.get_children().filter(slug=slug).first()
        if column is None:
            raise LookupError(f"本站没有目标栏目“{path}”，请在订阅中选择已有栏目。")
    return column


def _free_slug(parent, slug: str, *, exclude_pk=None) -> str:
    siblings = parent.get_children()
    if exclude_pk:
        siblings = siblings.exclude(pk=exclude_pk)
    taken = set(siblings.values_list("slug", flat=True))
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


def copy_write(snapshot: Snapshot, *, target_column: str, publish: bool, channel_name: str = ""):
    """Create or update this site's copy of `snapshot`; returns (page, created).

    The update is a new revision: earlier ones stay in the copy's history. With
    ``publish`` the revision goes live at once (the copy's 发布日期 is then the day it
    was first delivered); without it the copy waits as a draft for the site's review.
    """
    from django.apps import apps

    model = apps.get_model(snapshot.model_label)
    origin = (
        CopyOrigin.objects.select_for_update()
        .filter(source_schema=snapshot.source_schema, source_page_id=snapshot.page_id)
        .first()
    )
    files = _Files(snapshot)
    visit, rich_text = _rewrite(snapshot, files)
    created = origin is None
    if created:
        parent = _column(target_column)
        page = model(title=snapshot.title, slug=_free_slug(parent, snapshot.slug), live=False)
    else:
        page = model.objects.get(pk=origin.page_id)

    for model_field in _copied_fields(model):
        value = snapshot.values.get(model_field.attname)
        if isinstance(model_field, StreamField):
            value = _walk_block(model_field.stream_block, value, visit)
        elif isinstance(model_field, RichTextField):
            value = rich_text(value)
        setattr(page, model_field.attname, value)
    page.title = snapshot.title
    _superseded_by_local(page, snapshot)
    _children_set(page, snapshot)

    if created:
        parent.add_child(instance=page)
        origin = CopyOrigin(
            page=page, source_schema=snapshot.source_schema, source_page_id=snapshot.page_id
        )
    origin.source_site_name = snapshot.source_site_name[:100]
    origin.source_url = snapshot.source_url
    origin.source_published_at = snapshot.source_published_at
    origin.source_revision_id = snapshot.revision_id
    origin.superseded_by_url = snapshot.superseded_by[1] if snapshot.superseded_by else ""
    origin.superseded_by_title = (snapshot.superseded_by[2] if snapshot.superseded_by else "")[:255]
    origin.canonical = snapshot.canonical_id
    origin.channel_name = channel_name[:60]
    origin.delivered_at = timezone.now()
    origin.save()

    revision = page.save_revision(log_action=True)
    if publish:
        revision.publish(skip_permission_checks=True)
    return page, created


def _superseded_by_local(page, snapshot: Snapshot) -> None:
    """Point 已修改/已废止 at this site's copy of the newer document when it has one."""
    if not any(f.attname == "superseded_by_id" for f in page._meta.concrete_fields):
        return
    local = None
    if snapshot.superseded_by:
        local = (
            CopyOrigin.objects.filter(
                source_schema=snapshot.source_schema, source_page_id=snapshot.superseded_by[0]
            )
            .values_list("page_id", flat=True)
            .first()
        )
    page.superseded_by_id = local


def _children_set(page, snapshot: Snapshot) -> None:
    """Replace the copy's child rows (发文机关, …) with the source's, mapping page references."""
    mapped = dict(
        CopyOrigin.objects.filter(
            source_schema=snapshot.source_schema,
            source_page_id__in=[ref for _rel, _field, ref in snapshot.page_references],
        ).values_list("source_page_id", "page_id")
    )
    for relation in get_all_child_relations(type(page)):
        name = relation.get_accessor_name()
        if name not in snapshot.children:
            continue
        child_model = relation.related_model
        references = {f.attname for f in child_model._meta.concrete_fields if f.is_relation}
        rows = []
        for values in snapshot.children[name]:
            row = dict(values)
            skip = False
            for attname in references & set(row):
                if row[attname] is not None:
                    row[attname] = mapped.get(row[attname])
                    skip = skip or row[attname] is None
            if not skip:
                rows.append(child_model(**row))
        setattr(page, name, rows)
