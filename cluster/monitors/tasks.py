"""The monitors' background work: one task per site and kind, scheduled by the worker.

``monitors_probe_tick`` (every PROBE_SECONDS) queues a probe round per active site;
``monitors_run_tick`` (every RUN_SECONDS) queues every rule per active site. Both come
back by themselves and the worker keeps exactly one of each queued on start, as the
letters' daily figures do. Each site's task runs in that site's schema and writes the
results into the platform's tables.
"""

import datetime
import logging

from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from cluster.tasks.api import enqueue

from .conf import monitors_setting

logger = logging.getLogger(__name__)
START_DELAY_SECONDS = 60


def _active_schemas() -> list[str]:
    from cluster.tenants.models import Tenant

    return list(
        Tenant.objects.exclude(schema_name="public")
        .filter(status=Tenant.Status.ACTIVE)
        .values_list("schema_name", flat=True)
    )


@task()
def monitors_site_run() -> int:
    """Evaluate every rule for the current site (the schema it was queued for)."""
    from cluster.tenants.selectors import tenant_current

    from .services import monitors_run_site

    tenant = tenant_current()
    if tenant is None:
        return 0
    return len(monitors_run_site(tenant=tenant))


@task()
def monitors_site_probe() -> int:
    """Request the current site's key pages once and store the results."""
    from cluster.tenants.selectors import tenant_current

    from .http import probe
    from .services import probes_record
    from .snapshot import key_paths

    tenant = tenant_current()
    if tenant is None:
        return 0
    timeout = monitors_setting("PROBE_TIMEOUT")
    connect_to = monitors_setting("PROBE_CONNECT_TO")
    paths = monitors_setting("PROBE_PATHS") or key_paths()
    results = [
        (tenant.url(path), probe(tenant.url(path), timeout=timeout, connect_to=connect_to))
        for path in paths
    ]
    return probes_record(tenant=tenant, results=results)


def _reschedule(tick, seconds: int) -> None:
    if tick.get_backend().supports_defer:
        _ensure(tick, delay_seconds=seconds)


@task()
def monitors_probe_tick() -> int:
    schemas = _active_schemas()
    for schema in schemas:
        enqueue(monitors_site_probe, schema=schema)
    _reschedule(monitors_probe_tick, monitors_setting("PROBE_SECONDS"))
    return len(schemas)


@task()
def monitors_run_tick() -> int:
    from .services import history_prune

    schemas = _active_schemas()
    for schema in schemas:
        enqueue(monitors_site_run, schema=schema)
    history_prune()
    _reschedule(monitors_run_tick, monitors_setting("RUN_SECONDS"))
    return len(schemas)


def _ensure(tick, *, delay_seconds: int = 0) -> None:
    backend = tick.get_backend()
    if not backend.supports_defer:
        return
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(
        task_path=tick.module_path, status=TaskResultStatus.READY
    ).exists():
        return
    enqueue(
        tick, schema="public", run_after=timezone.now() + datetime.timedelta(seconds=delay_seconds)
    )


def monitors_schedule_ensure() -> None:
    """Keep exactly one probe tick and one run tick queued (the worker calls this on start).

    The first ones wait a minute or two, so a worker's start is spent on what was queued.
    """
    _ensure(monitors_probe_tick, delay_seconds=START_DELAY_SECONDS)
    _ensure(monitors_run_tick, delay_seconds=2 * START_DELAY_SECONDS)


@task()
def monitor_notice_mail(tenant_id: int, rule_id: str, lead: int) -> int:
    """Mail the site's admins that a rule breached (lead 0) or will in ``lead`` days."""
    from cluster.tenants.models import SiteRole, Tenant

    from .models import MonitorState
    from .rules import RULES

    tenant = Tenant.objects.get(pk=tenant_id)
    rule = RULES.get(rule_id)
    state = MonitorState.objects.filter(tenant=tenant, rule=rule_id).first()
    if rule is None or state is None:
        return 0
    recipients = sorted(
        {
            role.user.email
            for role in SiteRole.objects.filter(
                tenant=tenant, role=SiteRole.Role.SITE_ADMIN, user__is_active=True
            ).select_related("user")
            if role.user.email
        }
    )
    if not recipients:
        return 0
    kind = "单项否决" if rule.veto else "预警"
    if state.breached:
        subject = f"【网站监测】{tenant.name}：{rule.name}已超标（{kind}）"
        opening = f"贵单位网站“{tenant.name}”的监测项“{rule.name}”已超标。"
    else:
        days = state.days_until if state.days_until is not None else lead
        subject = f"【网站监测】{tenant.name}：{rule.name}将在{days}{rule.days_label}后超标"
        opening = (
            f"贵单位网站“{tenant.name}”的监测项“{rule.name}”将在{days}{rule.days_label}后超标"
            f"（{kind}），请及时处理。"
        )
    message = (
        f"{opening}\n\n{state.detail.get('summary', '')}\n规则：{rule.description}\n\n"
        f"请登录网站后台（{tenant.url('/admin/')}）查看监测详情。"
    )
    send_mail(subject, message, None, recipients)
    return len(recipients)
