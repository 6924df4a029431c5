"""How the platform queues background work: every task names the schema it runs in.

``enqueue(task, *args, schema="site_x")`` queues ``task`` to run inside ``site_x``,
whatever schema the caller is on, so a fan-out from one site can target the others.
``enqueue_on_commit`` does the same once the caller's transaction commits, which is how
page and site events leave a request: nothing crosses tenants inside the request.

The schema travels in the task row (``args_kwargs["schema"]``), written through
django-tasks' ``task_enqueued`` signal, and the worker enters it through
``task_started`` / ``task_finished`` (see ``cluster.tasks.schemas``): both are the
extension points django-tasks offers, so neither the backend nor the worker is
subclassed. Tasks that Wagtail queues itself (reference index, renditions) are
recorded with the schema current when they were queued.
"""

from django.db import transaction
from django_tenants.utils import schema_context


def enqueue(task, *args, schema: str, run_after=None, **kwargs):
    """Queue `task` to run inside `schema`; returns its TaskResult."""
    if run_after is not None and task.get_backend().supports_defer:
        task = task.using(run_after=run_after)
    # One transaction for the row and its schema stamp, so a worker never claims a
    # row that does not yet say where it runs.
    with schema_context(schema), transaction.atomic():
        return task.enqueue(*args, **kwargs)


def enqueue_on_commit(task, *args, schema: str, **kwargs) -> None:
    """Queue `task` for `schema` once the current transaction commits (at once if none)."""
    transaction.on_commit(lambda: enqueue(task, *args, schema=schema, **kwargs), robust=True)


def periodic_ensure(task, *, run_after) -> None:
    """Keep exactly one run of the periodic ``task`` queued, in the public schema.

    A periodic task queues its own next run when it finishes; the worker calls this for
    each on start (``worker_starting``), so a schedule lost with a crashed run comes back.
    Only the database backend defers; with the immediate one (tests) nothing is queued.
    """
    if not task.get_backend().supports_defer:
        return
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=task.module_path, status=TaskResultStatus.READY)
    if not waiting.exists():
        enqueue(task, schema="public", run_after=run_after)


def active_site_schemas() -> list[str]:
    """The schemas of the sites a periodic task visits: every active site."""
    from cluster.tenants.models import Tenant

    return list(
        Tenant.objects.exclude(schema_name="public")
        .filter(status=Tenant.Status.ACTIVE)
        .values_list("schema_name", flat=True)
    )
