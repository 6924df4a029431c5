from django.conf import settings
from django.contrib import messages
from django.core.exceptions import DisallowedHost
from django.db import connection
from django.http import HttpResponseNotFound
from django.http.request import split_domain_port
from django.shortcuts import redirect, render
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import get_tenant_domain_model, remove_www

# Admin paths an archived site still accepts writes on: signing in and out.
ARCHIVED_WRITABLE_PATHS = ("/admin/login/", "/admin/logout/")


class TenantHostMiddleware(TenantMainMiddleware):
    """django-tenants' routing by host, with the site found in the per-process host map.

    The library's middleware reads ``tenants_domain`` (and switches to the public schema
    to do it) on every request; ``tenant_for_host`` answers from memory while the
    registry's version holds, so a request goes straight to its site's schema.
    """

    @staticmethod
    def hostname_from_request(request):
        # Host names are case-insensitive and may end in the root's dot (RFC 1034 §3.1):
        # PORTAL.example.gov.cn. is portal.example.gov.cn, as registered (lower case, no dot).
        hostname = split_domain_port(request.get_host())[0]
        return remove_www(hostname)

    def get_tenant(self, domain_model, hostname):
        from .selectors import tenant_for_host

        tenant = tenant_for_host(hostname)
        if tenant is None:
            raise domain_model.DoesNotExist
        return tenant

    def process_request(self, request):
        try:
            hostname = self.hostname_from_request(request)
        except DisallowedHost:
            return HttpResponseNotFound()
        domain_model = get_tenant_domain_model()
        try:
            tenant = self.get_tenant(domain_model, hostname)
        except domain_model.DoesNotExist:
            connection.set_schema_to_public()
            return self.no_tenant_found(request, hostname)
        tenant.domain_url = hostname
        request.tenant = tenant
        connection.set_tenant(tenant)
        self.setup_url_routing(request)
        return None


class TenantStatusMiddleware:
    """Apply a site's status to every request.

    Suspended: the public sees the closure notice (关停公告) that links the parent
    portal, and only platform admins get into the admin. Archived: the public reads
    as before; the admin accepts no writes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tenant = getattr(request, "tenant", None)
        if tenant is None or tenant.is_platform:
            return self.get_response(request)
        is_admin_path = request.path.startswith("/admin/")
        if tenant.is_suspended:
            platform_admin = request.user.is_authenticated and request.user.is_superuser
            signing_in = request.path.startswith(ARCHIVED_WRITABLE_PATHS)
            if not (is_admin_path and (platform_admin or signing_in)):
                return render(
                    request,
                    "pages/closure_notice.html",
                    {"tenant": tenant, "parent": tenant.parent},
                    status=503,
                )
        if (
            tenant.is_archived
            and is_admin_path
            and request.method not in ("GET", "HEAD", "OPTIONS")
            and not request.path.startswith(ARCHIVED_WRITABLE_PATHS)
        ):
            messages.error(request, _("This site is archived and read-only: nothing was saved."))
            return redirect(request.headers.get("referer") or "/admin/")
        return self.get_response(request)


class TenantOnlyMiddleware:
    """Run middleware that needs site tables (e.g. Wagtail redirects) on site hosts only."""

    def __init__(self, get_response):
        self.get_response = get_response
        handler = get_response
        for path in reversed(settings.TENANT_ONLY_MIDDLEWARE):
            handler = import_string(path)(handler)
        self.tenant_handler = handler

    def __call__(self, request):
        if connection.schema_name == "public":
            return self.get_response(request)
        return self.tenant_handler(request)
