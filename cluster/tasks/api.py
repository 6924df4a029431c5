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
