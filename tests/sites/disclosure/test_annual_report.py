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


def test_a_failing_balance_check_stops_the_report_from_being_published(in_alpha):
    from tests.conftest import admin_login

    report = _report(review_upheld=2, review_corrected=1, review_total=4)
    problems = annual_report_problems(annual_report_tables(report))
    assert len(problems) == 1 and "行政复议" in problems[0] and "4" in problems[0]
    # An inconsistent request table is caught too.
    tables = annual_report_tables(report)
    tables["requests"]["new"]["cells"][0] += 1
    tables["requests"]["new"]["cells"][-1] += 1
    assert any("自然人" in problem for problem in annual_report_problems(tables))

    client, _ = admin_login("alpha.localhost", "platform")
    edit_url = f"/admin/pages/{report.pk}/edit/"
    data = {
        "title": report.title,
        "slug": report.slug,
        "year": 2025,
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
        "review_upheld": 2,
        "review_corrected": 1,
        "review_total": 4,
    }
    response = client.post(edit_url, data | {"action-publish": "publish"})
    report.refresh_from_db()
    assert not report.live
    assert "统计表未通过校验" in response.content.decode()
    # Saving a draft with the same numbers is allowed; fixing the total lets it publish.
    assert client.post(edit_url, data).status_code == 302
    client.post(edit_url, data | {"review_total": 3, "action-publish": "publish"})
    report.refresh_from_db()
    assert report.live


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
