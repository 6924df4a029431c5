"""HTTP for the monitors: availability probes and external link checks.

Plain ``urllib`` with explicit limits: a per-request timeout (a page slower than the
limit counts as failed, whatever arrives later), a cap on parallel requests, one host
visited by one thread at a time with a pause between requests (politeness), and
robots.txt obeyed for link checks (``urllib.robotparser``): a disallowed address is
recorded as skipped, never fetched.
"""

import dataclasses
import http.client
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

USER_AGENT = "GovClusterMonitor/1.0 (+site monitoring)"
READ_LIMIT = 256 * 1024


@dataclasses.dataclass
class Fetched:
    ok: bool
    status_code: int | None
    elapsed_ms: int
    error: str = ""
    skipped: bool = False


def _opener():
    # urllib follows up to 10 redirects itself; a redirect loop ends as an HTTPError.
    return urllib.request.build_opener()


def _reason(reason, timeout: float) -> str:
    """The failure in words a site admin reads (the console and mails are in Chinese)."""
    if isinstance(reason, socket.timeout | TimeoutError):
        return f"超时（{timeout:g} 秒）"
    if isinstance(reason, ConnectionRefusedError):
        return "连接被拒绝"
    if isinstance(reason, socket.gaierror):
        return "域名无法解析"
    if isinstance(reason, ssl.SSLError):
        return "证书或加密连接错误"
    if isinstance(reason, ConnectionError):
        return "连接中断"
    return "无法访问"


def fetch(url: str, *, timeout: float, host_header: str = "", method: str = "GET") -> Fetched:
    """One request; ok when it answers 2xx/3xx and the whole answer arrived within ``timeout``."""
    headers = {"User-Agent": USER_AGENT}
    if host_header:
        headers["Host"] = host_header
    request = urllib.request.Request(url, headers=headers, method=method)  # noqa: S310 - http(s) only, checked by callers
    started = time.monotonic()
    try:
        with _opener().open(request, timeout=timeout) as response:
            deadline = started + timeout
            remaining = READ_LIMIT
            while remaining > 0 and time.monotonic() < deadline:
                chunk = response.read(min(remaining, 16384))
                if not chunk:
                    break
                remaining -= len(chunk)
            status = response.status
    except urllib.error.HTTPError as error:
        elapsed = int((time.monotonic() - started) * 1000)
        return Fetched(False, error.code, elapsed, f"状态码 {error.code}")
    except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as error:
        elapsed = int((time.monotonic() - started) * 1000)
        return Fetched(False, None, elapsed, _reason(getattr(error, "reason", error), timeout))
    elapsed = int((time.monotonic() - started) * 1000)
    if elapsed > timeout * 1000:
        return Fetched(False, status, elapsed, f"超时（{timeout:g} 秒）")
    return Fetched(200 <= status < 400, status, elapsed, "" if status < 400 else f"状态码 {status}")


def probe(url: str, *, timeout: float, connect_to: str = "") -> Fetched:
    """An availability probe of ``url``; ``connect_to`` (host:port) sends it there with
    the site's Host header instead of resolving the site's name (a local deployment)."""
    parts = urlsplit(url)
    hostname = parts.hostname or ""
    if not connect_to and (hostname == "localhost" or hostname.endswith(".localhost")):
        # RFC 6761: *.localhost is the loopback, though the resolver may not know it.
        connect_to = f"127.0.0.1:{parts.port or (443 if parts.scheme == 'https' else 80)}"
    if connect_to:
        target = parts._replace(netloc=connect_to).geturl()
        return fetch(target, timeout=timeout, host_header=parts.netloc)
    return fetch(url, timeout=timeout)


class LinkChecker:
    """Checks external addresses: capped parallelism, one thread per host, robots.txt."""

    def __init__(self, *, timeout: float, workers: int, host_delay: float):
        self.timeout, self.workers, self.host_delay = timeout, workers, host_delay
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._lock = threading.Lock()

    def _robots_for(self, url: str):
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            if origin in self._robots:
                return self._robots[origin]
        parser = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        request = urllib.request.Request(  # noqa: S310 - http(s) only
            origin + "/robots.txt", headers={"User-Agent": USER_AGENT}
        )
        try:
            with _opener().open(request, timeout=self.timeout) as response:
                parser.parse(response.read(READ_LIMIT).decode("utf-8", "replace").splitlines())
        except urllib.error.HTTPError as error:
            # As RobotFileParser.read: 401/403 forbid everything, other errors allow all.
            if error.code in (401, 403):
                parser.disallow_all = True
            else:
                parser.allow_all = True
        except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError):
            parser = None  # the host does not answer: the link check itself will say so
        with self._lock:
            self._robots[origin] = parser
        return parser

    def _check_host(self, urls: list[str]) -> dict[str, Fetched]:
        results = {}
        for index, url in enumerate(urls):
            if index:
                time.sleep(self.host_delay)
            robots = self._robots_for(url)
            if robots is not None and not robots.can_fetch(USER_AGENT, url):
                results[url] = Fetched(True, None, 0, "robots.txt 不允许检查", skipped=True)
                continue
            results[url] = fetch(url, timeout=self.timeout)
        return results

    def check(self, urls) -> dict[str, Fetched]:
        by_host: dict[str, list[str]] = defaultdict(list)
        for url in dict.fromkeys(urls):
            by_host[urlsplit(url).netloc.lower()].append(url)
        results: dict[str, Fetched] = {}
        if not by_host:
            return results
        with ThreadPoolExecutor(max_workers=max(1, min(self.workers, len(by_host)))) as pool:
            for found in pool.map(self._check_host, by_host.values()):
                results.update(found)
        return results
