"""Reads of the monitors' results for the console and a site's admin."""

from .models import MonitorResult, MonitorState, Status
from .rules import RULES


def cell_text(rule, state) -> str:
    """The words of one heat map cell: what a colour alone would not say."""
    if state is None:
        return "未检查"
    if state.breached:
        return Status(state.status).label if rule.veto else "超标"
    if state.days_until is not None and state.status == Status.WARNING:
        return f"{state.days_until}{rule.days_label}后超标"
    return "正常"


def heatmap(sites) -> list[tuple[object, list[tuple[object, object, str]]]]:
    """[(site, [(rule, state or None, text), …]), …] in the registry's rule order."""
    states = {
        (state.tenant_id, state.rule): state
        for state in MonitorState.objects.filter(tenant__in=[site.pk for site in sites])
    }
    return [
        (
            site,
            [
                (
                    rule,
                    states.get((site.pk, rule.id)),
                    cell_text(rule, states.get((site.pk, rule.id))),
                )
                for rule in RULES.values()
            ],
        )
        for site in sites
    ]


def site_states(tenant) -> list[tuple[object, object, str]]:
    states = {state.rule: state for state in MonitorState.objects.filter(tenant=tenant)}
    return [
        (rule, states.get(rule.id), cell_text(rule, states.get(rule.id))) for rule in RULES.values()
    ]


def site_history(tenant, *, rule: str | None = None, limit: int = 200):
    rows = MonitorResult.objects.filter(tenant=tenant)
    if rule:
        rows = rows.filter(rule=rule)
    return rows.order_by("-run_at", "rule")[:limit]
