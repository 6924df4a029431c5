"""Health endpoints: answered on any host, liveness without the database, readiness with it."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.test import Client

ROOT = Path(__file__).resolve().parents[3]


def test_liveness_answers_on_any_host_without_touching_the_database(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client(HTTP_HOST="203.0.113.7").get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_readiness_reports_the_database_and_an_unconfigured_search_engine(db, settings):
    settings.SEARCH_URL = ""
    response = Client(HTTP_HOST="unknown-host.example").get("/readyz")
    assert response.status_code == 200
    report = response.json()
    assert report["status"] == "ok" and report["database"] == "ok"
    assert report["search"] == "not configured"


def test_a_search_engine_that_is_down_is_reported_but_the_site_stays_ready(db, settings):
    settings.SEARCH_URL = "http://127.0.0.1:9"
    response = Client(HTTP_HOST="alpha.localhost").get("/readyz")
    assert response.status_code == 200
    assert response.json()["search"] == "down"


def test_health_paths_on_a_site_host_are_not_site_pages(alpha):
    response = Client(HTTP_HOST="alpha.localhost").get("/healthz")
    assert response.json() == {"status": "ok"}


PROBE = """
import django, json
django.setup()
from django.test import Client
for path in ("/healthz", "/readyz"):
    response = Client(HTTP_HOST="10.0.0.1").get(path)
    print(json.dumps([path, response.status_code, json.loads(response.content)]))
"""


def test_readiness_fails_and_liveness_holds_when_the_database_is_unreachable():
    # Not the test run's own switches (the browser fixture's DJANGO_ALLOW_ASYNC_UNSAFE).
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "cluster.settings.production",
        "SECRET_KEY": "x" * 60,
        "DATABASE_URL": "postgres://nobody:nothing@127.0.0.1:9/none?connect_timeout=2",
        "PAGE_CACHE_SECONDS": "0",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    answers = {
        path: (status, body) for path, status, body in map(json.loads, result.stdout.splitlines())
    }
    assert answers["/healthz"] == (200, {"status": "ok"})
    status, body = answers["/readyz"]
    assert status == 503
    assert body["database"] == "down" and body["status"] == "unavailable"
