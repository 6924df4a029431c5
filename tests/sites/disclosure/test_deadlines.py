"""Deadlines over years whose holiday arrangement is not yet entered (issue 14, item 1)."""

import datetime

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from django_tenants.utils import schema_context

from cluster.accounts.services import account_create, role_grant
from cluster.tenants.models import SiteRole
from cluster.workcalendar.models import HolidayArrangement
from cluster.workcalendar.selectors import calendar_forget
from sites.disclosure import services
from sites.disclosure.models import InformationRequest
from sites.disclosure.selectors import documents_published_late, request_queue
from tests.cluster.tasks.test_tenant_tasks import _run
from tests.cluster.workcalendar.test_arrangements import enter_2027
from tests.conftest import PASSWORD, admin_login, host_client

from .conftest import aware, make_document

D = datetime.date
PROVISIONAL = "含未公布节假日安排的年份，期限为暂计"
APPLICANT = {
    "applicant_type": "person",
    "name": "张三",
    "identity_type": "id_card",
    "identity_number": "11010519491231002X",
    "phone": "0432-12345678",
    "email": "zhangsan@example.com",
    "description": "请提供2026年度城市道路改造计划。",
    "delivery_form": "email",
    "delivery_channel": "email",
}


def submit(day: D, **fields) -> InformationRequest:
    received_at = aware(day.year, day.month, day.day)
    request, _code = services.request_submit(
        data=APPLICANT | fields | {"received_at": received_at}, now=received_at
    )
    return request


def events(request, kind="deadline_changed"):
    return list(request.events.filter(kind=kind).values_list("note", flat=True))


def test_deadlines_crossing_into_2027_are_provisional_until_its_arrangement_is_entered(in_alpha):
    # Before the 2027 notice: weekends only, so 1 January 2027 is counted as a working day.
    mid_december = submit(D(2026, 12, 15))
    new_years_eve = submit(D(2026, 12, 31))
    assert mid_december.deadline() == D(2027, 1, 12) and mid_december.deadline_provisional()
    assert new_years_eve.deadline() == D(2027, 1, 28) and new_years_eve.due_provisional
    autumn = submit(D(2026, 10, 12))
    assert autumn.deadline() == D(2026, 11, 9) and not autumn.deadline_provisional()

    enter_2027()
    services.request_deadlines_recompute()
    mid_december.refresh_from_db()
    new_years_eve.refresh_from_db()
    assert (mid_december.due_on, mid_december.due_provisional) == (D(2027, 1, 13), False)
    assert new_years_eve.deadline() == D(2027, 1, 29) and not new_years_eve.deadline_provisional()
    assert events(autumn) == []


def test_entering_an_arrangement_recomputes_open_deadlines_in_every_site_and_records_it(
    alpha, beta, django_capture_on_commit_callbacks
):
    with schema_context("site_alpha"):
        running = submit(D(2026, 12, 15))
        answered = submit(D(2026, 9, 28))
        services.request_answer(
            request=answered, user=None, outcome="partial", reply="部分公开。", today=D(2026, 10, 9)
        )
        paused = submit(D(2026, 12, 16))
        services.request_third_party_start(
            request=paused, user=None, note="征求某公司意见", today=D(2026, 12, 18)
        )
    with schema_context("site_beta"):
        in_beta = submit(D(2026, 12, 31))

    with django_capture_on_commit_callbacks(execute=True):
        enter_2027()

    with schema_context("site_alpha"):
        running.refresh_from_db()
        assert running.due_on == D(2027, 1, 13) and not running.due_provisional
        assert events(running) == [
            "答复期限由2027年1月12日调整为2027年1月13日。已按公布的节假日安排确认，不再为暂计。"
            "依据2027年节假日安排（国办发明电〔2026〕99号）。"
        ]
        assert events(answered) == [] and events(paused) == []
        # Paused: no stored deadline; the moving one is shown from the new calendar.
        paused.refresh_from_db()
        assert paused.due_on is None and not paused.deadline_provisional(D(2026, 12, 28))
        # Idempotent: running the task again finds nothing to change.
        from sites.disclosure.tasks import request_deadlines_recompute

        request_deadlines_recompute.call(2027)
        assert len(events(running)) == 1
    with schema_context("site_beta"):
        assert "由2027年1月28日调整为2027年1月29日" in events(in_beta)[0]


def test_the_recompute_is_one_background_task_per_site_run_in_that_sites_schema(
    alpha, beta, django_capture_on_commit_callbacks
):
    with schema_context("site_beta"):
        in_beta = submit(D(2026, 12, 31))
    database = {"BACKEND": "django_tasks_db.DatabaseBackend"}
    with override_settings(TASKS={"default": database, "database": database}):
        with django_capture_on_commit_callbacks(execute=True):
            enter_2027()
        rows = DBTaskResult.objects.filter(task_path__endswith="request_deadlines_recompute")
        assert sorted(row.args_kwargs["schema"] for row in rows) == ["site_alpha", "site_beta"]
        with schema_context("site_beta"):
            assert events(in_beta) == []  # nothing runs inside the console's request
        for row in rows:
            _run(row)
            row.refresh_from_db()
            assert row.status == "SUCCESSFUL", row.traceback
    with schema_context("site_beta"):
        in_beta.refresh_from_db()
        assert in_beta.due_on == D(2027, 1, 29) and len(events(in_beta)) == 1


