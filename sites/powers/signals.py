"""The 权责清单 page's own events also change the cluster's list: where its entries link
to, and whether the site shows any. Connected in apps.py; each only emits an event."""

import logging

from django.db import connection
from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import PowerListPage

logger = logging.getLogger(__name__)


def _emit() -> None:
    from cluster.tasks import pipeline

    from .services import POWERS_CHANGED

    try:
        from django.conf import settings

        if connection.schema_name in ("public", settings.TENANT_BASE_SCHEMA):
            return
        pipeline.emit(pipeline.Event(kind=POWERS_CHANGED, schema=connection.schema_name))
    except Exception:
        # A side effect must never undo the editor's publish.
        logger.exception("Could not emit the powers list change")


def list_page_changed(sender, **kwargs) -> None:
    _emit()


def page_moved(sender, instance, **kwargs) -> None:
    """A move of the list page or of a column above it changes the entries' addresses."""
    if PowerListPage.objects.filter(path__startswith=instance.path).exists():
        _emit()


def connect() -> None:
    page_published.connect(
        list_page_changed, sender=PowerListPage, dispatch_uid="powers.list_page_published"
    )
    page_unpublished.connect(
        list_page_changed, sender=PowerListPage, dispatch_uid="powers.list_page_unpublished"
    )
    post_delete.connect(
        list_page_changed, sender=PowerListPage, dispatch_uid="powers.list_page_deleted"
    )
    post_page_move.connect(page_moved, dispatch_uid="powers.list_page_moved")
