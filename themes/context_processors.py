from .registry import resolve_theme


def theme(request):
    from cluster.tenants.selectors import tenant_current

    tenant = tenant_current()
    return {"theme": resolve_theme(getattr(tenant, "theme", None)), "current_tenant": tenant}
