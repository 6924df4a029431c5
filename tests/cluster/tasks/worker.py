"""A real worker process for the tests that kill one (tasks and syndication)."""

import os
import subprocess
import sys

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
