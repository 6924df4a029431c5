import datetime

import pytest
from django.core.exceptions import ValidationError

from cluster.workcalendar import selectors
from cluster.workcalendar.models import ArrangedDay, HolidayArrangement
from cluster.workcalendar.selectors import arrangement_missing_warning, calendar_current
from cluster.workcalendar.services import HolidayPeriod, MakeUpDay, arrangement_save
from sites.disclosure.workdays import is_provisional, is_working_day, working_days_after
from tests.conftest import PASSWORD, host_client

D = datetime.date
pytestmark = pytest.mark.django_db

# An arrangement for 2027 in the shape of the State Council's notice. The real notice was
# not out when this was written: the number and the Spring Festival days are the test's own.
NOTICE = {"notice_number": "国办发明电〔2026〕99号", "notice_date": D(2026, 11, 20)}
HOLIDAYS_2027 = [
    HolidayPeriod(name="元旦", first=D(2027, 1, 1), last=D(2027, 1, 3)),
    HolidayPeriod(name="春节", first=D(2027, 2, 6), last=D(2027, 2, 14)),
]
WORKDAYS_2027 = [MakeUpDay(name="春节", date=D(2027, 2, 20))]


def enter_2027(user=None):
    return arrangement_save(
        year=2027, **NOTICE, holidays=HOLIDAYS_2027, workdays=WORKDAYS_2027, user=user
    )


def test_years_chinesecalendar_knows_are_seeded_and_2027_is_not():
    years = set(HolidayArrangement.objects.values_list("year", flat=True))
    assert set(range(2004, 2027)) <= years and 2027 not in years
    seeded = HolidayArrangement.objects.get(year=2026)
    assert seeded.seeded_from_library and not seeded.notice_number
    spring = seeded.days.filter(name="春节")
    assert [d.date for d in spring.filter(kind="workday")] == [D(2026, 2, 14), D(2026, 2, 28)]
    assert spring.filter(kind="holiday").count() == 9


def test_new_year_2027_counts_as_a_working_day_only_until_the_arrangement_is_entered():
    assert is_working_day(D(2027, 1, 1)) and is_provisional(D(2026, 12, 31), D(2027, 1, 28))
    assert working_days_after(D(2026, 12, 31), 20) == D(2027, 1, 28)
    enter_2027()
    assert not is_working_day(D(2027, 1, 1))
    assert is_working_day(D(2027, 2, 20))  # a Saturday worked for the Spring Festival
    assert not is_provisional(D(2026, 12, 31), D(2027, 1, 29))
    assert working_days_after(D(2026, 12, 31), 20) == D(2027, 1, 29)


def test_saving_records_the_notice_and_who_entered_it_and_an_edit_replaces_the_days(accounts):
    arrangement = enter_2027(user=accounts["platform"])
    assert arrangement.notice_number == "国办发明电〔2026〕99号"
    assert arrangement.updated_by == accounts["platform"] and not arrangement.seeded_from_library
    assert arrangement.days.filter(kind="holiday").count() == 12
    arrangement_save(
        arrangement=arrangement,
        year=2027,
        **NOTICE,
        holidays=[HolidayPeriod(name="元旦", first=D(2027, 1, 1), last=D(2027, 1, 1))],
        workdays=[],
    )
    assert list(arrangement.days.values_list("date", flat=True)) == [D(2027, 1, 1)]
    assert is_working_day(D(2027, 2, 8))


@pytest.mark.parametrize(
    ("holidays", "workdays", "field", "message"),
    [
        (
            [HolidayPeriod(name="元旦", first=D(2026, 12, 31), last=D(2027, 1, 2))],
            [],
            "holidays",
            "不在2027年内",
        ),
        (
            HOLIDAYS_2027,
            [MakeUpDay(name="春节", date=D(2027, 2, 7))],
            "workdays",
            "既列为“春节”放假日，又列为调休上班日",
        ),
        (HOLIDAYS_2027, [MakeUpDay(name="春节", date=D(2027, 2, 15))], "workdays", "星期一"),
        (
            [HolidayPeriod(name="春节", first=D(2027, 2, 14), last=D(2027, 2, 6))],
            [],
            "holidays",
            "结束日期早于开始日期",
        ),
        ([], [], "holidays", "至少录入一项"),
    ],
)
def test_an_arrangement_that_contradicts_itself_is_refused_and_nothing_is_saved(
    holidays, workdays, field, message
):
    with pytest.raises(ValidationError) as error:
        arrangement_save(year=2027, **NOTICE, holidays=holidays, workdays=workdays)
    assert any(message in text for text in error.value.message_dict[field])
    assert not HolidayArrangement.objects.filter(year=2027).exists()
    assert not ArrangedDay.objects.filter(date__year=2027).exists()


