"""The schema of a task, recorded when it is queued and entered when the worker runs it.

Connected to django-tasks' signals in ``TasksConfig.ready``. Only database-backed
tasks need it: the immediate backend (tests) runs a task on the caller's connection,
inside the schema ``cluster.tasks.api.enqueue`` entered.
"""

import threading

from django.db import connection
from django_tasks_db.backend import DatabaseBackend

SCHEMA_KEY = "schema"

_entered = threading.local()


def _is_database_backend(sender) -> bool:
    # django-tasks-db sends the backend class on enqueue and an instance from the worker.
    backend = sender if isinstance(sender, type) else type(sender)
    return issubclass(backend, DatabaseBackend)


def current_schema() -> str:
    return getattr(connection, "schema_name", "public")


def record_schema(sender, task_result, **kwargs) -> None:
    """task_enqueued: stamp the row with the schema it was queued from."""
    if not _is_database_backend(sender):
        return
    from django_tasks_db.models import DBTaskResult

    # The row was just written from these very args: one UPDATE, no read.
    DBTaskResult.objects.filter(id=task_result.id).update(
        args_kwargs={
            "args": list(task_result.args),
            "kwargs": dict(task_result.kwargs),
            SCHEMA_KEY: current_schema(),
        }
    )


def enter_schema(sender, task_result, **kwargs) -> None:
    """task_started (worker): switch the connection to the task's schema."""
    if not _is_database_backend(sender):
        return
    from django_tasks_db.models import DBTaskResult

    schema = (
        DBTaskResult.objects.filter(id=task_result.id).values_list("args_kwargs", flat=True).first()
        or {}
    ).get(SCHEMA_KEY, "public")
    _entered.previous = current_schema()
    _switch(schema)


def leave_schema(sender, task_result, **kwargs) -> None:
    """task_finished (worker): back to the schema the worker was on."""
    if not _is_database_backend(sender):
        return
    previous = getattr(_entered, "previous", None)
    if previous is not None:
        _entered.previous = None
        _switch(previous)


def _switch(schema: str) -> None:
    if schema == "public":
        connection.set_schema_to_public()
        return
    from django_tenants.utils import get_tenant_model, schema_exists

    tenant = get_tenant_model().objects.filter(schema_name=schema).first()
    if tenant is not None:
        connection.set_tenant(tenant)
    elif schema_exists(schema):
        # A schema without a site row: the onboarding template, while it is being built.
        connection.set_schema(schema)
    else:
        # A site removed since the task was queued: run nowhere rather than in public.
        raise LookupError(f"No schema {schema!r} exists any more.")
