import datetime

import pytest

from sites.disclosure.workdays import is_working_day, working_days_after, working_days_between

D = datetime.date

# The holiday arrangements are rows in the public schema (cluster.workcalendar).
pytestmark = pytest.mark.django_db


def test_spring_festival_2026_holidays_are_skipped_and_the_make_up_saturday_counts():
    # 国办发明电〔2025〕7号: 2月15日至23日放假，2月14日（星期六）、2月28日（星期六）上班。
    assert is_working_day(D(2026, 2, 14))
    assert not is_working_day(D(2026, 2, 16))
    assert is_working_day(D(2026, 2, 28))
    # Received Thursday 12 February: 13, 14 (make-up), 24, 25, 26, 27, 28 (make-up) are the
    # first seven; then 2–6, 9–13 and 16–18 March make twenty.
    assert working_days_after(D(2026, 2, 12), 3) == D(2026, 2, 24)
    assert working_days_after(D(2026, 2, 12), 7) == D(2026, 2, 28)
    assert working_days_after(D(2026, 2, 12), 20) == D(2026, 3, 18)


def test_national_day_2026_with_its_make_up_workdays():
    # 10月1日至7日放假，9月20日（星期日）、10月10日（星期六）上班。
    assert is_working_day(D(2026, 9, 20))
    assert not is_working_day(D(2026, 10, 5))
    assert is_working_day(D(2026, 10, 10))
    # Received Monday 28 September: 29, 30, then 8, 9, 10 (Saturday, make-up), 12 ...
    assert working_days_after(D(2026, 9, 28), 5) == D(2026, 10, 10)
    assert working_days_after(D(2026, 9, 28), 20) == D(2026, 10, 30)


def test_working_days_between_counts_after_the_start_up_to_the_end():
    assert working_days_between(D(2026, 9, 28), D(2026, 10, 10)) == 5
    assert working_days_between(D(2026, 10, 10), D(2026, 9, 28)) == -5
    assert working_days_between(D(2026, 3, 2), D(2026, 3, 2)) == 0


def test_a_year_the_calendar_does_not_cover_falls_back_to_weekdays():
    assert is_working_day(D(2030, 1, 7))  # a Monday
    assert not is_working_day(D(2030, 1, 5))  # a Saturday