def test_an_entered_arrangement_needs_the_notice_it_comes_from():
    with pytest.raises(ValidationError) as error:
        arrangement_save(
            year=2027, notice_number=" ", notice_date=None, holidays=HOLIDAYS_2027, workdays=[]
        )
    assert set(error.value.message_dict) == {"notice_number", "notice_date"}
    enter_2027()
    with pytest.raises(ValidationError, match="已经录入"):
        enter_2027()


def test_a_deadline_is_counted_without_a_query_per_day(django_assert_num_queries):
    calendar_current()
    with django_assert_num_queries(0):
        assert working_days_after(D(2026, 9, 28), 20) == D(2026, 10, 30)


def test_a_change_made_by_another_process_is_seen_at_the_next_check(monkeypatch):
    assert is_working_day(D(2027, 1, 1))
    # As another web or worker process would: the rows change, this process is not told.
    arrangement = HolidayArrangement.objects.create(year=2027, **NOTICE)
    ArrangedDay.objects.create(
        arrangement=arrangement, date=D(2027, 1, 1), kind="holiday", name="元旦"
    )
    assert is_working_day(D(2027, 1, 1))  # still trusting its copy within the interval
    monkeypatch.setattr(selectors, "CHECK_SECONDS", 0)
    assert not is_working_day(D(2027, 1, 1))


def test_console_warns_from_1_november_while_next_years_arrangement_is_missing():
    assert arrangement_missing_warning(today=D(2026, 10, 31)) == ""
    assert "尚未录入2027年的节假日安排" in arrangement_missing_warning(today=D(2026, 11, 1))
    enter_2027()
    assert arrangement_missing_warning(today=D(2026, 12, 31)) == ""
    # A year already under way with nothing entered is worse, and said at once.
    assert "尚未录入2028年" in arrangement_missing_warning(today=D(2028, 3, 1))


# -- console -------------------------------------------------------------------------


def _console(username="platform"):
    client = host_client("console.localhost")
    client.post("/login/", {"username": username, "password": PASSWORD})
    return client


FORM = {
    "year": "2027",
    "notice_number": "国办发明电〔2026〕99号",
    "notice_date": "2026-11-20",
    "holidays": "元旦 2027-01-01 至 2027-01-03\n春节：2027-02-06至2027-02-14",
    "workdays": "春节 2027-02-20",
}


def test_platform_admin_enters_next_years_arrangement_in_the_console(
    accounts, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(selectors, "calendar_today", lambda: D(2026, 11, 24))
    client = _console()
    listing = client.get("/calendar/").content.decode()
    assert "2026" in listing and "由 chinesecalendar 导入" in listing
    assert "尚未录入2027年的节假日安排" in listing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/calendar/new/", FORM)
    assert response.status_code == 302
    listing = client.get("/calendar/").content.decode()
    assert "国办发明电〔2026〕99号" in listing and "尚未录入2027年" not in listing
    # Newest year first.
    assert (
        listing.index("国办发明电〔2026〕99号") < listing.index(">2026<") < listing.index(">2004<")
    )
    assert not is_working_day(D(2027, 1, 1)) and is_working_day(D(2027, 2, 20))
    edit = client.get("/calendar/2027/").content.decode()
    assert "元旦 2027-01-01 至 2027-01-03" in edit and "春节 2027-02-20" in edit


def test_console_warning_is_not_shown_before_november(monkeypatch):
    monkeypatch.setattr(selectors, "calendar_today", lambda: D(2026, 10, 31))
    assert "尚未录入" not in _console().get("/").content.decode()
    monkeypatch.setattr(selectors, "calendar_today", lambda: D(2026, 11, 1))
    assert "尚未录入2027年的节假日安排" in _console().get("/").content.decode()


def test_bad_input_in_the_console_is_explained_and_keeps_everything_typed(accounts):
    client = _console()
    typed = FORM | {
        "holidays": "元旦 2026-12-31 至 2027-01-02\n春节 2027-02-06 至 2027-02-14",
        "workdays": "春节 2027-02-07\n国庆 2027-02-30",
    }
    body = client.post("/calendar/new/", typed).content.decode()
    assert "第2行“国庆 2027-02-30”中的日期2027-02-30不存在" in body
    assert "国办发明电〔2026〕99号" in body and "春节 2027-02-06 至 2027-02-14" in body
    typed["workdays"] = "春节 2027-02-07"
    body = client.post("/calendar/new/", typed).content.decode()
    assert "“元旦”的日期2026-12-31至2027-01-02不在2027年内" in body
    assert "2027-02-07既列为“春节”放假日，又列为调休上班日" in body
    assert "元旦 2026-12-31 至 2027-01-02" in body
    assert not HolidayArrangement.objects.filter(year=2027).exists()


def test_only_platform_admins_reach_the_holiday_arrangements(accounts):
    assert _console("alpha_editor").get("/calendar/").status_code == 302
    assert _console("alpha_editor").get("/calendar/2026/").status_code == 302