def test_a_deadline_stored_at_every_state_change_and_paused_requests_sort_last(in_alpha):
    later = submit(D(2026, 10, 12))
    sooner = submit(D(2026, 9, 28))
    assert sooner.due_on == D(2026, 10, 30)
    paused = submit(D(2026, 9, 1))
    services.request_ask_supplement(request=paused, user=None, note="请写明", today=D(2026, 9, 2))
    paused.refresh_from_db()
    assert paused.due_on is None
    assert list(request_queue(status="open")) == [sooner, later, paused]
    services.request_extend(
        request=sooner, user=None, days=10, reason="涉及多个部门", today=D(2026, 10, 20)
    )
    sooner.refresh_from_db()
    assert sooner.due_on == D(2026, 11, 13)


# -- where the deadline is shown -----------------------------------------------------


def _without_arrangements_from(year: int) -> None:
    """Remove the arrangements from `year` on, so that 'today' lies in an unpublished year."""
    HolidayArrangement.objects.filter(year__gte=year).delete()
    calendar_forget()


@pytest.fixture
def officer(alpha):
    user = account_create(username="alpha_officer", password=PASSWORD, name="甲公开专员")
    role_grant(user=user, tenant=alpha, role=SiteRole.Role.DISCLOSURE_OFFICER)
    return user


def test_queue_and_request_detail_mark_a_provisional_deadline(alpha, officer):
    with schema_context("site_alpha"):
        provisional = submit(D(2026, 12, 31), name="跨年申请人")
        settled = submit(D(2026, 10, 12), name="年内申请人")
    client, _ = admin_login("alpha.localhost", "alpha_officer")
    queue = client.get("/admin/disclosure/requests/").content.decode()
    assert PROVISIONAL in queue
    row = queue.split(provisional.tracking_number)[1].split("</tr>")[0]
    assert "2027-01-28" in row and "（暂计）" in row
    assert "（暂计）" not in queue.split(settled.tracking_number)[1].split("</tr>")[0]
    detail = client.get(f"/admin/disclosure/requests/{provisional.pk}/").content.decode()
    assert "2027年1月28日" in detail and PROVISIONAL in detail
    assert (
        PROVISIONAL not in client.get(f"/admin/disclosure/requests/{settled.pk}/").content.decode()
    )


def test_status_page_marks_a_provisional_deadline(in_alpha):
    request, code = services.request_submit(
        data=APPLICANT | {"received_at": aware(2026, 12, 31)}, now=aware(2026, 12, 31)
    )
    client = host_client("alpha.localhost")
    lookup = {"tracking_number": request.tracking_number, "query_code": code}
    status = client.post("/xxgk/ysqgk/status/", lookup).content.decode()
    assert "2027年1月28日" in status and PROVISIONAL in status
    enter_2027()
    services.request_deadlines_recompute()
    status = client.post("/xxgk/ysqgk/status/", lookup).content.decode()
    assert "2027年1月29日" in status and PROVISIONAL not in status


PUBLIC_FORM = APPLICANT | {"address": "", "postcode": "", "website": ""}


def test_receipt_page_and_email_mark_a_provisional_deadline(in_alpha):
    # Submitted today (the public form has no other day): make today's year unpublished.
    _without_arrangements_from(timezone.localdate().year)
    receipt = host_client("alpha.localhost").post("/xxgk/ysqgk/", PUBLIC_FORM, follow=True)
    assert "申请已提交" in receipt.content.decode() and PROVISIONAL in receipt.content.decode()
    assert PROVISIONAL in mail.outbox[0].body


def test_receipt_page_and_email_say_nothing_provisional_when_the_years_are_entered(in_alpha):
    this_year = timezone.localdate().year
    for year in (this_year, this_year + 1):
        HolidayArrangement.objects.get_or_create(year=year)
    calendar_forget()
    receipt = host_client("alpha.localhost").post("/xxgk/ysqgk/", PUBLIC_FORM, follow=True)
    assert "申请已提交" in receipt.content.decode() and PROVISIONAL not in receipt.content.decode()
    assert "暂计" not in mail.outbox[0].body


def _at(day):
    return aware(day.year, day.month, day.day)


def test_timeliness_report_marks_delays_counted_over_an_unpublished_year(in_alpha, officer):
    # Documents cannot be dated in the future, so the unpublished year is 2026 here.
    earlier = make_document(
        title="往年迟发文件", written_date=D(2025, 1, 6), published_at=_at(D(2025, 3, 3))
    )
    this_year = make_document(
        title="2026年迟发文件", written_date=D(2026, 1, 5), published_at=_at(D(2026, 3, 2))
    )
    _without_arrangements_from(2026)
    late = {document.pk: document for document in documents_published_late()}
    assert late[this_year.pk].working_days_provisional
    assert not late[earlier.pk].working_days_provisional
    # The report page lists from 1 January of last year: dates relative to today.
    today = timezone.localdate()
    make_document(
        title="近期迟发文件",
        written_date=today - datetime.timedelta(days=60),
        published_at=_at(today - datetime.timedelta(days=1)),
    )
    _without_arrangements_from((today - datetime.timedelta(days=60)).year)
    client, _ = admin_login("alpha.localhost", "alpha_officer")
    report = client.get("/admin/reports/disclosure-timeliness/").content.decode()
    row = report.split("近期迟发文件")[1].split("</tr>")[0]
    assert "（暂计）" in row and "工作日数为暂计" in report
