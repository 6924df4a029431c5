from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.viewsets.model import ModelViewSet

from sites.core.menus import PermissionMenuItem

from . import admin_views
from .models import Letter, LetterType


@hooks.register("register_admin_urls")
def register_letter_urls():
    urls = [
        path("", admin_views.letter_index, name="index"),
        path("<int:pk>/", admin_views.letter_detail, name="detail"),
        path(
            "<int:pk>/files/<int:attachment_id>/",
            admin_views.attachment_download,
            name="attachment",
        ),
        path("<int:pk>/<str:action>/", admin_views.letter_action, name="action"),
    ]
    return [
        path("letters/", include((urls, "letters_admin"))),
        path("reports/letters/", admin_views.letter_report, name="letters_report"),
    ]


@hooks.register("register_admin_menu_item")
def register_letter_menu_item():
    return PermissionMenuItem(
        "来信办理",
        reverse("letters_admin:index"),
        icon_name="mail",
        order=240,
        permission="letters.view_letter",
        name="letters",
    )


@hooks.register("register_reports_menu_item")
def register_letter_report_menu_item():
    return PermissionMenuItem(
        "来信统计",
        reverse("letters_report"),
        icon_name="table",
        order=810,
        permission="letters.view_letter",
        name="letters-report",
    )


class LetterTypeViewSet(ModelViewSet):
    """The site admin's list of mailboxes and their reply deadlines."""

    model = LetterType
    icon = "tag"
    menu_label = "信箱设置"
    menu_name = "letter-types"
    add_to_settings_menu = True
    list_display = [
        "name",
        "slug",
        "reply_working_days",
        BooleanColumn("active", label="接收来信"),
        "sort_order",
    ]
    form_fields = ["name", "slug", "reply_working_days", "description", "active", "sort_order"]


@hooks.register("register_admin_viewset")
def register_letter_type_viewset():
    return LetterTypeViewSet("letter_types")


class LettersPanel(Component):
    order = 45
    template_name = "letters/admin/letters_panel.html"

    def __init__(self, *, overdue: int, due_soon: int, open_count: int):
        self.overdue, self.due_soon, self.open_count = overdue, due_soon, open_count

    def get_context_data(self, parent_context):
        return {"overdue": self.overdue, "due_soon": self.due_soon, "open": self.open_count}


@hooks.register("construct_homepage_panels")
def add_letters_panel(request, panels):
    from .models import OPEN_STATUSES
    from .selectors import letters_due_soon

    if not request.user.has_perm("letters.view_letter"):
        return
    open_count = Letter.objects.filter(status__in=OPEN_STATUSES).count()
    if not open_count:
        return
    overdue, due_soon = letters_due_soon()
    panels.insert(0, LettersPanel(overdue=overdue, due_soon=due_soon, open_count=open_count))


@hooks.register("register_log_actions")
def register_letter_log_actions(actions):
    for name, spec in admin_views.ACTIONS.items():
        actions.register_action(f"letters.{name}", spec[4], spec[4])
    actions.register_action("letters.view_contact", "查看来信人联系方式", "查看了来信人联系方式")
