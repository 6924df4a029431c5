"""Link checks: internal links against the cluster's own pages, external ones over HTTP.

An internal link is Wagtail's own (``page:N``, ``document:N``), a path on the site, or
an absolute address on any host of the cluster: the host names the site (the registry's
domains), the path must be one of that site's public pages (or lie under a page that
routes its own sub-paths, or under a served prefix such as /static/). No HTTP for them.
External addresses go through ``http.LinkChecker`` and their results are kept in
``LinkCheck`` for every site to reuse.
"""

import datetime
import time
from urllib.parse import urlsplit

from django.utils import timezone
from django_tenants.utils import schema_context

from .conf import monitors_setting
from .http import LinkChecker

SERVED_PREFIXES = (
    "/static/",
    "/media/",
    "/documents/",
    "/feeds/",
    "/search/",
    "/api/",
    "/healthz",
    "/readyz",
    "/sitemap.xml",
    "/robots.txt",
)
IGNORED_SCHEMES = ("mailto:", "tel:", "javascript:", "#", "data:")

# Other sites' public paths, read once a while per process (a pass checks many sites).
_PATHS: dict[str, tuple[float, set[str], set[str]]] = {}
PATHS_SECONDS = 600


def _site_paths(schema: str) -> tuple[set[str], set[str]]:
    cached = _PATHS.get(schema)
    if cached and time.monotonic() - cached[0] < PATHS_SECONDS:
        return cached[1], cached[2]
    from .snapshot import site_paths

    with schema_context(schema):
        paths, routable = site_paths()
    _PATHS[schema] = (time.monotonic(), paths, routable)
    return paths, routable


def paths_forget() -> None:
    _PATHS.clear()


def path_resolves(path: str, paths: set[str], routable: set[str]) -> bool:
    path = path or "/"
    if path.startswith(SERVED_PREFIXES):
        return True
    normal = path if path.endswith("/") else path + "/"
    if normal in paths:
        return True
    return any(normal.startswith(prefix) for prefix in routable if prefix != "/")


def _document_ids() -> set[int]:
    from wagtail.documents import get_document_model

    return set(get_document_model().objects.values_list("pk", flat=True))


def _shown(link: str) -> str:
    """A link as the console shows it: Wagtail's own by their kind and number."""
    kind, _sep, number = link.partition(":")
    if kind == "page" and number.isdigit():
        return f"站内页面 #{number}"
    if kind == "document" and number.isdigit():
        return f"站内文档 #{number}"
    return link


def links_check(snapshot) -> tuple[list[dict], dict]:
    from cluster.tenants.selectors import tenant_for_host

    broken: list[dict] = []
    external: dict[str, list[tuple[int, str]]] = {}
    internal = 0
    documents = None
    own_schema = snapshot.tenant.schema_name
    for page_id, title, link in snapshot.links:
        link = link.strip()
        if not link or link.startswith(IGNORED_SCHEMES):
            continue
        reason = ""
        if link.startswith("page:"):
            internal += 1
            if int(link[5:]) not in snapshot.public_ids:
                reason = "链接的本站页面不存在或未公开"
        elif link.startswith("document:"):
            internal += 1
            documents = _document_ids() if documents is None else documents
            if int(link[9:]) not in documents:
                reason = "链接的文档已删除"
        else:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https") and parts.netloc:
                site = tenant_for_host(parts.hostname or "")
                if site is None or site.schema_name == "public":
                    external.setdefault(link, []).append((page_id, title))
                    continue
                internal += 1
                if site.schema_name == own_schema:
                    paths, routable = snapshot.public_paths, snapshot.routable_paths
                else:
                    paths, routable = _site_paths(site.schema_name)
                    if not site.is_active:
                        reason = "链接的站群网站已停用"
                if not reason and not path_resolves(parts.path, paths, routable):
                    reason = "链接的站群页面不存在或未公开"
            elif not parts.scheme and link.startswith("/"):
                internal += 1
                if not path_resolves(parts.path, snapshot.public_paths, snapshot.routable_paths):
                    reason = "链接的本站页面不存在或未公开"
            else:
                continue
        if reason:
            broken.append(
                {"page_id": page_id, "page": title, "link": _shown(link), "reason": reason}
            )
    results = external_check(list(external)) if external else {}
    for url, (ok, error) in results.items():
        if not ok:
            for page_id, title in external[url]:
                broken.append({"page_id": page_id, "page": title, "link": url, "reason": error})
    return broken, {"internal": internal, "external": len(external)}


def external_check(urls: list[str]) -> dict[str, tuple[bool, str]]:
    """{url: (usable, reason)}: fresh cached results, the rest checked now (up to a cap)."""
    from .models import LinkCheck

    if not monitors_setting("CHECK_EXTERNAL_LINKS"):
        return {}
    fresh_since = timezone.now() - datetime.timedelta(days=monitors_setting("LINK_CACHE_DAYS"))
    cached = {
        check.url: check
        for check in LinkCheck.objects.filter(url__in=urls, checked_at__gte=fresh_since)
    }
    results = {url: (c.ok or c.skipped, c.error) for url, c in cached.items()}
    pending = [url for url in urls if url not in cached][: monitors_setting("LINK_MAX_PER_RUN")]
    if pending:
        checker = LinkChecker(
            timeout=monitors_setting("LINK_TIMEOUT"),
            workers=monitors_setting("LINK_WORKERS"),
            host_delay=monitors_setting("LINK_HOST_DELAY"),
        )
        now = timezone.now()
        for url, fetched in checker.check(pending).items():
            LinkCheck.objects.update_or_create(
                url=url[:1000],
                defaults={
                    "checked_at": now,
                    "ok": fetched.ok,
                    "skipped": fetched.skipped,
                    "status_code": fetched.status_code,
                    "error": fetched.error[:200],
                },
            )
            results[url] = (fetched.ok or fetched.skipped, fetched.error or "无法访问")
    return results
