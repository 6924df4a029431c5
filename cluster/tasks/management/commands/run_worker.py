"""``manage.py run_worker``: django-tasks-db's worker.

Each task runs inside the schema recorded when it was queued (``cluster.tasks.schemas``,
through django-tasks' signals). The worker's id says where it runs, and on start it
puts back the tasks of workers that died mid-task (``cluster.tasks.recovery``).
"""

from django_tasks_db.management.commands import db_worker

from cluster.tasks.recovery import tasks_requeue_abandoned, worker_id_here
from cluster.tasks.signals import worker_starting


class Command(db_worker.Command):
    help = "Run background tasks, each inside the schema of the site it was queued for."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(worker_id=None)

    def handle(self, *args, **options):
        options["worker_id"] = options.get("worker_id") or worker_id_here()
        requeued = tasks_requeue_abandoned()
        if requeued:
            self.stdout.write(f"重新排队 {requeued} 个因工作进程退出而中断的任务。")
        worker_starting.send(sender=type(self))
        return super().handle(*args, **options)
