"""Probes and link checks against local servers only (threads of http.server)."""

import socket
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cluster.monitors.http import LinkChecker, probe

SLOW_SECONDS = 16  # the slow server: one second over the 15 s limit
TEST_LIMIT = 0.5  # the limit in tests, so the suite does not wait 15 s


@contextmanager
def local_server(routes: dict, *, delay: float = 0.0):
    """A server on a free port; ``routes``: {path: (status, body)}. Records concurrency."""
    released = threading.Event()
    seen = {"active": 0, "max_active": 0, "paths": [], "first": None, "last": None}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            with lock:
                seen["active"] += 1
                seen["max_active"] = max(seen["max_active"], seen["active"])
                seen["paths"].append(self.path)
                seen["first"] = seen["first"] or time.monotonic()
            try:
                if delay:
                    released.wait(delay)
                status, body = routes.get(self.path, (404, "无此页面"))
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:
                pass
            finally:
                with lock:
                    seen["active"] -= 1
                    seen["last"] = time.monotonic()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        released.set()
        server.shutdown()
        server.server_close()


def refused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed on exit: nothing listens there


def test_probe_of_a_page_answering_in_time_succeeds():
    with local_server({"/": (200, "首页")}) as (base, _seen):
        result = probe(base + "/", timeout=TEST_LIMIT)
    assert result.ok
    assert result.status_code == 200


def test_probe_of_a_page_slower_than_the_limit_counts_as_failed():
    with local_server({"/": (200, "首页")}, delay=SLOW_SECONDS) as (base, _seen):
        started = time.monotonic()
        result = probe(base + "/", timeout=TEST_LIMIT)
        waited = time.monotonic() - started
    assert not result.ok
    assert "超时" in result.error
    assert waited < SLOW_SECONDS / 4  # gave up at the limit, not when the page came


def test_probe_of_a_port_that_refuses_counts_as_failed():
    result = probe(f"http://127.0.0.1:{refused_port()}/", timeout=TEST_LIMIT)
    assert not result.ok
    assert result.status_code is None
    assert result.error == "连接被拒绝"


def test_probe_of_a_page_answering_an_error_counts_as_failed():
    with local_server({"/": (503, "维护中")}) as (base, _seen):
        result = probe(base + "/", timeout=TEST_LIMIT)
    assert not result.ok
    assert result.status_code == 503


def test_probe_can_reach_a_site_by_address_with_its_host_name():
    with local_server({"/": (200, "首页")}) as (base, _seen):
        address = base.removeprefix("http://")
        result = probe("http://alpha.invalid/", timeout=TEST_LIMIT, connect_to=address)
    assert result.ok


def test_link_checker_reports_missing_pages_and_obeys_robots_txt():
    routes = {
        "/robots.txt": (200, "User-agent: *\nDisallow: /private/\n"),
        "/ok": (200, "好"),
        "/private/page": (200, "不该访问"),
    }
    with local_server(routes) as (base, seen):
        checker = LinkChecker(timeout=TEST_LIMIT, workers=4, host_delay=0)
        results = checker.check([base + "/ok", base + "/gone", base + "/private/page"])
    assert results[base + "/ok"].ok
    assert not results[base + "/gone"].ok
    assert results[base + "/gone"].status_code == 404
    assert results[base + "/private/page"].skipped
    assert "/private/page" not in seen["paths"]


def test_link_checker_visits_one_host_at_a_time_but_hosts_in_parallel():
    with (
        local_server({f"/{n}": (200, "好") for n in range(4)}, delay=0.2) as (first, seen_first),
        local_server({f"/{n}": (200, "好") for n in range(4)}, delay=0.2) as (second, seen_second),
    ):
        checker = LinkChecker(timeout=5, workers=8, host_delay=0)
        results = checker.check([f"{base}/{n}" for base in (first, second) for n in range(4)])
    assert all(result.ok for result in results.values())
    assert seen_first["max_active"] == 1
    assert seen_second["max_active"] == 1
    # The two hosts were checked side by side: their busy periods overlap.
    assert seen_first["first"] < seen_second["last"]
    assert seen_second["first"] < seen_first["last"]


def test_link_checker_gives_up_on_a_slow_host_at_its_timeout():
    with local_server({"/slow": (200, "慢")}, delay=SLOW_SECONDS) as (base, _seen):
        checker = LinkChecker(timeout=TEST_LIMIT, workers=2, host_delay=0)
        result = checker.check([base + "/slow"])[base + "/slow"]
    assert not result.ok


def test_probe_of_a_dot_localhost_site_goes_to_the_loopback_with_its_host_name():
    with local_server({"/": (200, "首页")}) as (base, seen):
        port = base.rsplit(":", 1)[1]
        result = probe(f"http://alpha.localhost:{port}/", timeout=TEST_LIMIT)
    assert result.ok
    assert seen["paths"] == ["/"]
