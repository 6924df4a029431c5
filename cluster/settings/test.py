from cluster import env
from cluster.redis_server import private_redis_url

from .base import *
from .base import cache_config, database_config

SECRET_KEY = "test-only-secret-key"  # noqa: S105
# The test run stops the embedded server it started when it exits.
DATABASES = {"default": database_config(keep_embedded_running=False)}
# Browser tests serve from threads; each request closes its connection when it ends.
DATABASES["default"]["CONN_MAX_AGE"] = 0
if env.TEST_DB_NAME:
    DATABASES["default"]["TEST"] = {"NAME": env.TEST_DB_NAME}
# Every test run dumps its own template (tests that keep dumps set a folder of their own).
TEMPLATE_DUMP_DIR = ""
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run at once in tests; "database" is the production backend, for the worker's tests.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
ALLOWED_HOSTS = [".localhost", "localhost", "testserver", ".test"]
# The demo's upstream feed file (cluster/onboarding/demo.py) is read from here.
UPSTREAM_FEED_FILE_DIRS = [BASE_DIR / ".data" / "feeds"]

# The page cache on a real Redis when redis-server is installed (a private server for
# this run), local memory otherwise. Off unless a test turns it on: a test's publish is
# rolled back without reaching the pipeline, so a cached page would outlive it.
CACHES["pages"] = cache_config(private_redis_url())["pages"]
PAGE_CACHE_SECONDS = 0
FRAGMENT_CACHE_SECONDS = 0
# Page views on the same private Redis when there is one (the counter's concurrency tests).
PAGEVIEWS_REDIS_URL = private_redis_url()
