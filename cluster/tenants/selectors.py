from django.db import connection

from .models import Tenant


def site_list():
    """Every site (not the platform itself), parents first, with domains loaded."""
    return (
        Tenant.objects.exclude(schema_name="public")
        .select_related("parent")
        .prefetch_related("domains")
        .order_by("parent_id", "id")
    )


def page_counts(tenants) -> dict[int, int]:
    """Pages per site below the root, in one query across the sites' schemas."""
    tenants = [t for t in tenants if not t.is_platform]
    if not tenants:
        return {}
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(
        f"SELECT {int(t.pk)} AS tenant_id, count(*) AS pages "
        f"FROM {quote(t.schema_name)}.wagtailcore_page WHERE depth > 1"
        for t in tenants
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())
