"""The console's 政民互动 statistics: every site's letters for a year, from the figures the
sites store (cluster.figures), without entering any site's schema."""

import datetime

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


# The roll-up of every site's 政府网站工作年度报表 (sites/webreport stores it as figures).
WEB_REPORT_COLUMNS = [
    ("visits_total", "总访问量"),
    ("visits_home", "首页访问量"),
    ("news", "政务动态"),
    ("catalog", "信息公开目录"),
    ("interpretations", "解读信息"),
    ("letters_received", "收到留言"),
    ("letters_answered", "办结留言"),
    ("consultations", "征集调查"),
    ("consultation_comments", "收到意见"),
    ("interviews", "在线访谈"),
]


@platform_admin_required
def web_report_rollup(request):
    """Every site's yearly website report for a year: status, figures, the cluster's totals."""
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year - 1))
    except ValueError:
        year = this_year - 1
    by_site = figures_by_site(source="webreport", year=year)
    rows, totals = [], dict.fromkeys([key for key, _label in WEB_REPORT_COLUMNS], 0)
    counts = {"submitted": 0, "draft": 0, "missing": 0}
    for site in site_list():
        figures = by_site.get(site.pk)
        if figures is None:
            status = "missing"
        else:
            status = "submitted" if figures.get("submitted") else "draft"
            for key in totals:
                totals[key] += int(figures.get(key, 0))
        counts[status] += 1
        cells = [
            int(figures.get(key, 0)) if figures else None for key, _label in WEB_REPORT_COLUMNS
        ]
        rows.append((site, status, cells))
    return render(
        request,
        "console/web_report_rollup.html",
        {
            "year": year,
            "years": range(this_year, this_year - 6, -1),
            "rows": rows,
            "columns": WEB_REPORT_COLUMNS,
            "totals": [totals[key] for key, _label in WEB_REPORT_COLUMNS],
            "counts": counts,
            "due": datetime.date(year + 1, 1, 31),
        },
    )
