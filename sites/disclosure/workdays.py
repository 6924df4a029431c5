"""Working days as the 政府信息公开条例 counts them: statutory holidays off, make-up workdays on.

The holidays are the State Council's yearly arrangements, kept by platform admins in
the console (cluster.workcalendar). A year with no arrangement entered yet (the notice
comes out each November) is counted weekends-only, so a deadline is never refused;
such a result is provisional, and `is_provisional` says so for the callers to show it.
"""

import datetime

from cluster.workcalendar.selectors import calendar_current


def is_working_day(day: datetime.date) -> bool:
    return calendar_current().is_working_day(day)


def working_days_after(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start`; the start day itself is not counted.

    条例 Art. 33 counts from receipt: a request received on a Friday has its first
    working day on Monday (or on the next working day after a holiday).
    """
    calendar = calendar_current()
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (negative if end is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    calendar = calendar_current()
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            count += 1
    return count


def is_provisional(first: datetime.date, last: datetime.date) -> bool:
    """Whether a count over these days touched a year whose arrangement is not entered."""
    return calendar_current().is_provisional(first, last)
