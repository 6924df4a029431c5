"""Moderation of 意见征集 comments and 在线访谈 questions, inside the site's Wagtail admin."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST
from wagtail.admin.auth import permission_required
from wagtail.log_actions import log

from . import services
from .forms import AnswerForm, PostForm, RejectForm
from .models import (
    ConsultationComment,
    ConsultationFeedbackPage,
    ConsultationPage,
    InterviewPage,
    InterviewQuestion,
    ModerationStatus,
)

COMMENT_PERMISSION = "consultations.change_consultationcomment"
QUESTION_PERMISSION = "consultations.change_interviewquestion"
STATUS_FILTERS = [
    (ModerationStatus.PENDING, "待审核"),
    (ModerationStatus.APPROVED, "已通过"),
    (ModerationStatus.REJECTED, "未通过"),
    ("", "全部"),
]


def _counts(queryset, relation: str):
    return queryset.annotate(
        pending=Count(relation, filter=Q(**{f"{relation}__status": ModerationStatus.PENDING})),
        total=Count(relation),
    )


# -- 意见征集 ---------------------------------------------------------------------


@permission_required("consultations.view_consultationcomment")
def consultation_index(request):
    consultations = _counts(ConsultationPage.objects.order_by("-opens_at"), "citizen_comments")
    return TemplateResponse(
        request,
        "consultations/admin/consultation_index.html",
        {"consultations": Paginator(consultations, 30).get_page(request.GET.get("p"))},
    )


@permission_required("consultations.view_consultationcomment")
def consultation_detail(request, page_id, reject_forms=None):
    consultation = get_object_or_404(ConsultationPage, pk=page_id)
    status = request.GET.get("status", ModerationStatus.PENDING)
    comments = consultation.citizen_comments.select_related("moderated_by")
    if status:
        comments = comments.filter(status=status)
    feedback = ConsultationFeedbackPage.objects.child_of(consultation).first()
    return TemplateResponse(
        request,
        "consultations/admin/consultation_detail.html",
        {
            "consultation": consultation,
            "comments": Paginator(comments, 50).get_page(request.GET.get("p")),
            "status": status,
            "statuses": STATUS_FILTERS,
            "counts": consultation.citizen_comments.aggregate(
                pending=Count("pk", filter=Q(status=ModerationStatus.PENDING)),
                total=Count("pk"),
            ),
            "feedback": feedback,
            "feedback_live": consultation.feedback_live(),
            "can_moderate": request.user.has_perm(COMMENT_PERMISSION),
            "reject_forms": reject_forms or {},
            "reminders": consultation.feedback_reminders.all()[:10],
        },
    )


@permission_required(COMMENT_PERMISSION)
@require_POST
def comment_action(request, pk, action):
    comment = get_object_or_404(ConsultationComment, pk=pk)
    page_id = comment.consultation_id
    if action == "approve":
        services.comment_approve(comment=comment, user=request.user)
        messages.success(request, "意见已审核通过。")
    elif action == "reject":
        form = RejectForm(request.POST)
        if not form.is_valid():
            messages.error(request, "请写明不予公开的理由。")
            return consultation_detail(request, page_id, reject_forms={comment.pk: form})
        services.comment_reject(comment=comment, user=request.user, **form.cleaned_data)
        messages.success(request, "意见已标记为不予公开。")
    else:
        raise PermissionDenied
    log(instance=comment, action=f"consultations.comment.{action}", user=request.user)
    return redirect("consultations_admin:detail", page_id)


@permission_required(COMMENT_PERMISSION)
@require_POST
def consultation_finish(request, page_id):
    consultation = get_object_or_404(ConsultationPage, pk=page_id)
    try:
        services.consultation_finish(consultation=consultation, user=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "本次意见征集已办结。")
    return redirect("consultations_admin:detail", page_id)


# -- 在线访谈 ---------------------------------------------------------------------


@permission_required("consultations.view_interviewquestion")
def interview_index(request):
    interviews = _counts(InterviewPage.objects.order_by("-starts_at"), "questions")
    return TemplateResponse(
        request,
        "consultations/admin/interview_index.html",
        {"interviews": Paginator(interviews, 30).get_page(request.GET.get("p"))},
    )


@permission_required("consultations.view_interviewquestion")
def interview_detail(request, page_id, forms=None):
    interview = get_object_or_404(InterviewPage, pk=page_id)
    forms = forms or {}
    questions = list(interview.questions.exclude(status=ModerationStatus.REJECTED))
    for question in questions:
        question.answer_form = forms.get(("answer", question.pk)) or AnswerForm(
            initial={"answered_by_name": question.answered_by_name or _first_guest(interview)}
        )
        question.reject_form = forms.get(("reject", question.pk)) or RejectForm()
    return TemplateResponse(
        request,
        "consultations/admin/interview_detail.html",
        {
            "interview": interview,
            "questions": questions,
            "rejected": interview.questions.filter(status=ModerationStatus.REJECTED),
            "posts": interview.posts.select_related("posted_by"),
            "post_form": forms.get("post") or PostForm(),
            "can_moderate": request.user.has_perm(QUESTION_PERMISSION),
            "can_post": request.user.has_perm("consultations.add_interviewpost"),
        },
    )


def _first_guest(interview) -> str:
    guest = interview.guests.first()
    return guest.name if guest else ""


@permission_required(QUESTION_PERMISSION)
@require_POST
def question_action(request, pk, action):
    question = get_object_or_404(InterviewQuestion, pk=pk)
    page_id = question.interview_id
    form_class = {"approve": None, "reject": RejectForm, "answer": AnswerForm}.get(action, False)
    if form_class is False:
        raise PermissionDenied
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        messages.error(request, "请检查填写的内容。")
        return interview_detail(request, page_id, forms={(action, question.pk): form})
    data = form.cleaned_data if form is not None else {}
    service = {
        "approve": services.question_approve,
        "reject": services.question_reject,
        "answer": services.question_answer,
    }[action]
    try:
        service(question=question, user=request.user, **data)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return interview_detail(request, page_id, forms={(action, question.pk): form})
    log(instance=question, action=f"consultations.question.{action}", user=request.user)
    messages.success(
        request,
        {"approve": "提问已公开。", "reject": "提问不予公开。", "answer": "回答已发布。"}[action],
    )
    return redirect("interviews_admin:detail", page_id)


@permission_required("consultations.add_interviewpost")
@require_POST
def interview_post(request, page_id):
    interview = get_object_or_404(InterviewPage, pk=page_id)
    form = PostForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请检查填写的内容。")
        return interview_detail(request, page_id, forms={"post": form})
    try:
        services.post_add(interview=interview, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return interview_detail(request, page_id, forms={"post": form})
    messages.success(request, "已发布。")
    return redirect("interviews_admin:detail", page_id)


@permission_required(QUESTION_PERMISSION)
@require_POST
def interview_transcript(request, page_id):
    interview = get_object_or_404(InterviewPage, pk=page_id)
    # The transcript is published as a new version of the page.
    if not interview.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    try:
        services.interview_transcript_make(interview=interview, user=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "已生成并发布访谈实录。")
    return redirect("interviews_admin:detail", page_id)
