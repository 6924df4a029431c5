"""Working-day arithmetic over the holiday arrangements, with no database access.

Built once from the arrangement rows (selectors.calendar_current) and then asked
many times: a 20-working-day deadline looks at 30-odd days and must not query for each.
"""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class WorkCalendar:
    years: frozenset[int] = frozenset()
    holidays: frozenset[datetime.date] = frozenset()
    workdays: frozenset[datetime.date] = frozenset()
    # Arrangement rows' (count, last change) when this was built; see selectors.
    stamp: tuple = field(default=(), compare=False)

    def covers(self, year: int) -> bool:
        return year in self.years

    def is_working_day(self, day: datetime.date) -> bool:
        """Statutory holidays off, make-up days on; otherwise Monday to Friday.

        A year with no arrangement is counted weekends-only: its results are provisional.
        """
        if day in self.holidays:
            return False
        if day in self.workdays:
            return True
        return day.weekday() < 5

    def years_missing(self, first: datetime.date, last: datetime.date) -> list[int]:
        """The years from `first` to `last` (either order) that have no arrangement."""
        low, high = sorted((first.year, last.year))
        return [year for year in range(low, high + 1) if year not in self.years]

    def is_provisional(self, first: datetime.date, last: datetime.date) -> bool:
        return bool(self.years_missing(first, last))
