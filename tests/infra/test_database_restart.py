"""PostgreSQL restarted under a real gunicorn (infra/gunicorn.conf.py, production settings)
serving two sites while client threads hit both hosts, and under the task worker.

The shared test server is never restarted: this module copies the test database
(pg_dump/pg_restore, the two sites of tests/conftest.py) into a second embedded server of
its own, and restarts that one. Each site's home page gets a title marker written in its
own schema, so a page rendered from the wrong schema (a stale search_path on a new
connection) shows up as a mismatched pair in <title>, not only a wrong site name.
"""

import http.client
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
import psycopg
import pytest
from django.db import connection

from cluster.embedded_db import (
    connection_url,
    embedded_database_url,
    embedded_server_restart,
    embedded_server_stop,
    postgres_binary,
)

ROOT = Path(__file__).resolve().parents[2]
SITES = {
    "alpha.localhost": ("site_alpha", "甲市人民政府", "甲市首页标记"),
    "beta.localhost": ("site_beta", "乙县人民政府", "乙县首页标记"),
}
RECOVERY_SECONDS = 5
PATH = "/xxgk/"
# The test database must exist to be copied (pytest-django sets up only what tests use).
pytestmark = pytest.mark.django_db


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def own_database(django_db_setup, django_db_blocker, tmp_path_factory):
    """A second embedded PostgreSQL holding a copy of the test database; yields its
    data folder and URL, and stops and deletes it afterwards."""
    folder = tmp_path_factory.mktemp("restart")
    folder.chmod(0o755)
    data_dir = folder / "postgres"
    with django_db_blocker.unblock():
        source = connection_url(connection)
    url = embedded_database_url(data_dir, keep_running=False)
    dump = folder / "test.dump"
    subprocess.run(  # noqa: S603
        [postgres_binary("pg_dump"), "--format=custom", f"--file={dump}", source], check=True
    )
    subprocess.run(  # noqa: S603
        [postgres_binary("pg_restore"), "--no-owner", "--no-privileges", f"--dbname={url}", dump],
        check=True,
    )
    with psycopg.connect(url, autocommit=True) as conn:
        for schema, _name, marker in SITES.values():
            conn.execute(
                f'UPDATE "{schema}".wagtailcore_page SET seo_title = %s WHERE url_path LIKE %s',  # noqa: S608
                [marker, "%/xxgk/"],
            )
    yield data_dir, url
    embedded_server_stop(data_dir)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def stack(own_database, tmp_path_factory):
    _data_dir, url = own_database
    port = _free_port()
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    env = {
        # Not the test run's own switches (DJANGO_SETTINGS_MODULE, async-unsafe flag).
        **{key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "cluster.settings.production",
        "SECRET_KEY": "restart-test-" + "x" * 50,
        "DATABASE_URL": url,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "PUBLIC_SCHEME": "http",
        # Every request reaches the database: no page cache, no search engine, no Redis.
        "PAGE_CACHE_SECONDS": "0",
        "SEARCH_URL": "",
        "ELASTICSEARCH_URL": "",
        "REDIS_URL": "",
    }
    worker_log = log.with_name("worker.log")
    with log.open("wb") as output, worker_log.open("wb") as worker_output:
        process = subprocess.Popen(  # noqa: S603
            [str(Path(sys.executable).parent / "gunicorn"), "--config", "infra/gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        # The task worker too, as infra/serve-prod runs it: it polls the queue throughout.
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--interval", "0.2"],
            cwd=ROOT,
            env=env,
            stdout=worker_output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while _get(port, "10.0.0.1", "/readyz")[0] != 200:
            assert process.poll() is None, log.read_text()[-3000:]
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.2)
        yield port, process, log, worker, worker_log
    finally:
        for running in (process, worker):
            running.terminate()
        for running in (process, worker):
            running.wait(30)


def _get(port: int, host: str, path: str) -> tuple[int, str]:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", path, headers={"Host": host})
        response = conn.getresponse()
        body = response.read().decode(errors="replace")
        conn.close()
        return response.status, body
    except OSError:
        return 0, ""


@dataclass
class Answer:
    started: float
    finished: float
    host: str
    status: int
    body: str


class Traffic:
    """Client threads requesting both sites' 政府信息公开 column, and a prober on the health endpoints."""

    def __init__(self, port: int, clients: int = 4):
        self.port = port
        self.pages: list[Answer] = []
        self.probes: list[Answer] = []
        self._stop = threading.Event()
        self._running = threading.Event()
        self._running.set()
        self._idle = threading.Semaphore(0)
        hosts = list(SITES)
        self._threads = [
            threading.Thread(target=self._client, args=(hosts[n % 2],), daemon=True)
            for n in range(clients)
        ] + [threading.Thread(target=self._prober, daemon=True)]

    def _wait_if_paused(self):
        if not self._running.is_set():
            self._idle.release()
            self._running.wait()

    def pause(self):
        """Hold every thread between requests: the workers keep their idle connections."""
        self._running.clear()
        for _thread in self._threads:
            self._idle.acquire(timeout=60)

    def resume(self):
        self._running.set()

    def _client(self, host):
        while not self._stop.is_set():
            self._wait_if_paused()
            started = time.monotonic()
            status, body = _get(self.port, host, PATH)
            self.pages.append(Answer(started, time.monotonic(), host, status, body))

    def _prober(self):
        while not self._stop.is_set():
            self._wait_if_paused()
            for path in ("/healthz", "/readyz"):
                started = time.monotonic()
                status, body = _get(self.port, "10.0.0.1", path)
                self.probes.append(Answer(started, time.monotonic(), path, status, body))
            time.sleep(0.1)

    def __enter__(self):
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._running.set()
        for thread in self._threads:
            thread.join(60)


def _is_its_own_site(answer: Answer) -> bool:
    """The site's name from the registry and its home page from its own schema, together."""
    _schema, name, marker = SITES[answer.host]
    others = [other for host, other in SITES.items() if host != answer.host]
    return (
        f"<title>{marker}_{name}</title>" in answer.body
        and f'<meta name="SiteName" content="{name}">' in answer.body
        and not any(other_name in answer.body for _s, other_name, _m in others)
        and not any(other_marker in answer.body for _s, _n, other_marker in others)
    )


def _title(body: str) -> str:
    return body.partition("<title>")[2].partition("</title>")[0]


def _workers(process) -> set[int]:
    return {child.pid for child in psutil.Process(process.pid).children()}


def test_gunicorn_and_the_worker_recover_from_a_postgresql_restart_and_outage_without_mixing_sites(
    own_database, stack
):
    data_dir, _url = own_database
    port, process, log, task_worker, worker_log = stack
    workers = _workers(process)
    assert len(workers) == 2

    with Traffic(port) as traffic:
        time.sleep(2)
        # 1. A fast restart: every persistent connection is cut under the workers.
        embedded_server_restart(data_dir)
        restarted = time.monotonic()
        time.sleep(3)
        # 2. A restart while the workers sit idle on their persistent connections.
        traffic.pause()
        embedded_server_restart(data_dir)
        resumed = time.monotonic()
        traffic.resume()
        time.sleep(2)
        # 3. An outage: the server stays down for three seconds, then comes back.
        down = time.monotonic()
        embedded_server_restart(data_dir, down_seconds=3)
        up = time.monotonic()
        time.sleep(RECOVERY_SECONDS + 3)

    pages, probes = traffic.pages, traffic.probes
    assert len(pages) > 50, f"too little traffic: {len(pages)} requests"

    # Never a 200 with the other site's content; every failure is a server error.
    for answer in pages:
        if answer.status == 200:
            assert _is_its_own_site(answer), (answer.host, _title(answer.body))
        else:
            assert answer.status >= 500, (answer.host, answer.status, answer.body[:300])

    # Once the server is back, every request succeeds, on both hosts. Requests that
    # failed during the restart left their worker without a connection; after the idle
    # restart both workers still held dead ones, which the health check (Django's
    # CONN_HEALTH_CHECKS) replaced before the first query instead of failing a request.
    for since in (restarted, resumed):
        after = [a for a in pages if since <= a.started and a.finished < down]
        assert {answer.host for answer in after} == set(SITES)
        failed = [answer.status for answer in after if answer.status != 200]
        assert failed == [], log.read_text()[-6000:]

    # During the outage pages fail (5xx) and readiness says so; liveness never does.
    during = [answer for answer in pages if down + 0.5 <= answer.started < up - 0.5]
    assert during and all(answer.status >= 500 for answer in during)
    readiness_down = [
        p for p in probes if p.host == "/readyz" and down + 0.5 <= p.started < up - 0.5
    ]
    assert readiness_down and {p.status for p in readiness_down} == {503}
    assert {p.status for p in probes if p.host == "/healthz"} == {200}

    # Back within a few seconds, for good, on both hosts, by the same worker processes.
    recovered = [answer for answer in pages if answer.started >= up + RECOVERY_SECONDS]
    assert {answer.host for answer in recovered} == set(SITES)
    assert [answer.status for answer in recovered if answer.status != 200] == []
    first_success = {
        host: min(
            a.started for a in pages if a.host == host and a.started >= up and a.status == 200
        )
        for host in SITES
    }
    assert all(moment - up < RECOVERY_SECONDS for moment in first_success.values())
    assert [p.status for p in probes if p.host == "/readyz" and p.started >= up + RECOVERY_SECONDS]
    assert {
        p.status for p in probes if p.host == "/readyz" and p.started >= up + RECOVERY_SECONDS
    } == {200}
    assert process.poll() is None
    assert _workers(process) == workers, log.read_text()[-3000:]
    # The task worker lost its database three times and is still there, polling.
    assert task_worker.poll() is None, worker_log.read_text()[-3000:]
    assert "the worker retries" in worker_log.read_text()
