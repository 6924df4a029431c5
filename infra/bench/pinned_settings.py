"""Production settings pinned to one site, for infra/bench/serve's tenancy overhead only.

The same stack without routing by host: no domain lookup, no schema switch per request;
every request is served by the site in BENCH_PINNED_SCHEMA. Never a deployment setting.
"""

import os

from cluster.settings.production import *  # noqa: F403
from cluster.settings.production import MIDDLEWARE

PINNED_SCHEMA = os.environ["BENCH_PINNED_SCHEMA"]
MIDDLEWARE = [
    "pinned_tenant.PinnedTenantMiddleware"
    if path == "django_tenants.middleware.main.TenantMainMiddleware"
    else path
    for path in MIDDLEWARE
]
