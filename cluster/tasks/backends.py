"""The django-tasks database backend, made schema-aware.

Task rows live in the public schema. Each row records the schema it was enqueued
from, and the worker (``manage.py run_worker``) runs the task inside that schema,
so Wagtail's own tasks (reference index, image renditions) and ours land in the
right site.
"""

from django.db import connection
from django_tasks_db.backend import DatabaseBackend

SCHEMA_KEY = "schema"


def current_schema() -> str:
    return getattr(connection, "schema_name", "public")


class TenantDatabaseBackend(DatabaseBackend):
    def _task_to_db_task(self, task, args, kwargs):
        db_task = super()._task_to_db_task(task, args, kwargs)
        db_task.args_kwargs[SCHEMA_KEY] = current_schema()
        db_task.save(update_fields=["args_kwargs"])
        return db_task

    async def _atask_to_db_task(self, task, args, kwargs):
        db_task = await super()._atask_to_db_task(task, args, kwargs)
        db_task.args_kwargs[SCHEMA_KEY] = current_schema()
        await db_task.asave(update_fields=["args_kwargs"])
        return db_task
