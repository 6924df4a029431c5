"""URLs of the platform console host (the public schema)."""

from django.conf import settings
from django.contrib.staticfiles.urls import staticfiles_urlpatterns
from django.urls import include, path

urlpatterns = [path("", include("cluster.console.urls"))]

# The themes' 404.html is a site's page (header, footer, settings); not for this host.
handler404 = "cluster.tenants.views.platform_not_found"

if settings.DEBUG:
    urlpatterns += staticfiles_urlpatterns()
