"""Tasks for the worker-crash tests, importable by a real worker process."""

import time
from pathlib import Path

from django.db import connection
from django_tasks import task


@task()
def record_start_then_wait_for_release(folder: str) -> list:
    """Note each start in `folder`, then wait until `folder`/release exists."""
    folder = Path(folder)
    with (folder / "starts").open("a") as starts:
        starts.write(f"{connection.schema_name}\n")
    while not (folder / "release").exists():
        time.sleep(0.05)
    return (folder / "starts").read_text().split()
