from collections import defaultdict

from django.db.models import Sum

from .models import MonthlyFigure


def figures_by_site(*, source: str, year: int, tenant=None) -> dict:
    """{tenant id: {key: total over the year}} for ``source`` (every site, or one)."""
    rows = MonthlyFigure.objects.filter(source=source, month__year=year)
    if tenant is not None:
        rows = rows.filter(tenant=tenant)
    totals: dict = defaultdict(dict)
    for row in rows.values("tenant_id", "key").annotate(total=Sum("value")):
        totals[row["tenant_id"]][row["key"]] = row["total"]
    return dict(totals)


def figures_by_month(*, source: str, year: int, tenant=None) -> dict:
    """{month: {key: total}} for ``source`` over the year (every site, or one)."""
    rows = MonthlyFigure.objects.filter(source=source, month__year=year)
    if tenant is not None:
        rows = rows.filter(tenant=tenant)
    totals: dict = defaultdict(dict)
    for row in rows.values("month", "key").annotate(total=Sum("value")).order_by("month"):
        totals[row["month"]][row["key"]] = row["total"]
    return dict(totals)
