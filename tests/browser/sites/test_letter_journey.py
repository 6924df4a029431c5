"""A citizen writes to the 领导信箱, staff answer in the admin, the citizen reads the answer
with the query code and rates it (issue 10's journey), all in Chromium."""

import pytest
from django_tenants.utils import schema_context

from cluster.tenants.models import Tenant
from sites.letters.models import Letter
from tests.conftest import PASSWORD, committed


def _remove_letters():
    with schema_context("site_alpha"):
        Letter.objects.all().delete()


def _reviewer():
    from django.contrib.auth import get_user_model

    from cluster.accounts.services import account_create, role_grant
    from cluster.tenants.models import SiteRole

    user = get_user_model().objects.filter(username="journey_reviewer").first() or account_create(
        username="journey_reviewer", password=PASSWORD, name="审核员"
    )
    role_grant(
        user=user, tenant=Tenant.objects.get(schema_name="site_alpha"), role=SiteRole.Role.REVIEWER
    )


def _remove_reviewer():
    from django.contrib.auth import get_user_model

    from cluster.accounts.services import role_revoke
    from cluster.tenants.models import SiteRole

    user = get_user_model().objects.get(username="journey_reviewer")
    role_revoke(
        user=user, tenant=Tenant.objects.get(schema_name="site_alpha"), role=SiteRole.Role.REVIEWER
    )


def _sign_in(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{base}/admin/")


@pytest.mark.django_db
def test_a_citizen_writes_staff_answer_and_the_citizen_reads_the_answer(site_server, browser):
    base = f"http://alpha.localhost:{site_server.port}"
    committed(_reviewer)
    citizen = browser.new_page(locale="zh-CN")
    staff = browser.new_context(locale="zh-CN").new_page()
    try:
        # The citizen finds the mailbox from the 互动交流 column and writes.
        citizen.goto(f"{base}/hdjl/xx/")
        citizen.get_by_role("link", name="领导信箱").first.click()
        assert citizen.get_by_label("领导信箱（15个工作日内答复）").is_checked()
        citizen.locator("#id_subject").fill("小区门前路灯损坏")
        citizen.locator("#id_body").fill(
            "幸福小区南门外的三盏路灯已经坏了一个多月，晚上出行很不安全。"
        )
        citizen.locator("#id_name").fill("陈晓东")
        citizen.get_by_label("联系电话").fill("139000")  # too short
        citizen.get_by_label("同意公开（公开时隐去姓名和联系方式）").check()
        citizen.get_by_role("button", name="提交信件").click()
        assert "联系电话格式不正确" in citizen.content()
        assert citizen.locator("#id_subject").input_value() == "小区门前路灯损坏"
        citizen.get_by_label("联系电话").fill("13900001234")
        citizen.get_by_role("button", name="提交信件").click()
        citizen.wait_for_selector("#tracking-number")
        tracking_number = citizen.locator("#tracking-number").inner_text().strip()
        query_code = citizen.locator("#query-code").inner_text().strip()
        assert tracking_number.startswith("XJ") and len(query_code) == 8

        # The editor finds it in the queue, drafts and submits the answer.
        _sign_in(staff, base, "alpha_editor")
        assert "来信办理" in staff.content()
        staff.goto(f"{base}/admin/letters/")
        staff.get_by_role("link", name=tracking_number).click()
        staff.wait_for_selector("#letter-status")
        assert "13900001234" in staff.content()
        staff.get_by_label("答复内容").fill("陈晓东同志：您好！路灯已于今日修复，感谢您的监督。")
        staff.get_by_label("答复单位").fill("城市管理局")
        staff.get_by_role("button", name="拟写答复").click()
        staff.wait_for_selector("#letter-reply")
        staff.get_by_role("button", name="提交审核").click()
        staff.wait_for_load_state()
        assert staff.locator("#letter-status").inner_text() == "答复待审核"

        # The reviewer approves it: the answer goes out.
        staff.context.clear_cookies()
        _sign_in(staff, base, "journey_reviewer")
        staff.goto(f"{base}/admin/letters/?status=review")
        staff.get_by_role("link", name=tracking_number).click()
        staff.wait_for_selector("#letter-status")
        staff.get_by_role("button", name="审核通过并答复").click()
        staff.wait_for_load_state()
        assert staff.locator("#letter-status").inner_text() == "已答复"

        # The citizen looks the answer up with the query code and rates it.
        citizen.goto(f"{base}/hdjl/xx/lookup/")
        citizen.get_by_label("信件编号").fill(tracking_number)
        citizen.get_by_label("查询码").fill(query_code)
        citizen.get_by_role("button", name="查询").click()
        assert citizen.locator("#letter-status").inner_text() == "已答复"
        assert "路灯已于今日修复" in citizen.locator("#letter-reply").inner_text()
        citizen.get_by_label("满意", exact=True).check()
        citizen.get_by_role("button", name="提交评价").click()
        assert "您的评价" in citizen.content()
    finally:
        citizen.close()
        staff.context.close()
        committed(_remove_letters)
        committed(_remove_reviewer)
