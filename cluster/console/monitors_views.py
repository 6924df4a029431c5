"""The console's 网站监测: every site × every rule as a heat map, and one site's history."""

from django.shortcuts import get_object_or_404, render

from cluster.monitors.rules import RULES
from cluster.monitors.selectors import heatmap, site_history, site_states
from cluster.tenants.models import Tenant
from cluster.tenants.selectors import site_list

from .views import platform_admin_required


@platform_admin_required
def monitor_heatmap(request):
    rows = heatmap(list(site_list()))
    totals = {
        "veto": sum(
            1 for _site, cells in rows if any(s and s.status == "veto" for _r, s, _t in cells)
        ),
        "warning": sum(
            1
            for _site, cells in rows
            if not any(s and s.status == "veto" for _r, s, _t in cells)
            and any(s and s.status == "warning" for _r, s, _t in cells)
        ),
    }
    return render(
        request,
        "console/monitor_heatmap.html",
        {"rows": rows, "rules": list(RULES.values()), "totals": totals, "sites": len(rows)},
    )


@platform_admin_required
def monitor_site(request, pk):
    site = get_object_or_404(Tenant.objects.exclude(schema_name="public"), pk=pk)
    rule = request.GET.get("rule") or None
    if rule not in RULES:
        rule = None
    return render(
        request,
        "console/monitor_site.html",
        {
            "site": site,
            "states": site_states(site),
            "history": site_history(site, rule=rule),
            "rules": list(RULES.values()),
            "rule": rule,
        },
    )
