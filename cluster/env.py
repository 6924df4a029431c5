"""Every environment variable the platform reads, with its type and default.

Production settings refuse to start without the secrets marked ``required_in_production``.
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def _bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _str(name, default=""):
    return os.environ.get(name, default)


def _int(name, default=None):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _list(name, default=()):
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


# Database: a postgres:// URL; when empty the embedded PostgreSQL server is used.
DATABASE_URL = _str("DATABASE_URL")
# Where the embedded PostgreSQL keeps its data (git-ignored).
EMBEDDED_PG_DATA = Path(_str("EMBEDDED_PG_DATA", str(BASE_DIR / ".data" / "postgres")))
SECRET_KEY = _str("SECRET_KEY")
DEBUG = _bool("DEBUG", False)
# The domain every site's host hangs off, e.g. "gov.example.cn"; "localhost" in development.
BASE_DOMAIN = _str("BASE_DOMAIN", "localhost")
# The platform console's host (the public schema).
CONSOLE_HOST = _str("CONSOLE_HOST", f"console.{BASE_DOMAIN}")
# How the public reaches the sites: the scheme of their addresses ("http" or "https";
# empty means "https" in production settings, "http" elsewhere) and the port, when it is
# not the scheme's standard one. Page links are built from a site's primary domain and these.
PUBLIC_SCHEME = _str("PUBLIC_SCHEME").strip().lower()
PUBLIC_PORT = _int("PUBLIC_PORT")
ALLOWED_HOSTS = _list("ALLOWED_HOSTS", [f".{BASE_DOMAIN}", BASE_DOMAIN])
# The search engine's URL (OpenSearch or Elasticsearch; ELASTICSEARCH_URL is read when
# SEARCH_URL is unset); empty means PostgreSQL search.
ELASTICSEARCH_URL = _str("ELASTICSEARCH_URL")
SEARCH_URL = _str("SEARCH_URL") or ELASTICSEARCH_URL
# Which client talks to it: "opensearch" (opensearch-py) or "elasticsearch" (8/9).
SEARCH_ENGINE = _str("SEARCH_ENGINE", "opensearch").strip().lower()
# The alias searched; versions are "<prefix>-<version>" behind it.
SEARCH_INDEX_PREFIX = _str("SEARCH_INDEX_PREFIX", "cluster-search")
MEDIA_ROOT = Path(_str("MEDIA_ROOT", str(BASE_DIR / ".data" / "media")))
STATIC_ROOT = Path(_str("STATIC_ROOT", str(BASE_DIR / ".data" / "static")))
# Files only Django hands out (audit log exports): never under MEDIA_ROOT, never served by nginx.
PRIVATE_ROOT = Path(_str("PRIVATE_ROOT", str(BASE_DIR / ".data" / "private")))
# Media on S3-compatible object storage (production settings only): a bucket name turns it
# on; each site's files are under its schema's prefix, as under MEDIA_ROOT locally. Keys
# may be empty where the machine has its own credentials (an instance role).
MEDIA_S3_BUCKET = _str("MEDIA_S3_BUCKET")
MEDIA_S3_ENDPOINT_URL = _str("MEDIA_S3_ENDPOINT_URL")
MEDIA_S3_REGION = _str("MEDIA_S3_REGION")
MEDIA_S3_ACCESS_KEY_ID = _str("MEDIA_S3_ACCESS_KEY_ID")
MEDIA_S3_SECRET_ACCESS_KEY = _str("MEDIA_S3_SECRET_ACCESS_KEY")
# "path" for most S3-compatible servers (MinIO, Ceph); empty: the client decides.
MEDIA_S3_ADDRESSING_STYLE = _str("MEDIA_S3_ADDRESSING_STYLE")
# Where onboarding keeps the template schema's dump between processes (one file per
# template generation); empty: every process runs pg_dump once.
TEMPLATE_DUMP_DIR = _str("TEMPLATE_DUMP_DIR", str(BASE_DIR / ".data" / "template-dumps"))
# Seconds a database connection is kept between requests (health-checked before reuse).
DB_CONN_MAX_AGE = _int("DB_CONN_MAX_AGE", 60)
# Signed-in sessions end after this many idle seconds (and when the browser closes).
SESSION_IDLE_SECONDS = _int("SESSION_IDLE_SECONDS", 30 * 60)
# Failed sign-ins before an account or an address is locked, and for how long.
LOGIN_FAILURE_LIMIT = _int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCKOUT_MINUTES = _int("LOGIN_LOCKOUT_MINUTES", 30)
# Redis for the page cache and the shared cache (rate limits, Wagtail); empty: local memory
# per process (development). e.g. redis://127.0.0.1:6379/0
REDIS_URL = _str("REDIS_URL")
# How long a cached page may live at most (seconds); publishing purges it sooner. 0: off.
PAGE_CACHE_SECONDS = _int("PAGE_CACHE_SECONDS", 600)
# How long a rendered fragment (navigation, home page lists) may live at most (seconds);
# a new site version (the pipeline's purge) replaces it sooner. 0: off.
FRAGMENT_CACHE_SECONDS = _int("FRAGMENT_CACHE_SECONDS", 600)
# nginx in front keeps the pages the page cache may keep, and the publish pipeline's purge
# sends an HTTP PURGE for each of them to every address of every URL here (a name that
# resolves to several nginx replicas purges each). Empty: nginx is told to keep nothing.
# e.g. http://127.0.0.1:8081 (nginx's PURGE_LISTEN, infra/render-config) or
# http://web-purge.govcluster.svc:8081 (every web pod, infra/k8s).
PAGECACHE_NGINX_PURGE_URLS = _list("PAGECACHE_NGINX_PURGE_URLS")
# Proxies whose X-Forwarded-For / X-Real-IP are believed (addresses or networks): nginx
# on the same machine by default; add the load balancer's addresses in front of it.
TRUSTED_PROXIES = _list("TRUSTED_PROXIES", ["127.0.0.1", "::1"])
# Behind nginx: media and documents are sent by nginx (X-Accel-Redirect to /_media/).
MEDIA_ACCEL_REDIRECT = _bool("MEDIA_ACCEL_REDIRECT", True)
EMAIL_URL_HOST = _str("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = _str("DEFAULT_FROM_EMAIL", f"noreply@{BASE_DOMAIN}")
# The test database's name (test settings only); empty: Django's "test_" + the database name.
# Lets two test runs share one PostgreSQL server.
TEST_DB_NAME = _str("TEST_DB_NAME")
