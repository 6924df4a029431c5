"""The 政府网站工作年度报表: its figures equal counts made here another way, its spreadsheet
carries them, staff fill in the rest, the reminder runs from 1 January, the console rolls up."""

import datetime
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import schema_context
from openpyxl import load_workbook
from wagtail.models import Page

from cluster.accounts.services import account_create, role_grant
from cluster.tenants.models import SiteRole
from sites.webreport import services
from sites.webreport.models import WebsiteAnnualReport
from sites.webreport.wagtail_hooks import web_report_reminder
from tests.conftest import PASSWORD, admin_login, host_client

YEAR = 2025


def at(year, month, day, hour=10):
    return datetime.datetime(year, month, day, hour, tzinfo=timezone.get_current_timezone())


def _first_published(page, when):
    Page.objects.filter(pk=page.pk).update(first_published_at=when)


def _scenario():
    """Records of 2024, 2025 and 2026 on alpha; the report is for 2025."""
    from sites.consultations.models import ConsultationComment, InterviewQuestion
    from sites.disclosure.models import InterpretationPage
    from sites.letters.models import Letter
    from sites.news.models import ArticlePage, NewsIndexPage
    from sites.pageviews.models import PageViewDay
    from sites.pageviews.selectors import home_page_id
    from sites.pageviews.services import page_view_figures_store
    from tests.sites.consultations.conftest import make_consultation, make_feedback, make_interview
    from tests.sites.disclosure.conftest import category, make_document
    from tests.sites.letters.conftest import aware, letter_answered, letter_new

    news = NewsIndexPage.objects.get(slug="news")
    for number, when in enumerate([at(2025, 3, 1), at(2025, 12, 31, 23), at(2026, 1, 1, 0)]):
        article = ArticlePage(title=f"动态{number}", body=[("paragraph", "<p>正文</p>")])
        news.add_child(instance=article)
        article.save_revision().publish()
        _first_published(article, when)
    news.add_child(instance=ArticlePage(title="草稿", live=False, body=[]))
    for when in (at(2025, 5, 6), at(2025, 7, 8), at(2024, 12, 31, 23)):
        make_document(published_at=when, written_date=datetime.date(2024, 12, 1))
    for form, when in [
        ("text", at(2025, 2, 2)),
        ("graphic", at(2025, 6, 1)),
        ("qa", at(2026, 2, 1)),
    ]:
        page = InterpretationPage(title=f"解读{form}", form=form, body=[])
        category().add_child(instance=page)
        page.save_revision().publish()
        _first_published(page, when)

    day = datetime.date
    answered, _code = letter_answered(
        "zx", now=aware(day(2025, 6, 3)), replied=aware(day(2025, 6, 5), 15)
    )
    Letter.objects.filter(pk=answered.pk).update(published=True)
    letter_answered("jy", now=aware(day(2025, 11, 3)), replied=aware(day(2025, 11, 10), 15))
    letter_new("ldxx", now=aware(day(2025, 12, 1)))
    letter_new("ldxx", now=aware(day(2026, 3, 2)))

    held = make_consultation(opens_at=at(2025, 4, 1), closes_at=at(2025, 4, 30))
    for when in (at(2025, 4, 2), at(2025, 4, 3), at(2026, 1, 2)):
        ConsultationComment.objects.create(
            consultation=held, body="建议", submitted_at=when, status="approved"
        )
    _first_published(make_feedback(held, adopted_count=3), at(2025, 5, 10))
    make_consultation(opens_at=at(2026, 4, 1), closes_at=at(2026, 4, 30))
    interview = make_interview(starts_at=at(2025, 9, 1), ends_at=at(2025, 9, 1, 12))
    make_interview(starts_at=at(2026, 9, 1), ends_at=at(2026, 9, 1, 12))
    for when, answered_at in [
        (at(2025, 8, 30), at(2025, 9, 1, 11)),
        (at(2025, 9, 1), None),
        (at(2025, 9, 1), at(2025, 9, 1, 11)),
    ]:
        InterviewQuestion.objects.create(
            interview=interview,
            body="何时实施？",
            submitted_at=when,
            answer="明年起" if answered_at else "",
            answered_at=answered_at,
        )

    home = home_page_id()
    rows = [(home, day(2025, 1, 5), 40), (answered.pk and home, day(2025, 8, 1), 2)]
    other = ArticlePage.objects.first().pk
    rows += [(other, day(2025, 8, 1), 7), (other, day(2026, 1, 1), 100)]
    for page_id, when, count in rows:
        PageViewDay.objects.update_or_create(page_id=page_id, day=when, defaults={"count": count})
    page_view_figures_store(months={when.replace(day=1) for _p, when, _n in rows})


