import datetime
import io

from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import Page
from wagtail.test.utils.form_data import rich_text

from sites.disclosure import services
from sites.disclosure.models import AnnualReportIndexPage, AnnualReportPage
from sites.disclosure.selectors import annual_report_problems, annual_report_tables
from sites.disclosure.wagtail_hooks import annual_report_reminder
from tests.conftest import host_client

from .conftest import make_document
from .test_requests import _aware, _data

D = datetime.date


def _request(received, *, applicant_type="person", outcome=None, answered=None):
    request, _ = services.request_submit(
        data=_data(
            applicant_type=applicant_type,
            identity_type="id_card" if applicant_type == "person" else "credit_code",
            identity_number="11010519491231002X"
            if applicant_type == "person"
            else "91350100M000100Y43",
        )
        | {"received_at": _aware(received)}
    )
    if outcome:
        services.request_answer(
            request=request, user=None, outcome=outcome, reply="答复", today=answered
        )
    return request


def _report(year=2025, **fields):
    report = AnnualReportPage(
        title=f"{year}年政府信息公开工作年度报告", year=year, live=False, **fields
    )
    AnnualReportIndexPage.objects.get().add_child(instance=report)
    return report


def _known_records():
    # Carried over from 2024: received in December, answered in January.
    _request(D(2024, 12, 20), outcome="disclose", answered=D(2025, 1, 10))
    # Received in 2025.
    _request(D(2025, 3, 3), outcome="disclose", answered=D(2025, 3, 20))
    _request(D(2025, 4, 1), applicant_type="business", outcome="partial", answered=D(2025, 4, 20))
    _request(D(2025, 5, 6), applicant_type="legal", outcome="deny-4", answered=D(2025, 5, 30))
    _request(D(2025, 6, 2), outcome="unable-1", answered=D(2025, 6, 20))
    _request(D(2025, 7, 1), outcome="reject-2", answered=D(2025, 7, 10))
    # Carried into 2026.
    _request(D(2025, 12, 29), applicant_type="research")
    # Not 2025 at all.
    _request(D(2026, 2, 2), outcome="disclose", answered=D(2026, 2, 5))
    # Documents: two 规范性文件 made in 2025, one of them repealed in 2025; a 规章 from 2024.
    tz = timezone.get_current_timezone()
    make_document(
        title="规范性文件一",
        genre="gfxwj",
        written_date=D(2025, 2, 1),
        published_at=datetime.datetime(2025, 2, 10, tzinfo=tz),
    )
    make_document(
        title="规范性文件二",
        genre="gfxwj",
        written_date=D(2025, 3, 1),
        validity="repealed",
        repealed_date=D(2025, 11, 1),
        published_at=datetime.datetime(2025, 3, 10, tzinfo=tz),
    )
    make_document(
        title="规章一",
        genre="guizhang",
        written_date=D(2024, 5, 1),
        published_at=datetime.datetime(2024, 5, 10, tzinfo=tz),
    )


def test_annual_report_tables_are_computed_from_the_sites_records(in_alpha):
    _known_records()
    tables = annual_report_tables(_report(licensing_count=12, fees_amount="3.5"))
    regulations = {row["label"]: row for row in tables["regulations"]}
    assert (
        regulations["行政规范性文件"]["issued"],
        regulations["行政规范性文件"]["repealed"],
        regulations["行政规范性文件"]["current"],
    ) == (2, 1, 1)
    assert (
        regulations["规章"]["issued"],
        regulations["规章"]["repealed"],
        regulations["规章"]["current"],
    ) == (0, 0, 1)
    requests = tables["requests"]
    # Columns: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计
    assert requests["new"]["cells"] == [3, 1, 1, 0, 1, 0, 6]
    assert requests["carried_in"]["cells"] == [1, 0, 0, 0, 0, 0, 1]
    rows = {row["key"]: row["cells"] for row in requests["outcomes"]}
    assert rows["disclose"] == [2, 0, 0, 0, 0, 0, 2]
    assert rows["partial"] == [0, 1, 0, 0, 0, 0, 1]
    assert rows["deny"] == [0, 0, 0, 0, 1, 0, 1] and rows["deny-4"] == [0, 0, 0, 0, 1, 0, 1]
    assert rows["unable-1"][-1] == 1 and rows["reject-2"][-1] == 1
    assert requests["total"]["cells"] == [4, 1, 0, 0, 1, 0, 6]
    assert requests["carried_out"]["cells"] == [0, 0, 1, 0, 0, 0, 1]
    assert annual_report_problems(tables) == []


