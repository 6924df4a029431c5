"""A real worker process for the tests that kill one (tasks and syndication)."""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.db import connection

from cluster.embedded_db import connection_url

# The database queue under the name production gives it ("default"), as
# tests.worker_settings configures the worker.
DATABASE_QUEUE = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}


def worker_start(*extra, stdout=subprocess.DEVNULL) -> subprocess.Popen:
    """`manage.py run_worker` on the test database, polling every 0.1 s."""
    env = {
        **os.environ,
        "DATABASE_URL": connection_url(connection),
        "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
    }
    return subprocess.Popen(  # noqa: S603 (our own manage.py)
        [
            sys.executable,
            "manage.py",
            "run_worker",
            "--interval",
            "0.1",
            "--no-startup-delay",
            *extra,
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=stdout,
        stderr=subprocess.PIPE,
    )


def worker_killed_when(condition, *, timeout: float) -> None:
    """Start a worker, wait until `condition()` holds, and SIGKILL it right there."""
    worker = worker_start()
    try:
        deadline = time.monotonic() + timeout
        while not condition():
            assert worker.poll() is None, worker.stderr.read().decode()[-2000:]
            assert time.monotonic() < deadline, "the worker never got where it is killed"
            time.sleep(0.05)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
