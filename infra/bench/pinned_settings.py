"""Production settings pinned to one site, for infra/bench/serve's tenancy overhead only.

The same stack without routing by host: no domain lookup, no schema switch per request;
every request is served by the site in BENCH_PINNED_SCHEMA. Never a deployment setting.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from cluster.settings.production import *  # noqa: F403
from cluster.settings.production import MIDDLEWARE

PINNED_SCHEMA = os.environ["BENCH_PINNED_SCHEMA"]
# The routing by host, whichever class does it (django-tenants' own or the cluster's).
ROUTING = {
    "django_tenants.middleware.main.TenantMainMiddleware",
    "cluster.tenants.middleware.TenantHostMiddleware",
}
MIDDLEWARE = [
    "pinned_tenant.PinnedTenantMiddleware" if path in ROUTING else path for path in MIDDLEWARE
]
if "pinned_tenant.PinnedTenantMiddleware" not in MIDDLEWARE:
    raise ImproperlyConfigured("No tenant routing middleware to replace in MIDDLEWARE.")
