"""Health endpoints for the load balancer, answered before any tenant lookup.

``/healthz`` (liveness): the process is up and answering; it touches nothing else, so a
database outage never makes the orchestrator restart healthy web processes.
``/readyz`` (readiness): the database answers; the search engine and the page cache are
reported but never fail readiness, because pages still serve without them (search falls
back to PostgreSQL, the page cache to rendering).

Both answer on any Host (a load balancer probes by address), so this middleware runs
first, before ``ALLOWED_HOSTS`` validation and django-tenants' host lookup.
"""

import json
import logging

from django.conf import settings
from django.db import connection
from django.http import HttpResponse

logger = logging.getLogger(__name__)

LIVENESS_PATH = "/healthz"
READINESS_PATH = "/readyz"
CHECK_TIMEOUT_SECONDS = 2


def _json(payload: dict, status: int) -> HttpResponse:
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False), status=status, content_type="application/json"
    )
    response["Cache-Control"] = "no-store"
    return response


def database_status() -> str:
    try:
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        logger.warning("Readiness: database unreachable: %s", error)
        # A broken connection is not reused by the next probe.
        connection.close_if_unusable_or_obsolete()
        return "down"
    return "ok"


def search_status() -> str:
    if not settings.SEARCH_URL:
        return "not configured"
    try:
        from search.backends.elasticsearch import engine_client

        client = engine_client(
            settings.SEARCH_URL, settings.SEARCH_ENGINE, timeout=CHECK_TIMEOUT_SECONDS
        )
        return "ok" if client.client.ping() else "down"
    except Exception as error:
        logger.warning("Readiness: search engine unreachable: %s", error)
        return "down"


def cache_status() -> str:
    from cluster.pagecache.store import page_cache_status

    return page_cache_status()


def readiness() -> tuple[dict, int]:
    report = {"database": database_status(), "search": search_status(), "cache": cache_status()}
    ready = report["database"] == "ok"
    report["status"] = "ok" if ready else "unavailable"
    return report, 200 if ready else 503


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            if request.path == LIVENESS_PATH:
                return _json({"status": "ok"}, 200)
            if request.path == READINESS_PATH:
                report, status = readiness()
                return _json(report, status)
        return self.get_response(request)
