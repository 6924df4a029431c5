"""Each rule at its edge, on snapshots built by hand (no site needed)."""

import datetime

import pytest

from cluster.monitors.models import Status
from cluster.monitors.rules import RULES
from cluster.monitors.services import leads_due, status_of
from cluster.monitors.snapshot import NEWS, NOTICES, POLICY, Column, SiteSnapshot, links_in_html

TODAY = datetime.date(2026, 11, 24)  # a Tuesday


def column(pk, *, kind=NEWS, newest=None, has_children=True, title="栏目"):
    return Column(pk, f"{title}{pk}", f"0001{pk:04d}", f"/c{pk}/", kind, newest, has_children)


def snapshot(columns=(), *, home_news_ids=(), open_letters=(), today=TODAY):
    return SiteSnapshot(
        tenant=None,
        today=today,
        columns=list(columns),
        home_news_ids=list(home_news_ids),
        open_letters=list(open_letters),
        backdated=[],
        links=[],
        public_ids=set(),
        public_paths=set(),
        routable_paths=set(),
    )


def days_ago(days):
    return TODAY - datetime.timedelta(days=days)


def evaluate(rule_id, snap):
    return RULES[rule_id].evaluate(snap)


def test_home_page_news_13_days_old_is_fresh_with_its_countdown():
    outcome = evaluate(
        "home_freshness", snapshot([column(1, newest=days_ago(13))], home_news_ids=[1])
    )
    assert not outcome.breached
    assert outcome.days_until == 2
    assert status_of(RULES["home_freshness"], outcome) == Status.WARNING


def test_home_page_news_15_days_old_is_a_veto():
    outcome = evaluate(
        "home_freshness", snapshot([column(1, newest=days_ago(15))], home_news_ids=[1])
    )
    assert outcome.breached
    assert outcome.days_until == 0
    assert status_of(RULES["home_freshness"], outcome) == Status.VETO


def test_home_freshness_reads_the_columns_the_home_page_points_at():
    columns = [column(1, newest=days_ago(30)), column(2, newest=days_ago(1))]
    assert evaluate("home_freshness", snapshot(columns, home_news_ids=[1])).breached
    assert not evaluate("home_freshness", snapshot(columns, home_news_ids=[2])).breached


def test_four_stale_columns_are_not_a_veto():
    columns = [column(pk, newest=days_ago(20)) for pk in range(4)]
    outcome = evaluate("stale_columns", snapshot(columns))
    assert outcome.value == 4
    assert not outcome.breached


def test_five_stale_columns_are_a_veto():
    columns = [column(pk, newest=days_ago(20)) for pk in range(5)]
    outcome = evaluate("stale_columns", snapshot(columns))
    assert outcome.value == 5
    assert outcome.breached
    assert status_of(RULES["stale_columns"], outcome) == Status.VETO


def test_stale_columns_count_down_to_the_day_the_fifth_column_goes_stale():
    stale = [column(pk, newest=days_ago(20)) for pk in range(4)]
    # Updated 11 days ago: not updated for two weeks in 4 days (stale on day 15).
    coming = [column(10, newest=days_ago(11)), column(11, newest=days_ago(2))]
    outcome = evaluate("stale_columns", snapshot(stale + coming))
    assert not outcome.breached
    assert outcome.days_until == 4


def test_notices_and_policy_columns_go_stale_after_six_months_not_two_weeks():
    kinds = [NOTICES, NOTICES, POLICY, POLICY, POLICY]
    recent = [column(pk, kind=kind, newest=days_ago(100)) for pk, kind in enumerate(kinds)]
    assert evaluate("stale_columns", snapshot(recent)).value == 0
    old = [column(pk, kind=kind, newest=days_ago(190)) for pk, kind in enumerate(kinds)]
    assert evaluate("stale_columns", snapshot(old)).breached


def test_columns_without_a_timed_kind_never_go_stale():
    columns = [column(pk, kind=None, newest=days_ago(900)) for pk in range(6)]
    assert evaluate("stale_columns", snapshot(columns)).value == 0


def test_four_empty_columns_are_not_a_veto_five_are():
    four = [column(pk, has_children=False) for pk in range(4)] + [column(9)]
    assert not evaluate("empty_columns", snapshot(four)).breached
    five = [column(pk, has_children=False) for pk in range(5)]
    outcome = evaluate("empty_columns", snapshot(five))
    assert outcome.breached
    assert outcome.value == 5


def test_a_letter_89_days_unanswered_is_not_a_veto():
    outcome = evaluate(
        "unanswered_letters", snapshot(open_letters=[("X1", days_ago(89), days_ago(60))])
    )
    assert not outcome.breached
    assert outcome.days_until == 2


def test_a_letter_91_days_unanswered_is_a_veto():
    outcome = evaluate(
        "unanswered_letters",
        snapshot(open_letters=[("X1", days_ago(91), days_ago(60)), ("X2", days_ago(3), TODAY)]),
    )
    assert outcome.breached
    assert outcome.detail["letters"] == ["X1"]
    assert status_of(RULES["unanswered_letters"], outcome) == Status.VETO


@pytest.mark.django_db
def test_letter_deadline_counts_down_in_working_days_over_a_weekend():
    friday = datetime.date(2026, 11, 20)
    monday = datetime.date(2026, 11, 23)
    outcome = evaluate(
        "letters_overdue",
        snapshot(open_letters=[("X1", friday - datetime.timedelta(days=10), monday)], today=friday),
    )
    # Monday is the first working day after Friday; overdue on Tuesday: 2 working days
    # (4 calendar days).
    assert outcome.days_until == 2
    assert RULES["letters_overdue"].days == "working"
    late = evaluate(
        "letters_overdue",
        snapshot(open_letters=[("X1", friday, monday)], today=monday + datetime.timedelta(days=1)),
    )
    assert late.breached
    assert status_of(RULES["letters_overdue"], late) == Status.WARNING  # not a veto


def test_lead_times_are_due_once_each_and_the_breach_separately(settings):
    settings.MONITORS = {"LEAD_DAYS": [7, 3, 1]}
    assert leads_due(days_until=5, breached=False, notified=[]) == [7]
    assert leads_due(days_until=3, breached=False, notified=[7]) == [3]
    assert leads_due(days_until=3, breached=False, notified=[7, 3]) == []
    assert leads_due(days_until=0, breached=True, notified=[7, 3, 1]) == [0]
    assert leads_due(days_until=0, breached=True, notified=[0, 1, 3, 7]) == []


def test_links_in_rich_text_are_wagtails_own_or_hrefs():
    html = (
        '<p><a linktype="page" id="12">甲</a> <a id="7" linktype="document">乙</a>'
        ' <a href="https://example.org/x">丙</a></p>'
    )
    assert links_in_html(html) == ["page:12", "document:7", "https://example.org/x"]
