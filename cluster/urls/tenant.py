"""URLs of every site host (a tenant schema)."""

from django.conf import settings
from django.contrib.staticfiles.urls import staticfiles_urlpatterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cluster.tenants.media import serve_tenant_media
from sites.core.views import robots_txt, serve_page, sitemap_xml
from sites.disclosure.feeds import SiteAtomFeed, SiteFeed

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/", include("search.urls")),
    path("feeds/rss/", SiteFeed(), name="feed_rss"),
    path("feeds/atom/", SiteAtomFeed(), name="feed_atom"),
    path("feeds/rss/<int:column_id>/", SiteFeed(), name="feed_column_rss"),
    path("feeds/atom/<int:column_id>/", SiteAtomFeed(), name="feed_column_atom"),
    path("sitemap.xml", sitemap_xml, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
]

# A missing page is Django's own handler rendering the theme's 404.html (a full page of
# the site); an error renders the theme's 500.html without touching the database.
handler500 = "cluster.tenants.views.site_server_error"

if settings.DEBUG:
    urlpatterns += staticfiles_urlpatterns()
# Development serves the bytes; behind nginx the view only checks and hands over.
urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve_tenant_media)]

# Wagtail's own page URL, served through its view after routing by path (sites/core/routing).
urlpatterns += [
    re_path(wagtail_urls.serve_pattern, serve_page, name="wagtail_serve"),
    path("", include(wagtail_urls)),
]