def _form_data(report, **overrides):
    return {
        "title": report.title,
        "slug": report.slug,
        "year": report.year,
        "section_one": rich_text("<p>总体情况</p>"),
        "section_five": rich_text(""),
        "section_six": rich_text(""),
        "licensing_count": 0,
        "penalty_count": 0,
        "enforcement_count": 0,
        "fees_amount": "0",
        **{
            f"{kind}_{result}": 0
            for kind in ("review", "suit_direct", "suit_after_review")
            for result in ("upheld", "corrected", "other", "pending", "total")
        },
        **overrides,
    }


UNBALANCED = {"review_upheld": 2, "review_corrected": 1, "review_total": 4}


def _unbalanced_draft():
    """A draft whose 行政复议 results (2 + 1) do not add up to its 总计 (4)."""
    report = _report(**UNBALANCED)
    report.save_revision()
    return report


def _admin():
    from tests.conftest import admin_login

    client, _ = admin_login("alpha.localhost", "platform")
    return client


def test_balance_rules_find_unbalanced_tables(in_alpha):
    report = _report(**UNBALANCED)
    problems = annual_report_problems(annual_report_tables(report))
    assert len(problems) == 1 and "行政复议" in problems[0] and "4" in problems[0]
    tables = annual_report_tables(report)
    tables["requests"]["new"]["cells"][0] += 1
    tables["requests"]["new"]["cells"][-1] += 1
    assert any("自然人" in problem for problem in annual_report_problems(tables))


def test_editor_publish_of_an_unbalanced_report_keeps_the_draft_and_lists_the_problems(in_alpha):
    report = _report()
    client = _admin()
    edit_url = f"/admin/pages/{report.pk}/edit/"
    data = _form_data(report, **UNBALANCED)
    response = client.post(edit_url, data | {"action-publish": "publish"}, follow=True)
    report.refresh_from_db()
    assert not report.live
    body = response.content.decode()
    assert "年度报告未通过发布校验" in body and "与总计4不一致" in body
    # Nothing typed is lost: the refused figures are the saved draft.
    assert report.get_latest_revision_as_object().review_total == 4
    # Fixing the total lets it publish.
    client.post(edit_url, data | {"review_total": 3, "action-publish": "publish"})
    report.refresh_from_db()
    assert report.live


def test_bulk_publish_cannot_put_an_unbalanced_report_live(in_alpha):
    report = _unbalanced_draft()
    client = _admin()
    index = AnnualReportIndexPage.objects.get()
    response = client.post(
        f"/admin/bulk/wagtailcore/page/publish/?id={report.pk}&next=/admin/pages/{index.pk}/",
        {},
        follow=True,
    )
    report.refresh_from_db()
    assert not report.live
    assert "与总计4不一致" in response.content.decode()


def test_bulk_publish_of_the_column_with_drafts_cannot_put_an_unbalanced_report_live(in_alpha):
    report = _unbalanced_draft()
    index = AnnualReportIndexPage.objects.get()
    client = _admin()
    client.post(
        f"/admin/bulk/wagtailcore/page/publish/?id={index.pk}&next=/admin/",
        {"include_descendants": "on"},
    )
    report.refresh_from_db()
    assert not report.live


def test_revision_publish_refuses_an_unbalanced_report(in_alpha):
    import pytest
    from django.core.exceptions import ValidationError

    report = _unbalanced_draft()
    with pytest.raises(ValidationError) as refused:
        report.get_latest_revision().publish()
    assert "与总计4不一致" in " ".join(refused.value.messages)
    report.refresh_from_db()
    assert not report.live


def test_scheduled_publishing_skips_an_unbalanced_report_and_cancels_its_schedule(in_alpha):
    from django.core.management import call_command
    from wagtail.models import PageLogEntry

    report = _unbalanced_draft()
    revision = report.get_latest_revision()
    revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=5)
    revision.save(update_fields=["approved_go_live_at"])
    balanced = _report(year=2024)
    balanced_revision = balanced.save_revision()
    balanced_revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    balanced_revision.save(update_fields=["approved_go_live_at"])

    call_command("publish_scheduled", stdout=io.StringIO())

    report.refresh_from_db()
    revision.refresh_from_db()
    assert not report.live and revision.approved_go_live_at is None
    entry = PageLogEntry.objects.get(page=report, action="core.publish_refused")
    assert "与总计4不一致" in entry.data["problems"][0]
    # The other scheduled report still went live in the same run.
    balanced.refresh_from_db()
    assert balanced.live


def test_workflow_approval_cannot_publish_an_unbalanced_report(in_alpha):
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    report = _unbalanced_draft()
    workflow = Workflow.objects.create(name="年报审核")
    task = GroupApprovalTask.objects.create(name="年报签发")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=AnnualReportIndexPage.objects.get())
    from tests.conftest import admin_login

    # An editor submits (an approver submitting would approve the task at once).
    editor, _ = admin_login("alpha.localhost", "alpha_editor")
    state = workflow.start(report, editor.get("/admin/").wsgi_request.user)
    client = _admin()

    response = client.post(
        f"/admin/pages/workflow/action/{report.pk}/approve/{state.current_task_state.pk}/",
        {"comment": ""},
        follow=True,
    )

    report.refresh_from_db()
    state.refresh_from_db()
    assert not report.live
    assert state.status == "in_progress"  # the approval was rolled back with the publish
    assert "与总计4不一致" in response.content.decode()


