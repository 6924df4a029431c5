"""Writes of page views: a buffer batch into the day counters, the month into the figures."""

import datetime
import logging
from collections import defaultdict

from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from . import buffer
from .models import PageViewBatch, PageViewDay
from .selectors import page_view_count_key

logger = logging.getLogger(__name__)
BATCHES_KEPT_DAYS = 7


def page_view_record(*, page_id: int, day: datetime.date | None = None) -> None:
    """One view of ``page_id`` on this site: a counter in the buffer, no database write."""
    buffer.add(connection.schema_name, day or timezone.localdate(), page_id)


def _apply(batch_id: str, counts: dict) -> set[datetime.date]:
    """Add one batch to the day counters in one statement; the batch's id recorded in the
    same transaction makes a second attempt a no-op. Views of pages since deleted are dropped."""
    rows = [(*buffer.parse_field(field), count) for field, count in counts.items() if count > 0]
    if not rows:
        return set()
    try:
        with transaction.atomic():
            PageViewBatch.objects.create(batch_id=batch_id)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"""
                    INSERT INTO {PageViewDay._meta.db_table} (page_id, day, count)
                    SELECT v.page_id, v.day, v.count
                    FROM unnest(%s::integer[], %s::date[], %s::integer[]) AS v(page_id, day, count)
                    JOIN wagtailcore_page ON wagtailcore_page.id = v.page_id
                    ON CONFLICT (page_id, day)
                    DO UPDATE SET count = {PageViewDay._meta.db_table}.count + EXCLUDED.count
                    """,  # noqa: S608 - table names from the model, values as parameters
                    [
                        [page_id for _day, page_id, _n in rows],
                        [day for day, _page_id, _n in rows],
                        [n for _day, _page_id, n in rows],
                    ],
                )
    except IntegrityError:
        # Written already by a flush that died before deleting it, or by one running now.
        return set()
    schema = connection.schema_name
    try:
        cache.delete_many([page_view_count_key(schema, page_id) for _day, page_id, _n in rows])
    except Exception:
        # The totals shown catch up when their keys expire (one flush interval).
        logger.exception("Page view totals not forgotten")
    return {day for day, _page_id, _n in rows}


def page_views_flush() -> int:
    """Write this site's buffered views; then refresh the months they fall in. Returns the
    number of views written."""
    schema = connection.schema_name
    written, days = 0, set()
    for batch_id, counts in buffer.batches(schema):
        applied = _apply(batch_id, counts)
        if applied:
            written += sum(counts.values())
            days |= applied
        buffer.batch_done(schema, batch_id)
    if days:
        page_view_figures_store(months={day.replace(day=1) for day in days})
    PageViewBatch.objects.filter(
        applied_at__lt=timezone.now() - datetime.timedelta(days=BATCHES_KEPT_DAYS)
    ).delete()
    return written


def page_view_figures_store(*, months) -> None:
    """This site's views per month (source "views": total and home) in cluster.figures,
    for the months given; the other months' figures stay as they are."""
    from cluster.figures.models import MonthlyFigure
    from cluster.tenants.selectors import tenant_current

    from .selectors import page_view_month_totals

    tenant = tenant_current()
    if tenant is None:
        return
    values = defaultdict(dict)
    for month in months:
        values[month] = page_view_month_totals(month)
    with transaction.atomic():
        for month, totals in values.items():
            for key, value in totals.items():
                MonthlyFigure.objects.update_or_create(
                    tenant=tenant,
                    month=month,
                    source="views",
                    dimension="",
                    key=key,
                    defaults={"value": value},
                )
