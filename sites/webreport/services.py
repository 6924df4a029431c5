"""Writes of the 政府网站工作年度报表: generate (recount), fill in, submit."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import FIGURES, WebReportStatus, WebsiteAnnualReport

SOURCE = "webreport"
# The manual items the console rolls up with the computed ones.
ROLLED_UP_MANUAL = ["unique_visitors", "overview_count", "media_comments", "hot_responses"]


def _letters_recount(tenant) -> None:
    """Letters' stored figures are recounted daily; the report wants today's."""
    from cluster.figures.services import figures_replace
    from sites.letters.selectors import letter_figures

    figures_replace(tenant=tenant, source="letters", rows=letter_figures())


def report_figures_store(*, report: WebsiteAnnualReport, tenant) -> None:
    """The report's figures in cluster.figures (source "webreport", month = 1 January of
    its year), for the console's roll-up of every site."""
    import datetime

    from cluster.figures.models import MonthlyFigure

    month = datetime.date(report.year, 1, 1)
    values = {key: report.figures.get(key, 0) for key, _label in FIGURES}
    values.update({key: getattr(report, key) for key in ROLLED_UP_MANUAL})
    values["submitted"] = 1 if report.submitted else 0
    values["exists"] = 1
    with transaction.atomic():
        MonthlyFigure.objects.filter(tenant=tenant, source=SOURCE, month=month).delete()
        MonthlyFigure.objects.bulk_create(
            MonthlyFigure(
                tenant=tenant, month=month, source=SOURCE, dimension="", key=key, value=value
            )
            for key, value in values.items()
        )


@transaction.atomic
def web_report_generate(*, year: int, tenant) -> WebsiteAnnualReport:
    """Create or recount this site's report for ``year``; a submitted report is final."""
    from .selectors import site_identity, web_report_figures

    if year > timezone.localdate().year:
        raise ValidationError("不能为尚未开始的年度生成报表。")
    report, _created = WebsiteAnnualReport.objects.select_for_update().get_or_create(year=year)
    if report.submitted:
        raise ValidationError(f"{year}年度报表已报送，不能重新统计。")
    _letters_recount(tenant)
    report.identity = site_identity(tenant)
    report.figures = web_report_figures(year, tenant)
    report.generated_at = timezone.now()
    report.full_clean()
    report.save()
    report_figures_store(report=report, tenant=tenant)
    return report


@transaction.atomic
def web_report_fill(*, report: WebsiteAnnualReport, data: dict, tenant) -> WebsiteAnnualReport:
    if report.submitted:
        raise ValidationError(f"{report.year}年度报表已报送，不能修改。")
    for name, value in data.items():
        setattr(report, name, value)
    report.full_clean()
    report.save()
    report_figures_store(report=report, tenant=tenant)
    return report


@transaction.atomic
def web_report_submit(*, report: WebsiteAnnualReport, user, tenant) -> WebsiteAnnualReport:
    """报送: the figures are recounted one last time and then frozen."""
    if report.submitted:
        raise ValidationError(f"{report.year}年度报表已报送。")
    if not report.filler or not report.phone:
        raise ValidationError("报送前请填写填报人和联系电话。")
    report = web_report_generate(year=report.year, tenant=tenant)
    report.status = WebReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = user
    report.save()
    report_figures_store(report=report, tenant=tenant)
    return report
