"""Page → cluster index document: what the public may find, and nothing else.

Runs inside the site's schema (a pipeline task or ``manage.py reindex``). Whether a page
is indexed, and with how much text, is decided by the one visibility rule
(``sites.core.visibility``) and the site's status (``site_searchable``); this module
only reads what they allow.
"""

from collections.abc import Iterator

from django.utils.html import strip_tags

from cluster.tenants.models import Tenant
from cluster.tenants.selectors import site_root_url, tenant_current
from sites.core.selectors import page_copy_origin, page_public_url
from sites.core.visibility import Visibility, full_text_pages, page_visibility, public_pages

from .backends.base import SearchDocument

# Page types the public searches for, and the content type each is filed under.
CONTENT_TYPES = {
    "disclosure.policydocumentpage": "policy_document",
    "disclosure.interpretationpage": "interpretation",
    "news.articlepage": "article",
    "disclosure.annualreportpage": "annual_report",
    "disclosure.disclosureguidepage": "page",
    # The draft's description and attachments, and the published 采纳情况; never the
    # comments (rows, not page text). An interview by its intro and, once made, its 实录;
    # the live Q&A is not page text either.
    "consultations.consultationpage": "consultation",
    "consultations.consultationfeedbackpage": "consultation",
    "consultations.interviewpage": "interview",
}
CONTENT_TYPE_LABELS = {
    "policy_document": "政府文件",
    "interpretation": "政策解读",
    "article": "新闻动态",
    "annual_report": "年度报告",
    "consultation": "意见征集",
    "interview": "在线访谈",
    "page": "其他",
}


def site_searchable(tenant: Tenant | None) -> bool:
    """A suspended site leaves the public results at once; an archived one stays if chosen."""
    if tenant is None or tenant.is_platform:
        return False
    if tenant.is_suspended:
        return False
    if tenant.is_archived:
        return tenant.searchable_when_archived
    return True


def document_id(schema: str, page_id: int) -> str:
    return f"{schema}:{page_id}"


def _content_type(page) -> str | None:
    return CONTENT_TYPES.get(page._meta.label_lower)


def _site_path(tenant: Tenant) -> tuple[int, ...]:
    path, node, seen = [], tenant, set()
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        path.append(node.pk)
        node = node.parent
    return tuple(path)


def _stream_text(value) -> list[str]:
    if not value:
        return []
    texts = []
    for block in value:
        texts.extend(str(text) for text in block.block.get_searchable_content(block.value))
    return texts


def _body_text(page) -> str:
    parts = [getattr(page, "summary", "") or page.search_description]
    parts += _stream_text(getattr(page, "body", None))
    for name in ("intro", "section_one", "section_five", "section_six", "transcript"):
        value = getattr(page, name, "")
        if isinstance(value, str) and value:
            parts.append(strip_tags(value))
    if hasattr(page, "attachments"):
        from .extract import attachments_text

        parts.append(attachments_text(page.attachments))
    return " ".join(" ".join(part.split()) for part in parts if part)


def _canonical_id(page) -> str:
    """A syndicated copy shares its source's id, so the cluster results collapse copies."""
    origin = page_copy_origin(page)
    return origin.canonical_id if origin is not None else ""


def _topic_parent(code: str) -> str:
    if not code:
        return ""
    from cluster.vocabularies.models import Term, Vocabulary

    parent = (
        Term.objects.filter(vocabulary=Vocabulary.TOPIC, code=code)
        .values_list("parent__code", flat=True)
        .first()
    )
    return parent or code


def page_document(
    page,
    *,
    tenant: Tenant | None = None,
    root_url: str | None = None,
    visibility: Visibility | None = None,
):
    """The index document of `page`, or None when the public may not find it.

    `visibility` may be passed by a caller that already knows it from ``public_pages`` /
    ``full_text_pages`` (a rebuild), to spare a query per page.
    """
    tenant = tenant or tenant_current()
    page = page.specific
    content_type = _content_type(page)
    if content_type is None or not site_searchable(tenant):
        return None
    if visibility is None:
        visibility = page_visibility(page)
    if visibility == Visibility.HIDDEN:
        return None
    url = page_public_url(page, root_url=root_url or site_root_url())
    if url is None:
        return None
    fields = {}
    if content_type == "policy_document":
        fields = {
            "topic": page.topic,
            "topic_parent": _topic_parent(page.topic),
            "doctype": page.doctype,
            "issuers": tuple(issuer.name for issuer in page.issuers.all()),
            "document_number": page.document_number,
            "number_agency": page.number_agency,
            "number_year": page.number_year,
            "number_serial": page.number_serial,
            "index_number": page.index_number or "",
            "written_date": page.written_date,
            "validity": page.validity,
        }
    return SearchDocument(
        id=document_id(tenant.schema_name, page.pk),
        schema=tenant.schema_name,
        page_id=page.pk,
        tenant_id=tenant.pk,
        site_name=tenant.name,
        site_level=tenant.level,
        site_path=_site_path(tenant),
        url=url,
        title=page.title,
        body=_body_text(page) if visibility == Visibility.FULL else "",
        content_type=content_type,
        published_at=page.first_published_at,
        canonical_id=_canonical_id(page),
        **fields,
    )


def site_documents(tenant: Tenant | None = None) -> Iterator[SearchDocument]:
    """Every document of the current site's schema, for a rebuild."""
    tenant = tenant or tenant_current()
    if not site_searchable(tenant):
        return
    root_url = site_root_url()
    pages = public_pages().filter(
        content_type__model__in=[label.split(".")[1] for label in CONTENT_TYPES],
        content_type__app_label__in={label.split(".")[0] for label in CONTENT_TYPES},
    )
    full_text = set(full_text_pages(pages).values_list("pk", flat=True))
    for page in pages.specific().iterator(chunk_size=200):
        visibility = Visibility.FULL if page.pk in full_text else Visibility.METADATA
        document = page_document(page, tenant=tenant, root_url=root_url, visibility=visibility)
        if document is not None:
            yield document
