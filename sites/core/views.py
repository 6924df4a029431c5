"""Serving a site's pages, and the standard files of every site: sitemap.xml and robots.txt."""

from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.http import HttpResponse
from django.views.decorators.http import require_safe
from wagtail.views import serve as wagtail_serve

from cluster.pagecache.middleware import mark as page_cache_mark
from cluster.pagecache.store import SITEMAP_TAG
from cluster.tenants.selectors import site_root_url, tenant_current

from .routing import route_request_by_path
from .sitemaps import SiteSitemap

# Never for crawlers: the admin, the JSON API and the search page's results (an endless
# space of query strings; the search page itself stays crawlable). Rules are path prefixes
# (RFC 9309), so "/search/?" is every query of the search page and not the page.
DISALLOWED_PATHS = ("/admin/", "/api/", "/search/?")


def serve_page(request, path):
    """Wagtail's page serving, routed from the root page's tree fields (see routing)."""
    route_request_by_path(request, path)
    return wagtail_serve(request, path)


@require_safe
def sitemap_xml(request):
    """Every page the public may read in full, at its canonical address.

    Cached like a public page: the publish pipeline's cache purge adds the sitemap's tag to
    every page event (cluster/pagecache/purge.py), so a publish or unpublish shows at once.
    """
    page_cache_mark(request, SITEMAP_TAG)
    return django_sitemap(request, {"pages": SiteSitemap(request)})


@require_safe
def robots_txt(request):
    """Where crawlers may go, and the sitemap on the site's primary domain.

    A suspended site never gets here: its every address answers the closure notice
    with 503 (TenantStatusMiddleware), which crawlers read as "come back later" and
    which keeps the site's pages in their index meanwhile. An archived site stays
    crawlable unless the platform took it out of search (``searchable_when_archived``).
    Not cached: it costs no query (the site and its domains come from the host map).
    """
    tenant = tenant_current()
    if tenant.is_archived and not tenant.searchable_when_archived:
        lines = ["User-agent: *", "Disallow: /"]
    else:
        lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED_PATHS)]
        lines += ["", f"Sitemap: {site_root_url(request)}/sitemap.xml"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
