"""Daily reminders to publish the 采纳情况 of closed consultations.

``feedback_reminders_schedule`` runs in the public schema once a day (queued again by
itself, and on every worker start: ``feedback_reminders_schedule_ensure``, connected in
apps.py as the upstream feeds' scheduler is). It queues ``feedback_reminders_send``
for every active site, naming the site's schema; that task records and mails the
day's reminders (``services.feedback_reminders_send``, idempotent per day).
"""

import datetime
import logging

from django.utils import timezone
from django_tasks import task

from cluster.tasks.api import active_site_schemas, enqueue, periodic_ensure

logger = logging.getLogger(__name__)

# Reminders go out in the morning of the site's (the city's) working day.
REMINDER_HOUR = 9


@task()
def feedback_reminders_send() -> int:
    """In one site's schema: the day's reminders; returns how many consultations were due."""
    from .services import feedback_reminders_send as send

    consultation_figures_refresh.enqueue()
    return len(send())


@task()
def consultation_figures_refresh() -> int:
    """Store this site's consultations held and comments received, per month of this year
    and the last, in the platform's figures (source "consultations"; see
    ``selectors.consultation_statistics`` for what is counted)."""
    from cluster.figures.services import figures_replace
    from cluster.tenants.selectors import tenant_current

    from .selectors import consultation_statistics

    tenant = tenant_current()
    if tenant is None:
        return 0
    year = timezone.localdate().year
    rows = []
    for row in [
        *consultation_statistics(year=year - 1),
        *consultation_statistics(year=year),
    ]:
        rows += [
            (row.month, "", "consultations", row.consultations),
            (row.month, "", "comments", row.comments),
        ]
    return figures_replace(tenant=tenant, source="consultations", rows=rows)


def reminders_next_run(now=None) -> datetime.datetime:
    """The next REMINDER_HOUR o'clock, local time, after ``now``."""
    now = timezone.localtime(now or timezone.now())
    run = now.replace(hour=REMINDER_HOUR, minute=0, second=0, microsecond=0)
    return run if run > now else run + datetime.timedelta(days=1)


@task()
def feedback_reminders_schedule() -> int:
    """In the public schema: queue every active site's reminders, then come back tomorrow."""
    schemas = active_site_schemas()
    for schema in schemas:
        enqueue(feedback_reminders_send, schema=schema)
    feedback_reminders_schedule_ensure(run_after=reminders_next_run())
    return len(schemas)


def feedback_reminders_schedule_ensure(*, run_after: datetime.datetime | None = None) -> None:
    """Keep exactly one scheduler task queued (the worker calls this on start)."""
    periodic_ensure(feedback_reminders_schedule, run_after=run_after or reminders_next_run())
