"""The search consumer of the publish pipeline: keeps the cluster index in step with the sites.

Every handler is idempotent (documents are keyed by ``<schema>:<page_id>``), so a
redelivered event changes nothing. It runs in the event's schema, in a background task.
PostgreSQL is written directly; the engine through its outbox, so an engine outage
queues the writes instead of failing them.
"""

import logging

from wagtail.models import Page

from cluster.tasks import pipeline
from cluster.tenants.selectors import tenant_current

from .backends.registry import engine_backend, postgres_backend
from .documents import document_id, page_document, site_documents, site_searchable

logger = logging.getLogger(__name__)

CONSUMER = "search.index"
INDEX, DELETE, DELETE_SITE = "index", "delete", "delete_site"


def apply(operations: list[tuple[str, object]]) -> None:
    """Write ("index", document) / ("delete", id) / ("delete_site", schema) everywhere."""
    if not operations:
        return
    postgres = postgres_backend()
    documents = [value for kind, value in operations if kind == INDEX]
    if documents:
        postgres.index(documents)
    deleted = [value for kind, value in operations if kind == DELETE]
    if deleted:
        postgres.delete(deleted)
    for kind, schema in operations:
        if kind == DELETE_SITE:
            postgres.delete_site(schema)
    engine = engine_backend()
    if engine is not None:
        from .outbox import engine_write, outbox_replay

        engine_write(backend=engine, operations=operations)
        # Whatever waited (these writes included, if the engine was down) goes now if it can.
        outbox_replay(backend=engine)


def page_operations(page_id: int, schema: str) -> list[tuple[str, object]]:
    """Index or drop the page and everything below it, as the visibility rule says now."""
    tenant = tenant_current()
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return [(DELETE, document_id(schema, page_id))]
    operations = []
    for each in Page.objects.filter(path__startswith=page.path).specific().iterator():
        document = page_document(each, tenant=tenant)
        if document is None:
            operations.append((DELETE, document_id(schema, each.pk)))
        else:
            operations.append((INDEX, document))
    return operations


def rebuild_site(schema: str) -> int:
    documents = list(site_documents())
    postgres_backend().rebuild(documents, schema=schema)
    engine = engine_backend()
    if engine is not None:
        engine.rebuild(documents, schema=schema)
    return len(documents)


def handle(event: pipeline.Event) -> None:
    kind, schema = event.kind, event.schema
    if kind in (pipeline.PAGE_PUBLISHED, pipeline.PAGE_UNPUBLISHED, pipeline.PAGE_MOVED):
        # Unpublishing drops what is no longer public; a move changes the URLs below too.
        apply(page_operations(event.page_id, schema))
    elif kind == pipeline.PAGE_DELETED:
        apply([(DELETE, document_id(schema, event.page_id))])
    elif kind in (pipeline.SITE_SUSPENDED, pipeline.SITE_ARCHIVED):
        if not site_searchable(tenant_current()):
            apply([(DELETE_SITE, schema)])
    elif kind in (pipeline.SITE_REACTIVATED, pipeline.SITE_DOMAIN_CHANGED):
        rebuild_site(schema)


def register() -> None:
    pipeline.register(CONSUMER, handle, kinds=pipeline.PAGE_EVENTS | pipeline.SITE_EVENTS)
