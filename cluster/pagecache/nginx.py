"""nginx's first-level cache in front of the page cache: what it may keep, how it forgets.

nginx (infra/nginx/cluster.conf, `proxy_cache`) keeps a response only when the page cache
says so with ``X-Accel-Expires``, which it sends only for what it would store itself (one
rule for cacheability, cluster/pagecache/middleware.py) and only when nginx can be told
to forget it: purge addresses are configured and the request came through nginx, which
names the cache key's URI in ``X-Cache-Uri``. The key is scheme, host and that URI.

The purge consumer (cluster/pagecache/purge.py) sends one ``PURGE <uri>`` with the site's
Host to every address of every URL in ``PAGECACHE_NGINX_PURGE_URLS`` (the purge module,
Debian's libnginx-mod-http-cache-purge, answers 200 when it removed the entry and 404
when there was none). Any other answer or an unreachable nginx fails the delivery,
which the publish pipeline retries and records. See docs/decisions/0014-nginx-page-cache.md.
"""

import http.client
import socket
import urllib.parse

from django.conf import settings

URI_HEADER = "HTTP_X_CACHE_URI"
TIMEOUT_SECONDS = 5
PURGED_OR_ABSENT = {200, 404}


class PurgeError(Exception):
    pass


def uri_for(request) -> str | None:
    """The cache key's URI when nginx in front may keep this response, else None."""
    if not settings.PAGECACHE_NGINX_PURGE_URLS:
        return None
    return request.META.get(URI_HEADER) or None


def _addresses(base_url: str) -> list[tuple[str, str, int]]:
    """(scheme, address, port) of every machine the URL's name resolves to."""
    parts = urllib.parse.urlsplit(base_url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    found = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    return sorted({(parts.scheme, info[4][0], port) for info in found})


def _connection(scheme: str, address: str, port: int) -> http.client.HTTPConnection:
    host = f"[{address}]" if ":" in address else address
    kind = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
    return kind(host, port, timeout=TIMEOUT_SECONDS)


def _purge_on(scheme: str, address: str, port: int, members) -> None:
    connection = _connection(scheme, address, port)
    try:
        for host, uri in members:
            connection.request("PURGE", uri, headers={"Host": host})
            response = connection.getresponse()
            response.read()
            if response.status not in PURGED_OR_ABSENT:
                raise PurgeError(f"PURGE {host}{uri} answered {response.status}")
    finally:
        connection.close()


def purge(members: list[tuple[str, str]]) -> None:
    """Remove `members` ((host, uri) pairs) from every nginx; PurgeError names each
    nginx that could not be reached or refused, after trying all of them."""
    if not members:
        return
    failures = []
    for base_url in settings.PAGECACHE_NGINX_PURGE_URLS:
        try:
            targets = _addresses(base_url)
        except OSError as error:
            failures.append(f"{base_url}: {error}")
            continue
        for scheme, address, port in targets:
            try:
                _purge_on(scheme, address, port, members)
            except (OSError, http.client.HTTPException, PurgeError) as error:
                failures.append(f"{scheme}://{address}:{port}: {error}")
    if failures:
        raise PurgeError("nginx purge failed: " + "; ".join(failures))
