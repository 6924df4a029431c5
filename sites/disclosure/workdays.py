"""Working days as the 政府信息公开条例 counts them: statutory holidays off, make-up workdays on.

The calendar is the `chinesecalendar` package, which follows the State Council's
yearly holiday notice. For a year it does not cover yet (the notice comes out each
November), weekends-only is the fallback and a warning is logged once per year, so a
deadline is never refused; upgrade the package when the notice is out.
"""

import datetime
import logging
from functools import cache

import chinese_calendar

logger = logging.getLogger(__name__)


@cache
def _warn_uncovered(year: int) -> None:
    logger.warning(
        "chinesecalendar has no holiday arrangement for %s; counting weekends only.", year
    )


def is_working_day(day: datetime.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        _warn_uncovered(day.year)
        return day.weekday() < 5


def working_days_after(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start`; the start day itself is not counted.

    条例 Art. 33 counts from receipt: a request received on a Friday has its first
    working day on Monday (or on the next working day after a holiday).
    """
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (negative if end is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
