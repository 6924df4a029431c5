"""The public side of the 权责清单: the site's list, one item, and the cluster's list."""

from django.core.paginator import Paginator
from django.http import Http404

from cluster.pagecache.middleware import mark
from cluster.pagecache.store import REGISTRY_TAG

from .models import CLUSTER_POWERS_TAG, POWERS_TAG, PowerCategory
from .selectors import public_power_counts, public_powers

PER_PAGE = 50
QUERY_MAX = 50


def _category(request) -> str:
    value = request.GET.get("category", "")
    return value if value in PowerCategory.values else ""


def category_choices(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    """(code, label, count) of every category, in the catalogue's order."""
    return [(value, label, counts.get(value, 0)) for value, label in PowerCategory.choices]


def power_list(request, *, page):
    # Read before the items: an edit that lands while this renders purges the entry.
    mark(request, POWERS_TAG)
    category = _category(request)
    query = request.GET.get("q", "").strip()[:QUERY_MAX]
    counts = public_power_counts()
    items = Paginator(public_powers(category=category, query=query), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return page.render(
        request,
        context_overrides={
            "items": items,
            "category": category,
            "category_label": PowerCategory(category).label if category else "",
            "query": query,
            "categories": category_choices(counts),
            "total": sum(counts.values()),
        },
    )


def power_detail(request, *, page, pk: int):
    mark(request, POWERS_TAG)
    item = public_powers().filter(pk=pk).first()
    if item is None:
        raise Http404
    return page.render(
        request,
        context_overrides={"item": item},
        template="pages/power_item_page.html",
    )


def cluster_list_context(request) -> dict:
    """The cluster's list by site, from the public schema's read model (no schema switch)."""
    from cluster.registers.selectors import cluster_power_counts, cluster_powers_by_site
    from cluster.tenants.selectors import public_root_url

    # Purged when any site's entries change, and when a site is suspended or renamed.
    mark(request, CLUSTER_POWERS_TAG, REGISTRY_TAG, schema="public")
    category = _category(request)
    sites = []
    for tenant, records in cluster_powers_by_site(category=category):
        root = public_root_url(tenant.primary_domain, request)
        for record in records:
            record.url = root + record.path
        sites.append({"tenant": tenant, "records": records})
    counts = cluster_power_counts()
    return {
        "sites": sites,
        "category": category,
        "category_label": PowerCategory(category).label if category else "",
        "categories": category_choices(counts),
        "total": sum(counts.values()),
    }
