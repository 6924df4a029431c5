"""Each mailbox's reply deadline, in working days from the disclosure calendar."""

import datetime

import pytest

from sites.letters.models import LetterType
from sites.letters.seed import DEFAULT_TYPES

from .conftest import aware, letter_new

D = datetime.date


@pytest.mark.parametrize(
    ("slug", "due"),
    [
        # Received Monday 28 September 2026; 10月1日至7日放假, 10月10日（星期六）上班.
        # Counting after the day of receipt: 29, 30 Sept, 8, 9, 10 (make-up) Oct ...
        ("zx", D(2026, 10, 10)),  # 5 working days
        ("ldxx", D(2026, 10, 23)),  # 15 working days
        ("ts", D(2026, 10, 23)),
        ("jy", D(2026, 10, 23)),
    ],
)
def test_each_default_mailbox_deadline_skips_the_national_day_holiday(in_alpha, slug, due):
    letter, _code = letter_new(slug, now=aware(D(2026, 9, 28)))
    assert letter.due_on == due
    assert letter.reply_working_days == {s: d for _n, s, d, _t in DEFAULT_TYPES}[slug]


def test_a_letter_received_on_a_holiday_starts_its_clock_on_the_next_working_day(in_alpha):
    letter, _code = letter_new("zx", now=aware(D(2026, 10, 3)))
    assert letter.clock_started_on == D(2026, 10, 8)
    # 9, 10 (make-up Saturday), 12, 13, 14.
    assert letter.due_on == D(2026, 10, 14)


def test_a_site_admin_changing_a_mailbox_deadline_applies_to_new_letters_only(in_alpha):
    earlier, _code = letter_new("zx", now=aware(D(2026, 9, 28)))
    LetterType.objects.filter(slug="zx").update(reply_working_days=10)
    later, _code = letter_new("zx", now=aware(D(2026, 9, 28)))
    earlier.refresh_from_db()
    assert earlier.due_on == D(2026, 10, 10)
    # 29, 30 Sept, 8, 9, 10, 12, 13, 14, 15, 16 Oct.
    assert later.due_on == D(2026, 10, 16) and later.reply_working_days == 10


def test_days_left_and_overdue_follow_working_days(in_alpha):
    letter, _code = letter_new("zx", now=aware(D(2026, 9, 28)))
    assert letter.working_days_left(D(2026, 9, 30)) == 3  # 8, 9, 10 October
    assert not letter.is_overdue(D(2026, 10, 10))
    assert letter.is_overdue(D(2026, 10, 11))
