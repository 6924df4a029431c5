import pytest
from django_tenants.utils import schema_context

from sites.disclosure.models import InformationRequest
from tests.conftest import committed


def _remove_requests():
    with schema_context("site_alpha"):
        InformationRequest.objects.all().delete()


@pytest.mark.django_db
def test_a_person_files_a_request_reads_the_tracking_number_and_looks_it_up(site_server, browser):
    base = f"http://alpha.localhost:{site_server.port}"
    page = browser.new_page(locale="zh-CN")
    try:
        page.goto(f"{base}/xxgk/ysqgk/")
        page.get_by_label("自然人").check()
        page.get_by_label("姓名（法人或其他组织填写名称）").fill("李四")
        page.get_by_label("证件类型").select_option("id_card")
        page.get_by_label("证件号码").fill("110105194912310021")  # wrong check character
        page.get_by_label("联系电话").fill("13800000000")
        page.get_by_label("电子邮箱").fill("lisi@example.com")
        page.get_by_label("所需信息的名称").fill("某小区旧改补偿方案")
        page.get_by_label("所需信息的内容描述").fill("请提供某小区老旧小区改造补偿方案。")
        page.get_by_label("提供方式").select_option("email")
        page.get_by_label("获取方式").select_option("email")
        page.get_by_role("button", name="提交申请").click()
        # Refused, and nothing typed is lost.
        assert "校验位不正确" in page.content()
        assert page.get_by_label("所需信息的名称").input_value() == "某小区旧改补偿方案"
        page.get_by_label("证件号码").fill("11010519491231002X")
        page.get_by_role("button", name="提交申请").click()
        page.wait_for_selector("#tracking-number")
        tracking_number = page.locator("#tracking-number").inner_text().strip()
        query_code = page.locator("#query-code").inner_text().strip()
        assert tracking_number.startswith("YSQ") and len(query_code) == 8

        page.get_by_role("link", name="查询办理进度").click()
        page.get_by_label("申请编号").fill(tracking_number)
        page.get_by_label("查询码").fill(query_code)
        page.get_by_role("button", name="查询").click()
        assert page.locator("#request-status").inner_text() == "办理中"
        assert "某小区旧改补偿方案" in page.content()
        assert "11010519491231002X" not in page.content()
    finally:
        page.close()
        committed(_remove_requests)
