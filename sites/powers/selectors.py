"""What the public may see of the 权责清单: current items only, on this site only.

Items are not pages, so ``sites.core.visibility`` does not reach them; this is their one
rule (the public list, the item pages and the cluster's read model all read it), and the
pages that show them are public pages under that rule.
"""

from django.db.models import Count, Q

from sites.core.visibility import public_pages

from .models import PowerItem, PowerListPage, PowerStatus


def public_powers(*, category: str = "", query: str = ""):
    """The site's current items, by category and code; cancelled ones never."""
    items = PowerItem.objects.filter(status=PowerStatus.CURRENT)
    if category:
        items = items.filter(category=category)
    if query:
        items = items.filter(Q(name__icontains=query) | Q(code__iexact=query))
    return items.order_by("category", "code")


def public_power_counts() -> dict[str, int]:
    """Current items per category code."""
    rows = public_powers().values("category").annotate(count=Count("pk")).order_by()
    return {row["category"]: row["count"] for row in rows}


def public_power_list_page():
    """The site's public 权责清单 page, None when it has none the public may see."""
    return public_pages(PowerListPage.objects.all()).order_by("path").first()


def power_history(item):
    return item.changes.select_related("actor")


def powers_for_admin(*, category: str = "", status: str = "", query: str = ""):
    items = PowerItem.objects.all()
    if category:
        items = items.filter(category=category)
    if status:
        items = items.filter(status=status)
    if query:
        items = items.filter(
            Q(name__icontains=query) | Q(code__icontains=query) | Q(subject__icontains=query)
        )
    return items.order_by("category", "code")
