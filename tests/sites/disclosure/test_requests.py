import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from cluster.accounts.services import account_create, role_grant
from cluster.tenants.models import SiteRole
from sites.disclosure import services
from sites.disclosure.models import InformationRequest
from tests.conftest import PASSWORD, admin_login, host_client

D = datetime.date
VALID_ID = "11010519491231002X"  # the GB 11643 example number

FORM = {
    "applicant_type": "person",
    "name": "张三",
    "identity_type": "id_card",
    "identity_number": VALID_ID,
    "phone": "0432-12345678",
    "email": "zhangsan@example.com",
    "address": "吉林市船营区某街1号",
    "postcode": "132000",
    "information_title": "2025年度城市道路改造计划",
    "information_number": "",
    "description": "请提供2025年度城市道路改造计划及其批复文件。",
    "delivery_form": "email",
    "delivery_channel": "email",
    "website": "",
}


def _data(**overrides):
    data = {key: value for key, value in FORM.items() if key != "website"}
    return {**data, **overrides}


def _submit(received_at, **overrides):
    request, _code = services.request_submit(data=_data(**overrides) | {"received_at": received_at})
    return request


def _aware(day, hour=10):
    from django.utils import timezone

    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def test_public_request_gets_a_tracking_number_and_query_code_shown_and_mailed(in_alpha):
    client = host_client("alpha.localhost")
    response = client.post("/xxgk/ysqgk/", FORM, follow=True)
    body = response.content.decode()
    assert response.status_code == 200 and "申请已提交" in body
    request = InformationRequest.objects.get()
    assert request.tracking_number in body
    assert len(mail.outbox) == 1 and request.tracking_number in mail.outbox[0].body
    code = mail.outbox[0].body.split("查询码：")[1].split()[0]
    assert code in body
    # The receipt is shown once.
    assert "申请已提交" not in client.get("/xxgk/ysqgk/submitted/", follow=True).content.decode()
    status = client.post(
        "/xxgk/ysqgk/status/", {"tracking_number": request.tracking_number, "query_code": code}
    ).content.decode()
    assert "办理中" in status and "2025年度城市道路改造计划" in status
    assert VALID_ID not in status and VALID_ID not in mail.outbox[0].body
    wrong = client.post(
        "/xxgk/ysqgk/status/",
        {"tracking_number": request.tracking_number, "query_code": "WRONG123"},
    ).content.decode()
    assert "申请编号或查询码不正确" in wrong and "2025年度城市道路改造计划" not in wrong


def test_a_rejected_request_keeps_everything_typed_and_says_what_is_wrong(in_alpha):
    typed = FORM | {"identity_number": "110105194912310021", "description": ""}
    body = host_client("alpha.localhost").post("/xxgk/ysqgk/", typed).content.decode()
    assert "居民身份证号码校验位不正确" in body
    assert "请描述您需要的政府信息" in body
    for value in (
        "张三",
        "0432-12345678",
        "zhangsan@example.com",
        "吉林市船营区某街1号",
        "2025年度城市道路改造计划",
    ):
        assert value in body
    assert not InformationRequest.objects.exists()


def test_organisation_applicants_must_give_their_representative_and_code(in_alpha):
    typed = FORM | {"applicant_type": "business", "identity_type": "id_card"}
    body = host_client("alpha.localhost").post("/xxgk/ysqgk/", typed).content.decode()
    assert "法人或其他组织请填写统一社会信用代码" in body
    assert "请填写法定代表人" in body


def test_honeypot_stops_bots_without_losing_input(in_alpha):
    client = host_client("alpha.localhost")
    body = client.post("/xxgk/ysqgk/", FORM | {"website": "http://spam.example"}).content.decode()
    assert "提交未成功" in body and "张三" in body
    assert not InformationRequest.objects.exists()


def test_rejected_submissions_do_not_use_up_the_hourly_limit(in_alpha):
    client = host_client("alpha.localhost")
    for _ in range(6):
        rejected = client.post("/xxgk/ysqgk/", FORM | {"description": ""})
        assert rejected.status_code == 200
        assert "请描述您需要的政府信息" in rejected.content.decode()
    for _ in range(5):
        assert client.post("/xxgk/ysqgk/", FORM).status_code == 302
    response = client.post("/xxgk/ysqgk/", FORM)
    body = response.content.decode()
    assert response.status_code == 429
    assert "每小时最多成功提交5次" in body and "张三" in body
    assert InformationRequest.objects.count() == 5


