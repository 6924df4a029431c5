import datetime

from django.urls import include, path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.components import Component

from sites.core.menus import PermissionMenuItem

from . import admin_views
from .selectors import web_report_due


@hooks.register("register_admin_urls")
def register_web_report_urls():
    urls = [
        path("", admin_views.report_index, name="index"),
        path("generate/", admin_views.report_generate, name="generate"),
        path("<int:pk>/", admin_views.report_detail, name="detail"),
        path("<int:pk>/export/", admin_views.report_export, name="export"),
        path("<int:pk>/<str:action>/", admin_views.report_action, name="action"),
    ]
    return [path("reports/website/", include((urls, "webreport_admin")))]


@hooks.register("register_reports_menu_item")
def register_web_report_menu_item():
    return PermissionMenuItem(
        "网站年度报表",
        reverse("webreport_admin:index"),
        icon_name="table",
        order=820,
        permission=admin_views.FILL,
        name="website-report",
    )


class WebReportReminderPanel(Component):
    """国办发〔2017〕47号: each year's 年度报表 is reported and published by 31 January."""

    order = 45
    template_name = "webreport/admin/reminder.html"

    def __init__(self, *, year: int, due: datetime.date, overdue: bool, report):
        self.year, self.due, self.overdue, self.report = year, due, overdue, report

    def get_context_data(self, parent_context):
        return {"year": self.year, "due": self.due, "overdue": self.overdue, "report": self.report}


def web_report_reminder(today: datetime.date | None = None) -> WebReportReminderPanel | None:
    """From 1 January, the year just ended until its report is submitted (a site created
    after that year has none to make)."""
    from cluster.tenants.selectors import tenant_current

    from .models import WebsiteAnnualReport

    today = today or timezone.localdate()
    year = today.year - 1
    tenant = tenant_current()
    created = getattr(tenant, "created_at", None)
    if created is not None and timezone.localdate(created).year > year:
        return None
    report = WebsiteAnnualReport.objects.filter(year=year).first()
    if report is not None and report.submitted:
        return None
    due = web_report_due(year)
    return WebReportReminderPanel(year=year, due=due, overdue=today > due, report=report)


@hooks.register("construct_homepage_panels")
def add_web_report_reminder(request, panels):
    if request.user.has_perm(admin_views.FILL) and (panel := web_report_reminder()):
        panels.insert(0, panel)
