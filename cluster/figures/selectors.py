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


# The figures of the "letters" source (sites/letters/selectors.py letter_figures).
LETTER_COLUMNS = [
    ("received", "收信"),
    ("transferred_out", "转出"),
    ("answered", "答复"),
    ("answered_late", "超期答复"),
    ("overdue_open", "超期未答复"),
]


def letter_summary(totals: dict) -> dict:
    """Average reply days and satisfaction from one site's (or month's) summed figures."""
    count = totals.get("reply_count", 0)
    rated = sum(totals.get(key, 0) for key in ("satisfied", "basic", "unsatisfied"))
    cells = [int(totals.get(key, 0)) for key, _label in LETTER_COLUMNS]
    return {
        "cells": cells,
        "letters": cells[0] - cells[1],
        "average_days": round(totals.get("reply_days", 0) / count, 1) if count else None,
        "rated": int(rated),
        "satisfaction": round(
            100 * (totals.get("satisfied", 0) + totals.get("basic", 0)) / rated, 1
        )
        if rated
        else None,
    }
