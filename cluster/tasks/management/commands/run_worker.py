"""``manage.py run_worker``: django-tasks-db's worker.

Each task runs inside the schema recorded when it was queued (``cluster.tasks.schemas``,
through django-tasks' signals), so this command adds nothing but its name.
"""

from django_tasks_db.management.commands import db_worker


class Command(db_worker.Command):
    help = "Run background tasks, each inside the schema of the site it was queued for."
