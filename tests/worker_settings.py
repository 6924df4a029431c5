"""Test settings for a real worker process: tasks go through the database queue, as in production."""

from cluster.settings.test import *  # noqa: F403

TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
