"""The worker writes buffered views every ``PAGEVIEWS_FLUSH_SECONDS``: one task per site that
has views waiting, then the schedule comes back."""

import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from cluster.tasks.api import enqueue


@task()
def page_views_flush_site() -> int:
    from .services import page_views_flush

    return page_views_flush()


@task()
def page_views_flush_all() -> int:
    from cluster.tenants.models import Tenant

    from . import buffer

    waiting = buffer.schemas_pending()
    known = set(
        Tenant.objects.filter(schema_name__in=waiting).values_list("schema_name", flat=True)
    )
    for schema in waiting:
        if schema in known:
            enqueue(page_views_flush_site, schema=schema)
    if page_views_flush_all.get_backend().supports_defer:
        page_views_flush_ensure(delay_seconds=settings.PAGEVIEWS_FLUSH_SECONDS)
    return len(known)


def page_views_flush_ensure(*, delay_seconds: int = 0) -> None:
    """Keep exactly one flush round queued (the worker calls this on start)."""
    backend = page_views_flush_all.get_backend()
    if not backend.supports_defer:
        return
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(
        task_path=page_views_flush_all.module_path, status=TaskResultStatus.READY
    ).exists():
        return
    enqueue(
        page_views_flush_all,
        schema="public",
        run_after=timezone.now() + datetime.timedelta(seconds=delay_seconds),
    )