def test_copy_cannot_give_a_year_a_second_report(in_alpha):
    import pytest
    from django.core.exceptions import ValidationError
    from wagtail.actions.copy_page import CopyPageAction

    report = _report()
    report.save_revision().publish()
    index = AnnualReportIndexPage.objects.get()
    client = _admin()
    response = client.post(
        f"/admin/pages/{report.pk}/copy/",
        {
            "new_title": "副本",
            "new_slug": "copy-2025",
            "new_parent_page": index.pk,
            "publish_copies": "on",
        },
        follow=True,
    )
    assert AnnualReportPage.objects.filter(year=2025).count() == 1
    assert "2025年度的报告已经存在" in response.content.decode()
    # Not through code either, live or draft.
    for keep_live in (True, False):
        with pytest.raises(ValidationError):
            CopyPageAction(
                report, to=index, update_attrs={"slug": "copy-2025"}, keep_live=keep_live
            ).execute()
    assert AnnualReportPage.objects.filter(year=2025).count() == 1


def test_copy_with_publish_cannot_put_an_unbalanced_report_live(in_alpha):
    import pytest
    from django.core.exceptions import ValidationError
    from wagtail.actions.copy_page import CopyPageAction

    report = _report()
    report.save_revision().publish()
    # The live figures stop balancing (as a bulk publish used to allow).
    AnnualReportPage.objects.filter(pk=report.pk).update(**UNBALANCED)
    report.refresh_from_db()
    with pytest.raises(ValidationError, match="与总计4不一致"):
        CopyPageAction(
            report,
            to=AnnualReportIndexPage.objects.get(),
            update_attrs={"slug": "report-2024", "year": 2024},
            keep_live=True,
        ).execute()
    assert not AnnualReportPage.objects.filter(year=2024).exists()


def test_published_report_keeps_its_figures_when_the_register_changes(in_alpha):
    _known_records()
    report = _report()
    report.save_revision().publish()
    report.refresh_from_db()
    assert report.live_revision.content["frozen_tables"]["requests"]["new"]["cells"][-1] == 6

    # A request received in 2025 is registered after publication.
    _request(D(2025, 8, 1), outcome="disclose", answered=D(2025, 8, 10))

    client = host_client("alpha.localhost")
    body = client.get(report.url).content.decode()
    new_row = body[body.index("一、本年新收") :].split("</tr>")[0]
    assert new_row.count("<td>") == 7 and "<td>3</td>" in new_row and "<td>7</td>" not in new_row
    workbook = load_workbook(io.BytesIO(client.get(report.url + "xlsx/").content))
    rows = list(workbook["表三 依申请公开"].iter_rows(values_only=True))
    assert next(row for row in rows if row[0] and row[0].startswith("一、本年新收"))[-1] == 6

    # A new draft shows today's figures in the editor's preview...
    admin = _admin()
    preview_url = f"/admin/pages/{report.pk}/edit/preview/"
    admin.post(preview_url, _form_data(report))
    preview = admin.get(preview_url + "?mode=").content.decode()
    assert "<td>7</td>" in preview[preview.index("一、本年新收") :].split("</tr>")[0]
    # ...and publishing it freezes them.
    report.save_revision().publish()
    body = client.get(report.url).content.decode()
    assert "<td>7</td>" in body[body.index("一、本年新收") :].split("</tr>")[0]


def test_report_published_before_freezing_is_frozen_on_first_view(in_alpha):
    _known_records()
    report = _report()
    report.save_revision().publish()
    # As published before tables were frozen.
    AnnualReportPage.objects.filter(pk=report.pk).update(frozen_tables=None)
    client = host_client("alpha.localhost")
    client.get(report.url)
    report.refresh_from_db()
    assert report.frozen_tables["requests"]["new"]["cells"][-1] == 6
    assert report.live_revision.content["frozen_tables"] == report.frozen_tables
    _request(D(2025, 8, 1))
    body = client.get(report.url).content.decode()
    assert "<td>7</td>" not in body[body.index("一、本年新收") :].split("</tr>")[0]


def _table_after(body, heading):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(body, "html.parser")
    return soup.find("h2", string=heading).find_next("table")


def _header_cells(table):
    return [
        (th.get_text(strip=True), th.get("scope"), th.get("rowspan"), th.get("colspan"))
        for tr in table.thead.find_all("tr")
        for th in tr.find_all("th")
    ]


