"""The tenant middleware of infra/bench/pinned_settings.py: one site, read once."""

from django.conf import settings
from django.db import connection


class PinnedTenantMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.tenant = None

    def __call__(self, request):
        if self.tenant is None:
            from cluster.tenants.models import Tenant

            connection.set_schema_to_public()
            self.tenant = Tenant.objects.prefetch_related("domains").get(
                schema_name=settings.PINNED_SCHEMA
            )
            self.tenant.domain_url = request.get_host().split(":")[0]
            connection.set_tenant(self.tenant)
        request.tenant = self.tenant
        if connection.schema_name != self.tenant.schema_name:
            connection.set_tenant(self.tenant)
        return self.get_response(request)
