"""Writes of the cluster's read models: one site's entries replaced as a whole."""

from django.db import transaction

from cluster.tenants.models import Tenant

from .models import PowerRecord


@transaction.atomic
def site_powers_replace(*, tenant: Tenant, records: list[dict]) -> int:
    """Make ``records`` the site's entries in the cluster list; returns how many it has.

    Idempotent: the site's rows are replaced whole, so an event delivered twice, or
    out of order, leaves what the site shows now (the records are read when it runs).
    """
    PowerRecord.objects.filter(tenant=tenant).delete()
    PowerRecord.objects.bulk_create(PowerRecord(tenant=tenant, **record) for record in records)
    return len(records)