def test_table_three_has_the_official_two_level_applicant_header(in_alpha):
    report = _report()
    report.save_revision().publish()
    body = host_client("alpha.localhost").get(report.url).content.decode()
    table = _table_after(body, "三、收到和处理政府信息公开申请情况")
    cells = _header_cells(table)
    assert cells[1:] == [
        ("申请人情况", "colgroup", None, "7"),
        ("自然人", "col", "2", None),
        ("法人或其他组织", "colgroup", None, "5"),
        ("总计", "col", "2", None),
        ("商业企业", "col", None, None),
        ("科研机构", "col", None, None),
        ("社会公益组织", "col", None, None),
        ("法律服务机构", "col", None, None),
        ("其他", "col", None, None),
    ]
    assert cells[0][2] == "3" and all(text for text, *_ in cells)


def test_table_four_is_one_row_of_fifteen_counts_under_the_official_header(in_alpha):
    report = _report(suit_after_review_pending=1, suit_after_review_total=1)
    report.save_revision().publish()
    body = host_client("alpha.localhost").get(report.url).content.decode()
    table = _table_after(body, "四、政府信息公开行政复议、行政诉讼情况")
    cells = _header_cells(table)
    results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert cells[:2] == [("行政复议", "colgroup", None, "5"), ("行政诉讼", "colgroup", None, "10")]
    assert [text for text, *_ in cells[2:7]] == results
    assert cells[7:9] == [
        ("未经复议直接起诉", "colgroup", None, "5"),
        ("复议后起诉", "colgroup", None, "5"),
    ]
    assert [text for text, *_ in cells[9:]] == results * 2
    assert all(text for text, *_ in cells)  # no empty header cell
    rows = table.tbody.find_all("tr")
    assert len(rows) == 1 and not rows[0].find("th")
    assert [td.get_text() for td in rows[0].find_all("td")] == ["0"] * 13 + ["1", "1"]


def test_spreadsheet_tables_three_and_four_use_the_official_merged_headers(in_alpha):
    report = _report(review_upheld=1, review_total=1)
    report.save_revision().publish()
    response = host_client("alpha.localhost").get(report.url + "xlsx/")
    workbook = load_workbook(io.BytesIO(response.content))
    three = workbook["表三 依申请公开"]
    assert {str(merged) for merged in three.merged_cells.ranges} >= {
        "A2:A4",
        "B2:H2",
        "B3:B4",
        "C3:G3",
        "H3:H4",
    }
    assert (three["B2"].value, three["B3"].value, three["C3"].value, three["H3"].value) == (
        "申请人情况",
        "自然人",
        "法人或其他组织",
        "总计",
    )
    assert [three.cell(4, column).value for column in range(3, 8)] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    four = workbook["表四 复议诉讼"]
    assert {str(merged) for merged in four.merged_cells.ranges} >= {
        "A2:E2",
        "F2:O2",
        "F3:J3",
        "K3:O3",
        "A3:A4",
        "E3:E4",
    }
    assert (four["A2"].value, four["F2"].value, four["F3"].value, four["K3"].value) == (
        "行政复议",
        "行政诉讼",
        "未经复议直接起诉",
        "复议后起诉",
    )
    rows = list(four.iter_rows(min_row=5, values_only=True))
    assert len(rows) == 1 and list(rows[0]) == [1, 0, 0, 0, 1] + [0] * 10


def test_annual_report_renders_and_exports_a_spreadsheet(in_alpha):
    _known_records()
    report = _report(penalty_count=7)
    report.save_revision().publish()
    client = host_client("alpha.localhost")
    body = client.get(report.url).content.decode()
    assert "三、收到和处理政府信息公开申请情况" in body and "保护第三方合法权益" in body
    response = client.get(report.url + "xlsx/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["表二 主动公开", "表三 依申请公开", "表四 复议诉讼"]
    rows = list(workbook["表三 依申请公开"].iter_rows(values_only=True))
    new = next(row for row in rows if row[0] and row[0].startswith("一、本年新收"))
    assert list(new[1:]) == [3, 1, 1, 0, 1, 0, 6]
    assert list(
        next(
            r for r in workbook["表二 主动公开"].iter_rows(values_only=True) if r[0] == "行政处罚"
        )[:2]
    ) == ["行政处罚", 7]


def test_annual_report_reminder_shows_from_january_until_published(in_alpha):
    reminder = annual_report_reminder(D(2026, 1, 2))
    assert reminder is not None and reminder.year == 2025 and reminder.due == D(2026, 3, 31)
    assert annual_report_reminder(D(2026, 4, 1)).overdue
    report = _report()
    report.save_revision().publish()
    assert annual_report_reminder(D(2026, 1, 2)) is None
    assert Page.objects.filter(pk=report.pk, live=True).exists()
