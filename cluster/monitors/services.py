"""Writes of the monitors: a site's run, its probes, and the notices a run raises."""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from .conf import monitors_setting
from .models import MonitorResult, MonitorState, Probe, Status
from .rules import RULES, Outcome

logger = logging.getLogger(__name__)


def status_of(rule, outcome: Outcome) -> str:
    if outcome.breached:
        return Status.VETO if rule.veto else Status.WARNING
    lead = max(monitors_setting("LEAD_DAYS") or [0])
    if outcome.days_until is not None and outcome.days_until <= lead:
        return Status.WARNING
    return Status.OK


def leads_due(*, days_until: int | None, breached: bool, notified: list[int]) -> list[int]:
    """The lead times (0: the breach itself) this outcome reaches and nobody was told of."""
    reached = [0] if breached else []
    if days_until is not None and not breached:
        reached += [lead for lead in monitors_setting("LEAD_DAYS") if days_until <= lead]
    return sorted(set(reached) - set(notified))


def monitors_run_site(*, tenant, today: datetime.date | None = None, rules=None) -> dict:
    """Evaluate every rule (or ``rules``) for ``tenant``, whose schema must be current.

    Returns {rule id: MonitorState}. A rule that fails is logged and left as it was:
    one broken rule never stops the others.
    """
    from .snapshot import snapshot_take

    snapshot = snapshot_take(tenant=tenant, today=today)
    now = timezone.now()
    outcomes = {}
    for rule_id, rule in RULES.items():
        if rules is not None and rule_id not in rules:
            continue
        try:
            outcomes[rule_id] = rule.evaluate(snapshot)
        except Exception:
            logger.exception("Monitor %s failed on %s.", rule_id, tenant.schema_name)
    states = {}
    notices = []
    with transaction.atomic():
        existing = {
            state.rule: state
            for state in MonitorState.objects.select_for_update().filter(tenant=tenant)
        }
        for rule_id, outcome in outcomes.items():
            rule = RULES[rule_id]
            status = status_of(rule, outcome)
            detail = {"summary": outcome.summary, **outcome.detail}
            state = existing.get(rule_id) or MonitorState(tenant=tenant, rule=rule_id)
            due = leads_due(
                days_until=outcome.days_until,
                breached=outcome.breached,
                notified=state.notified if state.pk else [],
            )
            if status == Status.OK and not outcome.breached:
                # The episode is over: the next approach to a breach is told again.
                state.notified = []
            if due:
                state.notified = sorted(set(state.notified) | set(due))
                notices.append((rule_id, min(due)))
            state.status, state.breached = status, outcome.breached
            state.value, state.days_until, state.detail = outcome.value, outcome.days_until, detail
            state.checked_at = now
            state.save()
            states[rule_id] = state
            MonitorResult.objects.create(
                tenant=tenant,
                rule=rule_id,
                run_at=now,
                status=status,
                value=outcome.value,
                days_until=outcome.days_until,
                detail=detail,
            )
        if notices:
            transaction.on_commit(lambda: _notices_send(tenant, notices))
    return states


def _notices_send(tenant, notices) -> None:
    from cluster.tasks.api import enqueue

    from .tasks import monitor_notice_mail

    for rule_id, lead in notices:
        enqueue(monitor_notice_mail, tenant.pk, rule_id, lead, schema="public")


def probes_record(*, tenant, results) -> int:
    """Store one round of probes: ``results`` is [(url, http.Fetched)]."""
    now = timezone.now()
    Probe.objects.bulk_create(
        Probe(
            tenant=tenant,
            url=url[:500],
            probed_at=now,
            ok=fetched.ok,
            status_code=fetched.status_code,
            elapsed_ms=min(fetched.elapsed_ms, 2**31 - 1),
            error=fetched.error[:200],
        )
        for url, fetched in results
    )
    return len(results)


def history_prune(*, now=None) -> int:
    """Forget probes past the availability period and results past the history's length."""
    now = now or timezone.now()
    probes_before = now - datetime.timedelta(days=monitors_setting("AVAILABILITY_DAYS") + 1)
    results_before = now - datetime.timedelta(days=monitors_setting("HISTORY_DAYS"))
    deleted = Probe.objects.filter(probed_at__lt=probes_before).delete()[0]
    deleted += MonitorResult.objects.filter(run_at__lt=results_before).delete()[0]
    return deleted
