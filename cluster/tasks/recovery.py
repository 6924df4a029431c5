"""Tasks left behind by a worker that died (killed, machine lost) run again.

django-tasks-db marks a claimed row RUNNING and nothing ever looks at it again if the
worker dies mid-task. Our worker ids say where the worker runs (``host:pid:nonce``), so
a starting worker puts back the rows of dead workers on its own host at once, and any
row RUNNING for longer than ``ABANDONED_AFTER`` (a worker on a machine that is gone).
A worker that outlives its database connection (PostgreSQL restarted under it) puts back
the task it was running when the connection broke (``tasks_requeue_of_worker``): the row
still names it, alive, so nobody else would for ``ABANDONED_AFTER``.
Every task of the platform is idempotent (pipeline consumers by contract), so running
one again is safe.
"""

import datetime
import logging
import os
import socket

from django.utils import timezone
from django.utils.crypto import get_random_string

logger = logging.getLogger(__name__)

ABANDONED_AFTER = datetime.timedelta(minutes=30)


def worker_id_here() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{get_random_string(6)}"


def _dead_here(worker_id: str) -> bool:
    from cluster.embedded_db import _pid_alive

    host, _sep, rest = worker_id.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname()[:40] or not pid.isdigit():
        return False
    return not _pid_alive(int(pid))


def tasks_requeue_abandoned(*, now=None) -> int:
    """Put RUNNING rows of dead or long-silent workers back in the queue; returns how many."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    abandoned = []
    for row in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only(
        "id", "worker_ids", "started_at"
    ):
        last_worker = (row.worker_ids or [""])[-1]
        if _dead_here(last_worker) or (row.started_at and row.started_at < now - ABANDONED_AFTER):
            abandoned.append(row.id)
    if abandoned:
        _requeue(abandoned)
        logger.warning("Requeued %s task(s) abandoned by dead workers", len(abandoned))
    return len(abandoned)


def tasks_requeue_of_worker(worker_id: str) -> int:
    """Put back the RUNNING rows last claimed by `worker_id`; returns how many."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    own = [
        row.id
        for row in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only(
            "id", "worker_ids"
        )
        if (row.worker_ids or [""])[-1] == worker_id
    ]
    if own:
        _requeue(own)
        logger.warning("Requeued %s task(s) interrupted by a lost database connection", len(own))
    return len(own)


def _requeue(ids: list) -> None:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id__in=ids, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.READY, started_at=None
    )
