"""The cluster's list of powers (public schema) follows each site's, through the pipeline.

A site's items changed (services.powers_changed) or its 权责清单 page was published,
unpublished, moved or deleted (signals.py): the consumer, in the worker and in that
site's schema, reads what the public may see there now and replaces the site's rows of
the read model, then purges the pages that show the cluster's list. Idempotent: it
replaces rather than applies a change, so a redelivery or a late delivery is harmless.
"""

import logging

from cluster.registers.services import site_powers_replace
from cluster.tasks import pipeline
from cluster.tenants.selectors import tenant_current

from .models import CLUSTER_POWERS_TAG
from .selectors import public_power_list_page, public_powers
from .services import POWERS_CHANGED

logger = logging.getLogger(__name__)

CONSUMER = "powers.cluster_list"


def site_records() -> list[dict]:
    """The site's entries for the cluster's list: none while it has no public list page."""
    page = public_power_list_page()
    parts = page.get_url_parts() if page is not None else None
    if parts is None or parts[2] is None:
        return []
    base = parts[2]
    return [
        {
            "code": item.code,
            "name": item.name,
            "category": item.category,
            "category_label": item.get_category_display(),
            "subject": item.subject,
            "path": f"{base}{item.pk}/",
            "updated_at": item.updated_at,
        }
        for item in public_powers()
    ]


def handle(event: pipeline.Event) -> None:
    tenant = tenant_current()
    if tenant is None:
        return
    count = site_powers_replace(tenant=tenant, records=site_records())
    logger.info("Cluster powers list: %s entries of %s", count, event.schema)
    pipeline.emit(
        pipeline.Event(
            kind=pipeline.DATA_CHANGED, schema="public", data={"tags": [CLUSTER_POWERS_TAG]}
        )
    )


def register() -> None:
    pipeline.register(CONSUMER, handle, kinds={POWERS_CHANGED})
