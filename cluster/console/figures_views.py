"""The console's 政民互动 statistics: every site's letters for a year, from the figures the
sites store (cluster.figures), without entering any site's schema."""

from django.shortcuts import render
from django.utils import timezone

from cluster.figures.selectors import (
    LETTER_COLUMNS,
    figures_by_month,
    figures_by_site,
    letter_summary,
)
from cluster.tenants.selectors import site_list

from .views import platform_admin_required


@platform_admin_required
def interaction_report(request):
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    by_site = figures_by_site(source="letters", year=year)
    consultations = figures_by_site(source="consultations", year=year)
    rows = [
        (
            site,
            letter_summary(by_site.get(site.pk, {})),
            {key: int(value) for key, value in consultations.get(site.pk, {}).items()},
        )
        for site in site_list()
    ]
    cluster_totals: dict = {}
    for totals in by_site.values():
        for key, value in totals.items():
            cluster_totals[key] = cluster_totals.get(key, 0) + value
    months = [
        (month, letter_summary(totals))
        for month, totals in figures_by_month(source="letters", year=year).items()
    ]
    return render(
        request,
        "console/interaction_report.html",
        {
            "year": year,
            "years": range(this_year, this_year - 6, -1),
            "rows": rows,
            "total": letter_summary(cluster_totals),
            "consultation_total": {
                key: int(sum(site.get(key, 0) for site in consultations.values()))
                for key in ("consultations", "comments")
            },
            "months": months,
            "columns": LETTER_COLUMNS,
        },
    )
