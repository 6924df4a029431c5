from django.db import connection
from psycopg import sql

from .models import Tenant


def tenant_current() -> Tenant | None:
    """The site whose schema the connection is on (a request's tenant, or a schema_context's)."""
    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Tenant):
        return tenant
    return Tenant.objects.filter(schema_name=connection.schema_name).first()


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
    per_site = sql.SQL(
        "SELECT {tenant_id} AS tenant_id, count(*) AS pages "
        "FROM {schema}.wagtailcore_page WHERE depth > 1"
    )
    query = sql.SQL(" UNION ALL ").join(
        per_site.format(tenant_id=sql.Literal(t.pk), schema=sql.Identifier(t.schema_name))
        for t in tenants
    )
    with connection.cursor() as cursor:
        cursor.execute(query.as_string(cursor.connection))
        return dict(cursor.fetchall())