def _in_year(moment, year=YEAR) -> bool:
    return moment is not None and timezone.localtime(moment).year == year


def _independent_counts(alpha) -> dict:
    """The same figures counted one object at a time, without the report's queries."""
    from sites.consultations.models import (
        ConsultationComment,
        ConsultationFeedbackPage,
        ConsultationPage,
        InterviewPage,
        InterviewQuestion,
    )
    from sites.disclosure.models import DisclosureCatalogPage, DisclosureCategoryPage
    from sites.letters.models import Letter
    from sites.pageviews.models import PageViewDay

    pages = [page.specific for page in Page.objects.filter(depth__gt=1)]
    catalog_roots = [p for p in pages if isinstance(p, DisclosureCatalogPage)]

    def in_catalog(page):
        return any(page.path.startswith(root.path) and page.pk != root.pk for root in catalog_roots)

    published = [p for p in pages if _in_year(p.first_published_at)]
    catalog = [p for p in published if in_catalog(p) and not isinstance(p, DisclosureCategoryPage)]
    news = [p for p in published if type(p).__name__ == "ArticlePage" and not in_catalog(p)]
    interpretations = [p for p in published if type(p).__name__ == "InterpretationPage"]
    letters = list(Letter.objects.all())
    answered = [x for x in letters if _in_year(x.replied_at)]
    home = alpha and Page.objects.get(depth=2).pk
    views = [row for row in PageViewDay.objects.all() if row.day.year == YEAR]
    questions = list(InterviewQuestion.objects.all())
    return {
        "visits_total": sum(row.count for row in views),
        "visits_home": sum(row.count for row in views if row.page_id == home),
        "news": len(news),
        "catalog": len(catalog),
        "interpretations": len(interpretations),
        "interpretation_materials": sum(
            1 for p in interpretations if p.form in ("text", "qa", "expert")
        ),
        "interpretation_products": sum(
            1 for p in interpretations if p.form in ("graphic", "video")
        ),
        "letters_received": sum(1 for x in letters if _in_year(x.received_at)),
        "letters_answered": len(answered),
        "letters_average_days": sum(x.reply_working_days_taken() for x in answered) / len(answered),
        "letters_public": sum(1 for x in answered if x.is_public),
        "consultations": sum(
            1
            for c in ConsultationPage.objects.all()
            if c.first_published_at and _in_year(c.opens_at)
        ),
        "consultation_comments": sum(
            1 for c in ConsultationComment.objects.all() if _in_year(c.submitted_at)
        ),
        "consultation_results": sum(
            1 for f in ConsultationFeedbackPage.objects.all() if _in_year(f.first_published_at)
        ),
        "interviews": sum(
            1 for i in InterviewPage.objects.all() if i.first_published_at and _in_year(i.starts_at)
        ),
        "interview_questions": sum(1 for q in questions if _in_year(q.submitted_at)),
        "interview_answers": sum(1 for q in questions if q.answer and _in_year(q.answered_at)),
    }


@pytest.fixture
def in_alpha(alpha):
    with schema_context("site_alpha"):
        yield alpha


def test_report_figures_equal_counts_made_independently(in_alpha):
    _scenario()
    report = services.web_report_generate(year=YEAR, tenant=in_alpha)
    expected = _independent_counts(in_alpha)
    # The scenario is not empty, so equality says something about every figure.
    assert all(value for value in expected.values()), expected
    assert report.figures == expected
    assert report.figures["news"] == 2 and report.figures["visits_total"] == 49
    assert report.identity["site_code"] == in_alpha.site_code
    assert report.identity["url"].startswith("http://alpha.localhost")


def test_the_spreadsheet_opens_in_the_templates_layout_with_the_figures(in_alpha):
    _scenario()
    report = services.web_report_generate(year=YEAR, tenant=in_alpha)
    services.web_report_fill(
        report=report,
        data={"unique_visitors": 321, "overview_count": 5, "filler": "张三", "phone": "0432-1"},
        tenant=in_alpha,
    )
    client, _response = admin_login("alpha.localhost", "platform")
    response = client.get(f"/admin/reports/website/{report.pk}/export/")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    values = {row[1]: row[2] for row in sheet.iter_rows(min_row=4, values_only=True) if row[1]}
    assert values["网站总访问量（次）"] == 49
    assert values["首页访问量（次）"] == 42
    assert values["独立用户访问总量（个）"] == 321
    assert values["政府网站标识码"] == in_alpha.site_code
    assert values["留言办理·收到留言数量（条）"] == 3
    assert values["在线访谈·答复网民提问数量（条）"] == 2
    # 信息发布 总数 = 概况类 (filled in) + 政务动态 + 信息公开目录.
    assert values["总数（条）"] == 5 + report.figures["news"] + report.figures["catalog"]
    sections = [cell.value for cell in sheet["A"][3:] if cell.value]
    assert sections[:4] == ["网站基本信息", "网站访问", "信息发布", "专栏专题"]
    assert "安全防护" in sections and "创新发展" in sections


