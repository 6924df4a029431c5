import datetime

from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from cluster.tenants.models import Tenant
from cluster.tenants.selectors import tenant_current
from sites.core.menus import PermissionMenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_request_urls():
    urls = [
        path("", admin_views.request_index, name="index"),
        path("new/", admin_views.request_new, name="new"),
        path("<int:pk>/", admin_views.request_detail, name="detail"),
        path("<int:pk>/<str:action>/", admin_views.request_action, name="action"),
    ]
    return [
        path("disclosure/requests/", include((urls, "disclosure_requests"))),
        path(
            "reports/disclosure-timeliness/",
            admin_views.timeliness_report,
            name="disclosure_timeliness_report",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_request_menu_item():
    return PermissionMenuItem(
        "依申请公开",
        reverse("disclosure_requests:index"),
        icon_name="mail",
        order=250,
        permission="disclosure.view_informationrequest",
        name="disclosure-requests",
    )


@hooks.register("register_reports_menu_item")
def register_timeliness_report_menu_item():
    return MenuItem(
        "公开时效",
        reverse("disclosure_timeliness_report"),
        icon_name="time",
        order=800,
        name="disclosure-timeliness",
    )


@hooks.register("register_log_actions")
def register_request_log_actions(actions):
    for action, label in [
        ("supplement", "告知补正"),
        ("supplement_received", "登记补正"),
        ("third_party", "征求第三方意见"),
        ("third_party_end", "结束征求意见"),
        ("extend", "延长答复期限"),
        ("answer", "答复"),
        ("close", "办结"),
    ]:
        actions.register_action(f"disclosure.request.{action}", label, label)
    actions.register_action("disclosure.view_identity", "查看证件号码", "查看了申请人证件号码")


# -- annual report: the one-report-per-year rule on copies -----------------------


@hooks.register("before_copy_page")
def refuse_annual_report_copy_that_breaks_the_rules(request, page):
    """A copy (or alias) may not give a year a second report, nor publish unbalanced tables."""
    from wagtail.models import Page

    from .models import AnnualReportPage
    from .selectors import annual_report_year_taken

    if request.method != "POST" or not issubclass(page.specific_class, AnnualReportPage):
        return None
    report = page.specific
    parent = Page.objects.filter(pk=request.POST.get("new_parent_page")).first()
    problems = []
    if parent and annual_report_year_taken(parent=parent, year=report.year):
        problems.append(f"{report.year}年度的报告已经存在，同一年度只能有一份年度报告。")
    elif request.POST.get("publish_copies") or request.POST.get("alias"):
        from .selectors import annual_report_problems, annual_report_tables

        problems = annual_report_problems(annual_report_tables(report))
    if problems:
        messages.error(request, report.publication_refused(problems).as_html())
        return redirect(request.get_full_path())
    return None


class AnnualReportReminderPanel(Component):
    """条例 Art. 49–50: departments report by 31 January, governments publish by 31 March."""

    order = 40
    template_name = "disclosure/admin/annual_report_reminder.html"

    def __init__(self, *, year: int, due: datetime.date, overdue: bool):
        self.year, self.due, self.overdue = year, due, overdue

    def get_context_data(self, parent_context):
        return {"year": self.year, "due": self.due, "overdue": self.overdue}


def annual_report_reminder(today: datetime.date | None = None) -> AnnualReportReminderPanel | None:
    from .models import AnnualReportPage

    today = today or timezone.localdate()
    year = today.year - 1
    if AnnualReportPage.objects.live().filter(year=year).exists():
        return None
    tenant = tenant_current()
    is_department = tenant is not None and tenant.level == Tenant.Level.DEPARTMENT
    due = datetime.date(today.year, 1, 31) if is_department else datetime.date(today.year, 3, 31)
    return AnnualReportReminderPanel(year=year, due=due, overdue=today > due)


@hooks.register("construct_homepage_panels")
def add_annual_report_reminder(request, panels):
    if request.user.has_perm("wagtailadmin.access_admin") and (panel := annual_report_reminder()):
        panels.insert(0, panel)


def document_number_warning(request, page) -> None:
    """A draft may share its 发文字号 with another current document, with a warning."""
    from .models import PolicyDocumentPage

    if isinstance(page, PolicyDocumentPage) and (
        problem := page.number_clash_problem(live_only=False)
    ):
        messages.warning(request, problem)


@hooks.register("after_create_page")
def warn_shared_document_number_after_create(request, page):
    document_number_warning(request, page)


@hooks.register("after_edit_page")
def warn_shared_document_number_after_edit(request, page):
    document_number_warning(request, page)
