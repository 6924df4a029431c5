from django.urls import include, path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.components import Component

from sites.core.menus import PermissionMenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_moderation_urls():
    consultations = [
        path("", admin_views.consultation_index, name="index"),
        path("<int:page_id>/", admin_views.consultation_detail, name="detail"),
        path("<int:page_id>/finish/", admin_views.consultation_finish, name="finish"),
        path("comments/<int:pk>/<str:action>/", admin_views.comment_action, name="comment_action"),
    ]
    interviews = [
        path("", admin_views.interview_index, name="index"),
        path("<int:page_id>/", admin_views.interview_detail, name="detail"),
        path("<int:page_id>/post/", admin_views.interview_post, name="post"),
        path("<int:page_id>/transcript/", admin_views.interview_transcript, name="transcript"),
        path(
            "questions/<int:pk>/<str:action>/",
            admin_views.question_action,
            name="question_action",
        ),
    ]
    return [
        path("consultations/", include((consultations, "consultations_admin"))),
        path("interviews/", include((interviews, "interviews_admin"))),
    ]


@hooks.register("register_admin_menu_item")
def register_consultation_menu_item():
    return PermissionMenuItem(
        "意见征集",
        reverse("consultations_admin:index"),
        icon_name="comment",
        order=260,
        permission="consultations.view_consultationcomment",
        name="consultations",
    )


@hooks.register("register_admin_menu_item")
def register_interview_menu_item():
    return PermissionMenuItem(
        "在线访谈",
        reverse("interviews_admin:index"),
        icon_name="openquote",
        order=270,
        permission="consultations.view_interviewquestion",
        name="interviews",
    )


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    for action, label in [
        ("comment.approve", "意见审核通过"),
        ("comment.reject", "意见不予公开"),
        ("question.approve", "提问审核通过"),
        ("question.reject", "提问不予公开"),
        ("question.answer", "回答提问"),
        ("finish", "意见征集办结"),
    ]:
        actions.register_action(f"consultations.{action}", label, label)


class FeedbackReminderPanel(Component):
    """Closed consultations whose 采纳情况 is not published yet, until it is."""

    order = 45
    template_name = "consultations/admin/feedback_reminder.html"

    def __init__(self, *, consultations):
        self.consultations = consultations

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        for consultation in self.consultations:
            consultation.days_closed = (today - timezone.localdate(consultation.closes_at)).days
        return {"consultations": self.consultations}


def feedback_reminder() -> FeedbackReminderPanel | None:
    from .services import consultations_awaiting_feedback

    consultations = list(consultations_awaiting_feedback())
    return FeedbackReminderPanel(consultations=consultations) if consultations else None


@hooks.register("construct_homepage_panels")
def add_feedback_reminder(request, panels):
    if request.user.has_perm("consultations.view_consultationcomment") and (
        panel := feedback_reminder()
    ):
        panels.insert(0, panel)
