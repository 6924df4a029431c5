"""``manage.py run_worker``: django-tasks-db's worker, running each task in its schema."""

from django_tasks_db.management.commands import db_worker
from django_tenants.utils import schema_context

from cluster.tasks.backends import SCHEMA_KEY


class TenantWorker(db_worker.Worker):
    def run_task(self, db_task_result):
        schema = db_task_result.args_kwargs.get(SCHEMA_KEY, "public")
        with schema_context(schema):
            return super().run_task(db_task_result)


class Command(db_worker.Command):
    help = "Run background tasks, each inside the schema of the site that enqueued it."

    def handle(self, *args, **options):
        db_worker.Worker = TenantWorker
        return super().handle(*args, **options)