def test_a_flood_of_posts_is_refused_even_when_none_is_accepted(in_alpha):
    from sites.disclosure.views import SUBMIT_LIMIT

    attempts = int(SUBMIT_LIMIT.attempts_rate.split("/")[0])
    client = host_client("alpha.localhost")
    for _ in range(attempts):
        assert client.post("/xxgk/ysqgk/", FORM | {"description": ""}).status_code == 200
    response = client.post("/xxgk/ysqgk/", FORM)
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode() and "张三" in response.content.decode()
    assert not InformationRequest.objects.exists()


def test_every_status_lookup_counts_against_guessing(in_alpha):
    client = host_client("alpha.localhost")
    wrong = {"tracking_number": "YSQ202600001", "query_code": "WRONG123"}
    for _ in range(30):
        assert (
            "申请编号或查询码不正确" in client.post("/xxgk/ysqgk/status/", wrong).content.decode()
        )
    refused = client.post("/xxgk/ysqgk/status/", wrong).content.decode()
    assert "提交过于频繁" in refused and "申请编号或查询码不正确" not in refused


def test_script_in_request_fields_is_shown_as_text(in_alpha):
    client = host_client("alpha.localhost")
    client.post("/xxgk/ysqgk/", FORM | {"name": "<script>alert(1)</script>"}, follow=True)
    request = InformationRequest.objects.get()
    code = mail.outbox[0].body.split("查询码：")[1].split()[0]
    body = client.post(
        "/xxgk/ysqgk/status/", {"tracking_number": request.tracking_number, "query_code": code}
    ).content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body


def test_request_received_on_a_holiday_starts_counting_after_it(in_alpha):
    # Received during the National Day holiday: the clock starts on Thursday 8 October
    # 2026, and Saturday 10 October (a make-up workday) counts.
    request = _submit(_aware(D(2026, 10, 3)))
    assert request.clock_started_on == D(2026, 10, 8)
    assert request.deadline(D(2026, 10, 8)) == D(2026, 11, 4)


def test_request_lifecycle_with_supplement_third_party_pause_and_extension(in_alpha):
    request = _submit(_aware(D(2026, 9, 28)))
    assert request.deadline(D(2026, 9, 28)) == D(2026, 10, 30)
    # 补正 on day 2 stops the clock; the period restarts from the supplement's receipt.
    services.request_ask_supplement(
        request=request, user=None, note="请写明道路名称", today=D(2026, 9, 30)
    )
    assert request.is_paused and request.working_days_left(
        D(2026, 10, 20)
    ) == request.working_days_left(D(2026, 10, 21))
    with pytest.raises(ValidationError, match="一次性告知"):
        services.request_supplement_received(request=request, user=None, today=D(2026, 10, 12))
        services.request_ask_supplement(
            request=request, user=None, note="再补", today=D(2026, 10, 13)
        )
    request.refresh_from_db()
    assert request.clock_started_on == D(2026, 10, 12)
    assert request.deadline(D(2026, 10, 12)) == D(2026, 11, 9)
    # Third-party consultation from 16 to 23 October: five working days not counted.
    services.request_third_party_start(
        request=request, user=None, note="征求某公司意见", today=D(2026, 10, 16)
    )
    services.request_third_party_end(request=request, user=None, today=D(2026, 10, 23))
    assert request.paused_working_days == 5
    assert request.deadline(D(2026, 10, 23)) == D(2026, 11, 16)
    # One extension of up to 20 working days, with a reason.
    with pytest.raises(ValidationError, match="1至20"):
        services.request_extend(
            request=request, user=None, days=25, reason="复杂", today=D(2026, 11, 2)
        )
    services.request_extend(
        request=request, user=None, days=10, reason="涉及多个部门", today=D(2026, 11, 2)
    )
    assert request.deadline(D(2026, 11, 2)) == D(2026, 11, 30)
    with pytest.raises(ValidationError, match="只能延长一次"):
        services.request_extend(
            request=request, user=None, days=5, reason="再次", today=D(2026, 11, 3)
        )
    services.request_answer(
        request=request,
        user=None,
        outcome="partial",
        reply="部分公开，附件见邮件。",
        today=D(2026, 11, 20),
    )
    assert request.status == "answered" and not request.is_overdue()
    services.request_close(request=request, user=None, today=D(2026, 11, 21))
    kinds = list(request.events.values_list("kind", flat=True))
    assert kinds == [
        "submitted",
        "supplement_requested",
        "supplement_received",
        "third_party_started",
        "third_party_ended",
        "extended",
        "answered",
        "closed",
    ]


