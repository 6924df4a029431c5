"""Reads of the cluster's read models, for pages of any site (the public schema is on
every site's search path: nothing switches schema)."""

from django.db.models import Count

from cluster.tenants.models import Tenant
from cluster.tenants.selectors import DIRECTORY_LEVELS

from .models import PowerRecord


def _listed_records():
    # Only sites the public may visit: a suspended or archived site's entries wait here
    # unseen, and show again when it is reactivated.
    return PowerRecord.objects.filter(tenant__status=Tenant.Status.ACTIVE)


def cluster_power_counts() -> dict[str, int]:
    """Entries per category code across the cluster's active sites."""
    rows = _listed_records().values("category").annotate(count=Count("pk")).order_by()
    return {row["category"]: row["count"] for row in rows}


def cluster_powers_by_site(*, category: str | None = None) -> list[tuple[Tenant, list]]:
    """[(site, [PowerRecord, …]), …]: departments first, then by level, then by age."""
    records = _listed_records().select_related("tenant").prefetch_related("tenant__domains")
    if category:
        records = records.filter(category=category)
    order = {level: position for position, (level, _heading) in enumerate(DIRECTORY_LEVELS)}
    # The 权责清单 is the departments' list: theirs come first.
    order[Tenant.Level.DEPARTMENT] = -1
    sites: dict[int, tuple[Tenant, list]] = {}
    for record in records.order_by("category", "code"):
        sites.setdefault(record.tenant_id, (record.tenant, []))[1].append(record)
    return sorted(
        sites.values(),
        key=lambda site: (order.get(site[0].level, 99), site[0].created_at, site[0].pk),
    )
