"""What the 政府网站工作年度报表 counts, read from this site's own records.

Every figure covers the calendar year in the site's time zone (Asia/Shanghai):

- 网站总访问量 / 首页访问量: page views counted by the view beacon (sites.pageviews) on
  every page / the home page, as stored in the cluster's figures (source "views");
- 政务动态: articles (文章) first published in the year, outside the 信息公开目录;
- 信息公开目录: pages first published in the year under the site's 法定主动公开内容
  (the catalogue), whatever their type, its category pages excepted;
- 解读信息发布: 政策解读 pages first published in the year; 解读材料 are the written forms
  (文字解读, 问答, 专家解读), 解读产品 the made ones (图解, 视频解读);
- 留言办理: letters received (less those transferred to another site, which counts them),
  answered and their average working days, from the figures the letters office stores
  (source "letters"); 公开答复: letters answered in the year and shown to the public;
- 征集调查: ``consultation_totals`` (consultations opened, comments received) and the
  采纳情况 pages first published in the year (results published);
- 在线访谈: interviews ever published that started in the year, the questions the public
  sent in the year, and those answered in the year.
"""

import datetime

from django.utils import timezone

from cluster.figures.selectors import figures_by_site, letter_summary


def year_range(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    zone = timezone.get_current_timezone()
    return (
        datetime.datetime(year, 1, 1, tzinfo=zone),
        datetime.datetime(year + 1, 1, 1, tzinfo=zone),
    )


def site_identity(tenant) -> dict:
    from sites.core.models import SiteIdentity

    identity = SiteIdentity.load()
    kind = "政府门户网站" if tenant.level != tenant.Level.DEPARTMENT else "部门网站"
    return {
        "name": tenant.name,
        "url": tenant.url("/"),
        "sponsor": identity.sponsor or tenant.name,
        "kind": kind,
        "site_code": tenant.site_code,
        "icp_number": identity.icp_number,
        "police_number": identity.police_number,
    }


def publication_counts(year: int) -> dict:
    from django.db.models import Q
    from wagtail.models import Page

    from sites.disclosure.models import (
        DisclosureCatalogPage,
        DisclosureCategoryPage,
        InterpretationPage,
    )
    from sites.disclosure.models.documents import InterpretationForm
    from sites.news.models import ArticlePage

    start, end = year_range(year)
    in_year = {"first_published_at__gte": start, "first_published_at__lt": end}
    under_catalog = Q(pk__in=[])
    for root in DisclosureCatalogPage.objects.all():
        under_catalog |= Q(path__startswith=root.path, depth__gt=root.depth)
    catalog = Page.objects.filter(under_catalog, **in_year).not_type(DisclosureCategoryPage)
    catalog_ids = set(catalog.values_list("pk", flat=True))
    news = ArticlePage.objects.filter(**in_year).exclude(pk__in=catalog_ids).count()
    interpretations = InterpretationPage.objects.filter(**in_year)
    written = {InterpretationForm.TEXT, InterpretationForm.QA, InterpretationForm.EXPERT}
    return {
        "news": news,
        "catalog": len(catalog_ids),
        "interpretations": interpretations.count(),
        "interpretation_materials": interpretations.filter(form__in=written).count(),
        "interpretation_products": interpretations.exclude(form__in=written).count(),
    }


def letter_counts(year: int, tenant) -> dict:
    from sites.letters.models import REPLIED_STATUSES, Letter

    summary = letter_summary(
        figures_by_site(source="letters", year=year, tenant=tenant).get(tenant.pk, {})
    )
    start, end = year_range(year)
    public = Letter.objects.filter(
        replied_at__gte=start,
        replied_at__lt=end,
        published=True,
        publish_consent=True,
        status__in=REPLIED_STATUSES,
    ).count()
    return {
        "letters_received": summary["letters"],
        "letters_answered": summary["cells"][2],
        "letters_average_days": summary["average_days"] or 0,
        "letters_public": public,
    }


def consultation_counts(year: int) -> dict:
    from sites.consultations.models import (
        ConsultationFeedbackPage,
        InterviewPage,
        InterviewQuestion,
    )
    from sites.consultations.selectors import consultation_totals

    start, end = year_range(year)
    totals = consultation_totals(year=year)
    return {
        "consultations": totals["consultations"],
        "consultation_comments": totals["comments"],
        "consultation_results": ConsultationFeedbackPage.objects.filter(
            first_published_at__gte=start, first_published_at__lt=end
        ).count(),
        "interviews": InterviewPage.objects.filter(
            first_published_at__isnull=False, starts_at__gte=start, starts_at__lt=end
        ).count(),
        "interview_questions": InterviewQuestion.objects.filter(
            submitted_at__gte=start, submitted_at__lt=end
        ).count(),
        "interview_answers": InterviewQuestion.objects.filter(
            answered_at__gte=start, answered_at__lt=end
        )
        .exclude(answer="")
        .count(),
    }


def view_counts(year: int, tenant) -> dict:
    totals = figures_by_site(source="views", year=year, tenant=tenant).get(tenant.pk, {})
    return {
        "visits_total": int(totals.get("total", 0)),
        "visits_home": int(totals.get("home", 0)),
    }


def web_report_figures(year: int, tenant) -> dict:
    return {
        **view_counts(year, tenant),
        **publication_counts(year),
        **letter_counts(year, tenant),
        **consultation_counts(year),
    }


def web_report_due(year: int) -> datetime.date:
    """Reported by 31 January of the next year (国办发〔2017〕47号: 年度报表 by then)."""
    return datetime.date(year + 1, 1, 31)
