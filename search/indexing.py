"""The search consumer of the publish pipeline: keeps the cluster index in step with the sites.

Every handler is idempotent (documents are keyed by ``<schema>:<page_id>``), so a
redelivered event changes nothing. It runs in the event's schema, in a background task.
"""

import logging

from wagtail.models import Page

from cluster.tasks import pipeline
from cluster.tenants.selectors import tenant_current

from .backends.registry import write_backends
from .documents import document_id, page_document, site_documents, site_searchable

logger = logging.getLogger(__name__)

CONSUMER = "search.index"


def index_page_and_descendants(page_id: int, schema: str) -> None:
    tenant = tenant_current()
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        remove_ids([document_id(schema, page_id)])
        return
    documents, gone = [], []
    for each in Page.objects.filter(path__startswith=page.path).specific().iterator():
        document = page_document(each, tenant=tenant)
        if document is None:
            gone.append(document_id(schema, each.pk))
        else:
            documents.append(document)
    for backend in write_backends():
        if documents:
            backend.index(documents)
        if gone:
            backend.delete(gone)


def remove_ids(ids: list[str]) -> None:
    for backend in write_backends():
        backend.delete(ids)


def rebuild_site(schema: str) -> int:
    documents = list(site_documents())
    for backend in write_backends():
        backend.rebuild(documents, schema=schema)
    return len(documents)


def handle(event: pipeline.Event) -> None:
    kind, schema = event.kind, event.schema
    if kind in (pipeline.PAGE_PUBLISHED, pipeline.PAGE_MOVED):
        # A move changes the URL of the page and of everything below it.
        index_page_and_descendants(event.page_id, schema)
    elif kind == pipeline.PAGE_UNPUBLISHED:
        index_page_and_descendants(event.page_id, schema)
    elif kind == pipeline.PAGE_DELETED:
        remove_ids([document_id(schema, event.page_id)])
    elif kind in (pipeline.SITE_SUSPENDED, pipeline.SITE_ARCHIVED):
        if not site_searchable(tenant_current()):
            for backend in write_backends():
                backend.delete_site(schema)
    elif kind in (pipeline.SITE_REACTIVATED, pipeline.SITE_DOMAIN_CHANGED):
        rebuild_site(schema)


def register() -> None:
    pipeline.register(CONSUMER, handle, kinds=pipeline.PAGE_EVENTS | pipeline.SITE_EVENTS)
