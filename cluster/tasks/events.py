"""Wagtail's page signals and the site services' changes, as pipeline events.

Connected in ``TasksConfig.ready``. A handler only builds the event and hands it to
``pipeline.emit``, which waits for the transaction to commit; the work happens in the
consumers' tasks, never in the request.
"""

import logging

from django.db import connection

from . import pipeline
from .pipeline import Event

logger = logging.getLogger(__name__)


def _schema() -> str:
    return getattr(connection, "schema_name", "public")


def _emit(kind: str, page, **data) -> None:
    from django.conf import settings

    if _schema() in ("public", settings.TENANT_BASE_SCHEMA):
        # The onboarding template is not a site: nothing outside it cares about its pages.
        return
    try:
        pipeline.emit(Event(kind=kind, schema=_schema(), page_id=page.pk, data=data))
    except Exception:
        # A side effect must never undo the editor's publish.
        logger.exception("Could not emit %s for page %s", kind, page.pk)


def on_page_published(sender, instance, revision=None, **kwargs):
    _emit(pipeline.PAGE_PUBLISHED, instance)


def on_page_unpublished(sender, instance, **kwargs):
    _emit(pipeline.PAGE_UNPUBLISHED, instance)


def on_page_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    _emit(
        pipeline.PAGE_MOVED,
        instance,
        url_path_before=kwargs.get("url_path_before", ""),
        url_path_after=kwargs.get("url_path_after", ""),
    )


def on_page_deleted(sender, instance, **kwargs):
    # Sent once per page row (sender=Page), also for every descendant deleted with it.
    _emit(pipeline.PAGE_DELETED, instance, url_path=instance.url_path)


def pages_added(pages) -> None:
    """Pages written published without Wagtail's publish action (standard pages added to a
    live site by ``site_add_standard_pages``): the same event a publish sends, so search
    indexes them and the page cache purges the columns that list them."""
    for page in pages:
        _emit(pipeline.PAGE_PUBLISHED, page)


def site_event(kind: str, tenant, **data) -> None:
    """For the site services: suspended, reactivated, archived, domain changed."""
    pipeline.emit(Event(kind=kind, schema=tenant.schema_name, data=data))


def connect() -> None:
    from django.db.models.signals import post_delete
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(on_page_published, dispatch_uid="pipeline.page_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="pipeline.page_unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="pipeline.page_moved")
    post_delete.connect(on_page_deleted, sender=Page, dispatch_uid="pipeline.page_deleted")
