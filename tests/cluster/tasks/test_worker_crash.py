"""A worker killed mid-task (SIGKILL): the next worker puts the task back and runs it.

The syndication test (tests/cluster/syndication/test_worker_crash.py) proves it for a
fan-out of copies; this one is any task, through cluster.tasks.recovery. The worker is
another process, so the task row is committed and removed at the end.
"""

import datetime
import os
import socket
import subprocess
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cluster.tasks.api import enqueue
from cluster.tasks.recovery import (
    ABANDONED_AFTER,
    tasks_requeue_abandoned,
    tasks_requeue_of_worker,
)
from tests.cluster.tasks.slow_tasks import record_start_then_wait_for_release
from tests.cluster.tasks.worker import DATABASE_QUEUE, worker_killed_when, worker_start
from tests.conftest import committed


def _enqueue(folder: Path):
    # The database queue under the name production gives it, which the worker reads.
    with override_settings(TASKS=DATABASE_QUEUE):
        return enqueue(record_start_then_wait_for_release, str(folder), schema="site_beta").id


def _starts(folder: Path) -> list[str]:
    starts = folder / "starts"
    return starts.read_text().split() if starts.exists() else []


def _status(task_id) -> str:
    return DBTaskResult.objects.get(id=task_id).status


@pytest.fixture
def queued(beta, tmp_path):
    tmp_path.chmod(0o777)
    task_id = committed(_enqueue, tmp_path)
    yield task_id, tmp_path
    committed(lambda: DBTaskResult.objects.filter(id=task_id).delete())


def test_a_task_whose_worker_was_killed_runs_again_in_its_schema(queued):
    task_id, folder = queued
    # Killed once the start is written, not merely once the file exists: the task
    # creates the file before it writes its line.
    worker_killed_when(lambda: _starts(folder) == ["site_beta"], timeout=60)
    # Nothing else would ever look at it again: claimed by a worker that is gone.
    assert _status(task_id) == TaskResultStatus.RUNNING

    (folder / "release").touch()
    second = worker_start("--batch", stdout=subprocess.PIPE)
    output, errors = second.communicate(timeout=120)
    assert second.returncode == 0, errors.decode()[-2000:]
    assert "重新排队 1 个" in output.decode()

    row = DBTaskResult.objects.get(id=task_id)
    assert row.status == TaskResultStatus.SUCCESSFUL, row.traceback
    assert row.return_value == ["site_beta", "site_beta"]
    assert len(row.worker_ids) == 2 and row.worker_ids[0] != row.worker_ids[1]


def _running_row(worker_id: str, started_ago: datetime.timedelta, folder: Path):
    task_id = _enqueue(folder)
    DBTaskResult.objects.filter(id=task_id).update(
        status=TaskResultStatus.RUNNING,
        worker_ids=[worker_id],
        started_at=timezone.now() - started_ago,
    )
    return task_id


def test_only_tasks_of_dead_or_long_silent_workers_are_put_back(beta, tmp_path):
    here = socket.gethostname()[:40]
    minute = datetime.timedelta(minutes=1)
    alive_here = _running_row(f"{here}:{os.getpid()}:abcdef", minute, tmp_path)
    elsewhere_recent = _running_row("other-host:4242:abcdef", minute, tmp_path)
    elsewhere_silent = _running_row("other-host:4242:abcdef", ABANDONED_AFTER + minute, tmp_path)

    assert tasks_requeue_abandoned() == 1
    assert _status(alive_here) == _status(elsewhere_recent) == TaskResultStatus.RUNNING
    assert _status(elsewhere_silent) == TaskResultStatus.READY
    assert DBTaskResult.objects.get(id=elsewhere_silent).started_at is None


def test_a_worker_that_lost_its_database_puts_back_only_its_own_task(beta, tmp_path):
    minute = datetime.timedelta(minutes=1)
    own = _running_row("here:1:mine00", minute, tmp_path)
    other = _running_row("here:1:theirs", minute, tmp_path)

    assert tasks_requeue_of_worker("here:1:mine00") == 1
    assert _status(own) == TaskResultStatus.READY
    assert _status(other) == TaskResultStatus.RUNNING