def test_staff_fill_in_submit_once_and_the_figures_are_frozen(in_alpha, accounts):
    _scenario()
    report = services.web_report_generate(year=YEAR, tenant=in_alpha)
    with pytest.raises(ValidationError, match="填报人"):
        services.web_report_submit(report=report, user=None, tenant=in_alpha)
    report = services.web_report_fill(
        report=report, data={"filler": "张三", "phone": "0432-1"}, tenant=in_alpha
    )
    report = services.web_report_submit(report=report, user=None, tenant=in_alpha)
    assert report.submitted and report.submitted_at
    with pytest.raises(ValidationError, match="已报送"):
        services.web_report_generate(year=YEAR, tenant=in_alpha)
    with pytest.raises(ValidationError):
        services.web_report_generate(year=timezone.localdate().year + 1, tenant=in_alpha)


def test_site_admin_generates_and_fills_in_the_report_in_the_admin(alpha):
    site_admin = account_create(username="alpha_webmaster", password=PASSWORD, name="甲站长")
    role_grant(user=site_admin, tenant=alpha, role=SiteRole.Role.SITE_ADMIN)
    client, _response = admin_login("alpha.localhost", "alpha_webmaster")
    assert "生成报表" in client.get("/admin/reports/website/").content.decode()
    response = client.post("/admin/reports/website/generate/", {"year": YEAR})
    assert response.status_code == 302
    with schema_context("site_alpha"):
        report = WebsiteAnnualReport.objects.get(year=YEAR)
    page = client.get(response["Location"]).content.decode()
    assert "网站总访问量（次）" in page and "填报中" in page
    response = client.post(
        response["Location"], {"cases_total": 1, "cases_natural": 2, "cases_legal": 0}
    )
    assert "自然人办件量与法人办件量之和不能大于办件量总数" in response.content.decode()
    from sites.webreport.forms import MANUAL_FIELDS

    filled = {name: getattr(report, name) for name in MANUAL_FIELDS}
    filled = {name: value for name, value in filled.items() if value is not False}
    response = client.post(
        f"/admin/reports/website/{report.pk}/", {**filled, "security_checks": 4, "drills": "on"}
    )
    assert response.status_code == 302
    with schema_context("site_alpha"):
        saved = WebsiteAnnualReport.objects.get(pk=report.pk)
        assert saved.security_checks == 4 and saved.drills
    # An editor of the site has no report to fill in.
    editor, _response = admin_login("alpha.localhost", "alpha_editor")
    assert editor.get("/admin/reports/website/").status_code in (302, 403)


def test_the_reminder_starts_on_1_january_and_ends_when_submitted(in_alpha):
    created = timezone.localdate(in_alpha.created_at).year
    # Not before: on 31 December the year is not over, and the year before the site
    # existed has no report to make.
    assert web_report_reminder(datetime.date(created, 12, 31)) is None
    panel = web_report_reminder(datetime.date(created + 1, 1, 1))
    assert panel.year == created and not panel.overdue
    assert panel.due == datetime.date(created + 1, 1, 31)
    assert "尚未报送" in panel.render_html({})
    assert web_report_reminder(datetime.date(created + 1, 2, 1)).overdue
    WebsiteAnnualReport.objects.create(year=created, status="submitted")
    assert web_report_reminder(datetime.date(created + 1, 1, 2)) is None


def test_the_console_rolls_up_every_sites_report(alpha, beta):
    with schema_context("site_alpha"):
        _scenario()
        services.web_report_generate(year=YEAR, tenant=alpha)
    with schema_context("site_beta"):
        report = services.web_report_generate(year=YEAR, tenant=beta)
        services.web_report_fill(report=report, data={"filler": "李四", "phone": "1"}, tenant=beta)
        services.web_report_submit(report=report, user=None, tenant=beta)
    client = host_client("console.localhost")
    client.post("/login/", {"username": "platform", "password": PASSWORD})
    page = client.get(f"/webreports/?year={YEAR}").content.decode()
    assert alpha.name in page and beta.name in page
    assert 'id="web-report-submitted">1<' in page and 'id="web-report-draft">1<' in page
    # The first total is the cluster's visits: alpha's 49, beta's none.
    assert '<td class="web-report-total">49</td>' in page
