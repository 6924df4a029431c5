"""``manage.py run_worker``: django-tasks-db's worker.

Each task runs inside the schema recorded when it was queued (``cluster.tasks.schemas``,
through django-tasks' signals). The worker's id says where it runs, and on start it
puts back the tasks of workers that died mid-task (``cluster.tasks.recovery``).

A lost database (PostgreSQL restarted or unreachable) does not end the worker, as it
ends django-tasks-db's loop: it waits, reconnects, puts back the task it was running
and carries on, so an orchestrator or ``infra/serve-prod`` sees no crash.
"""

import logging
import signal
import time

from django.db import DatabaseError, connections
from django_tasks_db.management.commands import db_worker

from cluster.tasks.recovery import (
    tasks_requeue_abandoned,
    tasks_requeue_of_worker,
    worker_id_here,
)
from cluster.tasks.signals import worker_starting

logger = logging.getLogger(__name__)

RECONNECT_SECONDS = (1, 2, 5, 10)


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
        if options.get("batch"):
            return super().handle(*args, **options)
        attempt = 0
        while True:
            try:
                return super().handle(*args, **options)
            except DatabaseError as error:
                pause = RECONNECT_SECONDS[min(attempt, len(RECONNECT_SECONDS) - 1)]
                logger.warning(
                    "Database unavailable (%s); the worker retries in %s s", error, pause
                )
                connections.close_all()
                # The worker that handled SIGTERM/SIGINT is gone: while waiting, they stop
                # the process at once (it runs nothing).
                for signum in (signal.SIGINT, signal.SIGTERM):
                    signal.signal(signum, signal.SIG_DFL)
                time.sleep(pause)
                attempt += 1
                try:
                    tasks_requeue_of_worker(options["worker_id"])
                    attempt = 0
                except DatabaseError:
                    connections.close_all()
