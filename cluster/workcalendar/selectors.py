"""Reads of the holiday arrangements, and the calendar every working-day computation uses."""

import datetime
import threading
import time

from django.db.models import Count, Max, Q
from django.utils import timezone

from .lookup import WorkCalendar
from .models import ArrangedDay, DayKind, HolidayArrangement

# How long a process trusts its calendar before asking the database whether it changed.
# Arrangements change a few times a year; other processes (web workers, the task worker)
# see a console edit within this many seconds, the process that made it at once.
CHECK_SECONDS = 60

_lock = threading.Lock()
_memo: dict = {"calendar": None, "checked": 0.0}


def _stamp() -> tuple:
    # Every write goes through arrangement_save, which bumps updated_at; the count
    # catches a deleted year.
    row = HolidayArrangement.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    return (row["n"], row["at"])


def _calendar_load(stamp: tuple) -> WorkCalendar:
    holidays, workdays = set(), set()
    for day, kind in ArrangedDay.objects.values_list("date", "kind"):
        (holidays if kind == DayKind.HOLIDAY else workdays).add(day)
    return WorkCalendar(
        years=frozenset(HolidayArrangement.objects.values_list("year", flat=True)),
        holidays=frozenset(holidays),
        workdays=frozenset(workdays),
        stamp=stamp,
    )


def calendar_current() -> WorkCalendar:
    """The arrangements as one in-memory calendar, kept per process.

    Not in Django's cache: its keys carry the current tenant schema, so every site
    would hold its own copy and a console edit (made in the public schema) could not
    invalidate them. A cheap stamp query, at most once a minute, keeps each process honest.
    """
    now = time.monotonic()
    calendar = _memo["calendar"]
    if calendar is not None and now - _memo["checked"] < CHECK_SECONDS:
        return calendar
    with _lock:
        stamp = _stamp()
        if calendar is None or calendar.stamp != stamp:
            calendar = _calendar_load(stamp)
            _memo["calendar"] = calendar
        _memo["checked"] = now
    return calendar


def calendar_forget() -> None:
    """Make the next calendar_current() read the database (after a write, in a new task)."""
    with _lock:
        _memo["calendar"] = None
        _memo["checked"] = 0.0


def arrangement_list():
    # Explicit order: Meta.ordering does not apply to a query with aggregates.
    return (
        HolidayArrangement.objects.select_related("updated_by")
        .annotate(
            holiday_count=Count("days", filter=Q(days__kind=DayKind.HOLIDAY)),
            workday_count=Count("days", filter=Q(days__kind=DayKind.WORKDAY)),
        )
        .order_by("-year")
    )


def arrangement_periods(arrangement: HolidayArrangement) -> tuple[list, list]:
    """(holiday periods as (name, first, last), make-up days as (name, date)) for editing."""
    periods: list[list] = []
    workdays = []
    for day in arrangement.days.order_by("date"):
        if day.kind == DayKind.WORKDAY:
            workdays.append((day.name, day.date))
        elif (
            periods
            and periods[-1][0] == day.name
            and periods[-1][2] + datetime.timedelta(days=1) == day.date
        ):
            periods[-1][2] = day.date
        else:
            periods.append([day.name, day.date, day.date])
    return [tuple(period) for period in periods], workdays


# The State Council's notice for the next year usually comes out in November.
WARN_FROM_MONTH = 11


def calendar_today() -> datetime.date:
    """The day the console's reminder is computed for; tests stand it on a chosen day."""
    return timezone.localdate()


def arrangement_missing_warning(*, today: datetime.date) -> str:
    """What the console tells platform admins about arrangements not yet entered ('' if none)."""
    known = set(
        HolidayArrangement.objects.filter(year__in=[today.year, today.year + 1]).values_list(
            "year", flat=True
        )
    )
    if today.year not in known:
        return (
            f"尚未录入{today.year}年的节假日安排：本年的答复期限等工作日计算只扣除周末，"
            "均为暂计。请尽快按国务院办公厅的通知录入。"
        )
    if today.month >= WARN_FROM_MONTH and today.year + 1 not in known:
        return (
            f"尚未录入{today.year + 1}年的节假日安排。国务院办公厅通常在11月发布下一年度的通知，"
            f"发布后请及时录入；录入前，跨入{today.year + 1}年的答复期限只扣除周末，显示为暂计。"
        )
    return ""
