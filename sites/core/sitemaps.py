"""A site's sitemap.xml (the sitemaps.org protocol, through django.contrib.sitemaps)."""

from django.contrib.sitemaps import Sitemap

from cluster.tenants.selectors import site_root_url

from .selectors import sitemap_pages, wagtail_site_for_request


class SiteSitemap(Sitemap):
    """The public pages of the request's site, at their addresses on its primary domain.

    Django's framework builds ``protocol://domain`` + ``location``; both come from the
    site's public root URL (PUBLIC_SCHEME, primary domain, PUBLIC_PORT), the same one
    canonical links and feeds use, whichever host the sitemap was asked on.
    """

    # The protocol's limit per file; a bigger site is paged with ?p=2, ?p=3 …
    limit = 50_000

    def __init__(self, request):
        self.request = request
        self.root_url = site_root_url(request)

    def items(self):
        site = wagtail_site_for_request(self.request)
        if site is None:
            return []
        return sitemap_pages(site.root_page)

    def location(self, page):
        # Every page at or below the site's root page has an address on it.
        return page.get_url_parts(request=self.request)[2]

    def lastmod(self, page):
        return page.last_published_at

    def get_protocol(self, protocol=None):
        return self.root_url.split("://", 1)[0]

    def get_domain(self, site=None):
        return self.root_url.split("://", 1)[1]