def test_supplement_must_be_asked_within_seven_working_days(in_alpha):
    request = _submit(_aware(D(2026, 9, 28)))
    with pytest.raises(ValidationError, match="7个工作日内"):
        services.request_ask_supplement(
            request=request, user=None, note="补正", today=D(2026, 10, 14)
        )


def test_an_unanswered_request_past_its_deadline_is_overdue(in_alpha):
    request = _submit(_aware(D(2026, 9, 28)))
    assert not request.is_overdue(D(2026, 10, 30))
    assert request.is_overdue(D(2026, 11, 2))
    assert request.working_days_left(D(2026, 10, 28)) == 2


@pytest.fixture
def alpha_staff(alpha):
    officer = account_create(username="alpha_officer", password=PASSWORD, name="甲公开专员")
    role_grant(user=officer, tenant=alpha, role=SiteRole.Role.DISCLOSURE_OFFICER)
    site_admin = account_create(username="alpha_admin", password=PASSWORD, name="甲站长")
    role_grant(user=site_admin, tenant=alpha, role=SiteRole.Role.SITE_ADMIN)
    return officer, site_admin


def test_identity_numbers_are_masked_in_lists_and_full_only_for_disclosure_staff(
    alpha, alpha_staff
):
    with schema_context("site_alpha"):
        request = _submit(_aware(D(2026, 11, 2)))
    officer_client, _ = admin_login("alpha.localhost", "alpha_officer")
    queue = officer_client.get("/admin/disclosure/requests/").content.decode()
    assert (
        request.tracking_number in queue
        and VALID_ID not in queue
        and "110105*******1002X" not in queue
    )
    assert "110105********002X" in queue
    assert (
        VALID_ID in officer_client.get(f"/admin/disclosure/requests/{request.pk}/").content.decode()
    )
    by_number = officer_client.get(f"/admin/disclosure/requests/?q={VALID_ID}").content.decode()
    assert request.tracking_number not in by_number
    admin_client, _ = admin_login("alpha.localhost", "alpha_admin")
    detail = admin_client.get(f"/admin/disclosure/requests/{request.pk}/").content.decode()
    assert request.tracking_number in detail and VALID_ID not in detail
    editor_client, _ = admin_login("alpha.localhost", "alpha_editor")
    assert editor_client.get("/admin/disclosure/requests/").status_code in (302, 403)


def test_staff_answer_a_request_from_the_queue(alpha, alpha_staff):
    with schema_context("site_alpha"):
        request = _submit(_aware(D(2026, 11, 2)))
    client, _ = admin_login("alpha.localhost", "alpha_officer")
    bad = client.post(
        f"/admin/disclosure/requests/{request.pk}/answer/",
        {"outcome": "", "reply": "已按申请提供。"},
    )
    assert bad.status_code == 200
    assert "请检查填写的内容" in bad.content.decode()
    # The rejected form comes back with what the officer typed.
    assert "已按申请提供。" in bad.content.decode()
    with schema_context("site_alpha"):
        request.refresh_from_db()
        assert request.status == "received" and request.outcome == ""
    response = client.post(
        f"/admin/disclosure/requests/{request.pk}/answer/",
        {"outcome": "deny-4", "reply": "涉及第三方商业秘密，不予公开。"},
    )
    assert response.status_code == 302
    with schema_context("site_alpha"):
        request.refresh_from_db()
        assert request.outcome == "deny-4" and request.status == "answered"
        from wagtail.models import ModelLogEntry

        assert ModelLogEntry.objects.filter(action="disclosure.request.answer").exists()


