from django.db import connection

from .registry import resolve_theme


def theme(request):
    tenant = getattr(connection, "tenant", None)
    return {"theme": resolve_theme(getattr(tenant, "theme", None)), "current_tenant": tenant}
