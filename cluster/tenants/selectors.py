import copy

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django.http.request import split_domain_port
from psycopg import sql

from .models import Tenant

STANDARD_PORTS = {"http": 80, "https": 443}
# The memo name of the site registry (hosts, sites, their status and theme).
REGISTRY_MEMO = "tenants"


def tenant_current() -> Tenant | None:
    """The site whose schema the connection is on, in a request and in background work alike.

    In a request django-tenants puts the Tenant on the connection; under
    ``schema_context`` (tasks, fan-outs) it puts a ``FakeTenant`` that has a schema
    name and nothing else, so themes, the auth backend and anything that renders must
    ask here instead of reading ``connection.tenant``.
    """
    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Tenant):
        return tenant
    # Kept on the FakeTenant itself: each schema_context makes a new one, so the row is
    # read once per context and never outlives it.
    found = getattr(tenant, "_cluster_tenant", False)
    if found is False:
        found = Tenant.objects.filter(schema_name=connection.schema_name).first()
        if tenant is not None:
            tenant._cluster_tenant = found
    return found


def _tenants_by_host() -> dict[str, Tenant]:
    from .models import Domain

    tenants = {}
    domains = Domain.objects.select_related("tenant").prefetch_related("tenant__domains")
    for domain in domains:
        tenants[domain.domain] = domain.tenant
    return tenants


def tenant_for_host(hostname: str) -> Tenant | None:
    """The site (or the platform) that answers on ``hostname``, None for an unknown host.

    The whole host map is read once per process and kept while the registry's version
    holds (cluster/serving/memo.py; any Tenant or Domain change bumps it, see
    cluster/tenants/signals.py): a request costs no query for it. Each call returns its
    own copy, so what a request sets on its tenant stays with that request.
    """
    from cluster.serving.memo import memo_versioned

    def read():
        previous = connection.tenant
        connection.set_schema_to_public()
        try:
            return _tenants_by_host()
        finally:
            connection.set_tenant(previous)

    tenant = memo_versioned("public", REGISTRY_MEMO, None, read).get(hostname)
    return copy.copy(tenant) if tenant is not None else None


def public_site_port() -> int:
    """The port on a site's Wagtail Site record.

    Wagtail derives the scheme of its own absolute URLs (``Site.root_url``, ``page.full_url``)
    from that port alone (443 is https, anything else http), so the record carries the
    public scheme's port, not the port some process happens to listen on.
    """
    return settings.PUBLIC_PORT or STANDARD_PORTS[settings.PUBLIC_SCHEME]


def public_root_url(hostname: str, request: HttpRequest | None = None) -> str:
    """``scheme://host[:port]`` at which the public reaches the site on ``hostname``.

    The scheme and port are the platform's public ones (PUBLIC_SCHEME, PUBLIC_PORT), not
    those of whatever proxy or worker made the request. In development (DEBUG) the port is
    the request's, so a runserver on any port links to itself.
    """
    scheme = settings.PUBLIC_SCHEME
    port = settings.PUBLIC_PORT
    if settings.DEBUG and request is not None:
        port = split_domain_port(request.get_host())[1] or request.get_port()
    if port and int(port) != STANDARD_PORTS[scheme]:
        return f"{scheme}://{hostname}:{port}"
    return f"{scheme}://{hostname}"


def site_root_url(request: HttpRequest | None = None) -> str:
    """The public root URL of the current site, from its configured primary domain."""
    tenant = tenant_current()
    return public_root_url(tenant.primary_domain, request)


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


# The levels in the order the 站群导航 shows them, with their headings.
DIRECTORY_LEVELS = [
    (Tenant.Level.CITY, "市政府网站"),
    (Tenant.Level.COUNTY, "县（市、区）政府网站"),
    (Tenant.Level.TOWNSHIP, "乡镇（街道）网站"),
    (Tenant.Level.DEPARTMENT, "市政府部门网站"),
]


def cluster_directory() -> list[tuple[str, list[tuple[str, str]]]]:
    """The cluster's active sites for the 站群导航: [(heading, [(name, host), …]), …].

    By level, then in the order they joined; a suspended or archived site is not
    listed. Kept per process while the registry's version holds (any Tenant or Domain
    change bumps it), so a home page costs no query for it.
    """
    from cluster.serving.memo import memo_versioned

    def read():
        sites = {}
        tenants = (
            Tenant.objects.exclude(schema_name="public")
            .filter(status=Tenant.Status.ACTIVE)
            .prefetch_related("domains")
            .order_by("created_at", "pk")
        )
        for tenant in tenants:
            if tenant.primary_domain:
                sites.setdefault(tenant.level, []).append((tenant.name, tenant.primary_domain))
        return [(heading, sites[level]) for level, heading in DIRECTORY_LEVELS if level in sites]

    return memo_versioned("public", REGISTRY_MEMO, "directory", read)