def test_one_sites_staff_cannot_see_another_sites_requests(alpha, beta, alpha_staff):
    # Primary keys are per schema, so both sites number their requests from the same
    # sequence start. Beta gets more requests than alpha, so its newest one has an id
    # that does not exist in alpha at all, and one id that exists in both.
    with schema_context("site_alpha"):
        alpha_request = _submit(_aware(D(2026, 11, 2)), name="甲申请人")
        alpha_ids = set(InformationRequest.objects.values_list("pk", flat=True))
    with schema_context("site_beta"):
        beta_requests = [_submit(_aware(D(2026, 11, 2)), name="乙申请人") for _ in range(3)]
        beta_only = next(r for r in beta_requests if r.pk not in alpha_ids)
    client, _ = admin_login("alpha.localhost", "alpha_officer")
    queue = client.get("/admin/disclosure/requests/?status=").content.decode()
    assert "甲申请人" in queue and "乙申请人" not in queue
    # An id that exists only in beta is not found on alpha's admin.
    assert client.get(f"/admin/disclosure/requests/{beta_only.pk}/").status_code == 404
    assert client.post(
        f"/admin/disclosure/requests/{beta_only.pk}/close/", {"note": ""}
    ).status_code in (404, 403)
    # The id alpha's own request has shows alpha's request, never beta's namesake.
    own = client.get(f"/admin/disclosure/requests/{alpha_request.pk}/").content.decode()
    assert "甲申请人" in own and "乙申请人" not in own
    # The officer of alpha has no role on beta at all: beta's admin does not let them in.
    beta_client, _response = admin_login("beta.localhost", "alpha_officer")
    response = beta_client.get("/admin/disclosure/requests/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert beta_client.get(f"/admin/disclosure/requests/{beta_only.pk}/").status_code == 302


def test_staff_cannot_register_a_request_received_in_the_future(alpha, alpha_staff):
    from django.utils import timezone

    client, _ = admin_login("alpha.localhost", "alpha_officer")
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    typed = _data(name="李四") | {
        "received_via": "letter",
        "received_at": f"{tomorrow:%Y-%m-%d %H:%M}",
    }
    response = client.post("/admin/disclosure/requests/new/", typed)
    body = response.content.decode()
    assert response.status_code == 200
    assert "收到时间不能晚于当前时间" in body and "李四" in body
    with schema_context("site_alpha"):
        assert not InformationRequest.objects.exists()
        with pytest.raises(ValidationError, match="不能晚于当前时间"):
            _submit(tomorrow)
        # Nothing was numbered: the next request gets this year's first free number.
        assert _submit(timezone.now()).tracking_number.startswith(f"YSQ{timezone.localdate().year}")


def test_answer_date_is_neither_in_the_future_nor_before_the_receipt(in_alpha):
    request = _submit(_aware(D(2026, 9, 28)))
    for answered_on, message in [
        (D(2026, 11, 25), "不能晚于今天"),
        (D(2026, 9, 25), "不能早于收到申请的日期"),
    ]:
        with pytest.raises(ValidationError, match=message):
            services.request_answer(
                request=request,
                user=None,
                outcome="disclose",
                reply="予以公开。",
                answered_on=answered_on,
                today=D(2026, 11, 24),
            )
        request.refresh_from_db()
        assert request.status == "received" and request.answered_on is None
    services.request_answer(
        request=request,
        user=None,
        outcome="disclose",
        reply="予以公开。",
        answered_on=D(2026, 10, 9),
        today=D(2026, 11, 24),
    )
    request.refresh_from_db()
    assert request.answered_on == D(2026, 10, 9) and not request.is_overdue()


def test_officer_registers_an_answer_given_earlier_and_a_future_date_is_refused(alpha, alpha_staff):
    from django.utils import timezone

    with schema_context("site_alpha"):
        request = _submit(timezone.now() - datetime.timedelta(days=3))
    client, _ = admin_login("alpha.localhost", "alpha_officer")
    url = f"/admin/disclosure/requests/{request.pk}/answer/"
    future = timezone.localdate() + datetime.timedelta(days=1)
    refused = client.post(
        url, {"outcome": "disclose", "reply": "予以公开。", "answered_on": f"{future}"}
    )
    assert refused.status_code == 200 and "答复日期不能晚于今天" in refused.content.decode()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    done = client.post(
        url, {"outcome": "disclose", "reply": "予以公开。", "answered_on": f"{yesterday}"}
    )
    assert done.status_code == 302
    with schema_context("site_alpha"):
        request.refresh_from_db()
        assert request.answered_on == yesterday
