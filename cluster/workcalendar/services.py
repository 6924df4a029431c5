"""Writes of the holiday arrangements, and the fan-out that follows a change."""

import datetime
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django_tenants.utils import get_public_schema_name, schema_context

from .models import ArrangedDay, DayKind, HolidayArrangement
from .selectors import calendar_forget
from .signals import arrangement_changed

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class HolidayPeriod:
    """放假: from `first` to `last` inclusive, weekends in between included, as notices list them."""

    name: str
    first: datetime.date
    last: datetime.date

    def dates(self):
        day = self.first
        while day <= self.last:
            yield day
            day += datetime.timedelta(days=1)


@dataclass(frozen=True)
class MakeUpDay:
    """调休上班: a weekend day worked in exchange for a holiday."""

    name: str
    date: datetime.date


def _days_check(
    *, year: int, holidays: list[HolidayPeriod], workdays: list[MakeUpDay]
) -> dict[datetime.date, tuple[str, str]]:
    """The arranged days as {date: (kind, name)}, or a ValidationError naming every problem."""
    errors: dict[str, list[str]] = {"holidays": [], "workdays": []}
    days: dict[datetime.date, tuple[str, str]] = {}
    outside = "节假日安排按日期所在的年份录入，跨年的日期请在该年份的安排中录入。"
    if not holidays:
        errors["holidays"].append("请至少录入一项放假安排。")
    for period in holidays:
        label = f"“{period.name}”" if period.name else "放假安排"
        if not period.name.strip():
            errors["holidays"].append(f"{period.first:%Y-%m-%d}起的放假安排没有写节日名称。")
        if period.last < period.first:
            errors["holidays"].append(f"{label}的结束日期早于开始日期。")
            continue
        if period.first.year != year or period.last.year != year:
            errors["holidays"].append(
                f"{label}的日期{period.first:%Y-%m-%d}至{period.last:%Y-%m-%d}不在{year}年内。{outside}"
            )
            continue
        for day in period.dates():
            if day in days:
                errors["holidays"].append(
                    f"{day:%Y-%m-%d}同时出现在“{days[day][1]}”和“{period.name}”中，请合并为一项。"
                )
            else:
                days[day] = (DayKind.HOLIDAY, period.name)
    for make_up in workdays:
        day = make_up.date
        if not make_up.name.strip():
            errors["workdays"].append(f"调休上班日{day:%Y-%m-%d}没有写对应的节日名称。")
        if day.year != year:
            errors["workdays"].append(f"调休上班日{day:%Y-%m-%d}不在{year}年内。{outside}")
        elif day in days and days[day][0] == DayKind.HOLIDAY:
            errors["workdays"].append(
                f"{day:%Y-%m-%d}既列为“{days[day][1]}”放假日，又列为调休上班日，请核对通知。"
            )
        elif day in days:
            errors["workdays"].append(f"调休上班日{day:%Y-%m-%d}重复录入。")
        elif day.weekday() < 5:
            errors["workdays"].append(
                f"调休上班日{day:%Y-%m-%d}是工作日（星期{'一二三四五'[day.weekday()]}），"
                "调休上班日应为周六或周日，请核对通知。"
            )
        else:
            days[day] = (DayKind.WORKDAY, make_up.name)
    errors = {key: value for key, value in errors.items() if value}
    if errors:
        raise ValidationError(errors)
    return days


@transaction.atomic
def arrangement_save(
    *,
    year: int,
    notice_number: str,
    notice_date: datetime.date | None,
    holidays: list[HolidayPeriod],
    workdays: list[MakeUpDay],
    user=None,
    arrangement: HolidayArrangement | None = None,
) -> HolidayArrangement:
    """Enter a year's arrangement (arrangement=None) or replace an existing one's days.

    After commit, every site recomputes its open deadlines in a background task.
    """
    if arrangement is None:
        if HolidayArrangement.objects.filter(year=year).exists():
            raise ValidationError({"year": f"{year}年的节假日安排已经录入，请在列表中编辑。"})
        arrangement = HolidayArrangement(year=year)
    else:
        arrangement = HolidayArrangement.objects.select_for_update().get(pk=arrangement.pk)
    errors = {}
    if not notice_number.strip():
        errors["notice_number"] = "请填写国务院办公厅通知的文号。"
    if notice_date is None:
        errors["notice_date"] = "请填写通知的发布日期。"
    try:
        days = _days_check(year=arrangement.year, holidays=holidays, workdays=workdays)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    arrangement.notice_number = notice_number.strip()
    arrangement.notice_date = notice_date
    arrangement.seeded_from_library = False
    arrangement.updated_by = user
    arrangement.full_clean()
    arrangement.save()
    arrangement.days.all().delete()
    rows = [
        ArrangedDay(arrangement=arrangement, date=day, kind=kind, name=name.strip())
        for day, (kind, name) in sorted(days.items())
    ]
    for row in rows:
        row.full_clean(validate_unique=False)
    ArrangedDay.objects.bulk_create(rows)
    calendar_forget()
    transaction.on_commit(lambda: arrangement_changed_notify(year=arrangement.year))
    return arrangement


def arrangement_changed_notify(*, year: int) -> None:
    """Tell every site, each in its own schema, that `year` changed.

    Receivers only enqueue: the work itself runs in the worker, one task per site.
    """
    from cluster.tenants.models import Tenant

    calendar_forget()
    schemas = Tenant.objects.exclude(schema_name=get_public_schema_name()).values_list(
        "schema_name", flat=True
    )
    for schema in schemas:
        with schema_context(schema):
            for receiver, outcome in arrangement_changed.send_robust(
                sender=HolidayArrangement, year=year
            ):
                if isinstance(outcome, Exception):
                    logger.error(
                        "Arrangement change of %s not passed on to %s by %r.",
                        year,
                        schema,
                        receiver,
                        exc_info=outcome,
                    )
