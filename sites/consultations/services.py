"""Writes of 意见征集 and 在线访谈: comments and questions in, moderation, finishing, transcripts."""

import json
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape, linebreaks

from .models import (
    ConsultationComment,
    ConsultationPage,
    ConsultationState,
    FeedbackReminder,
    InterviewPage,
    InterviewPost,
    InterviewQuestion,
    ModerationStatus,
)

logger = logging.getLogger(__name__)


def _local(moment) -> str:
    return f"{timezone.localtime(moment):%Y年%m月%d日 %H:%M}"


# -- 意见征集 ---------------------------------------------------------------------


@transaction.atomic
def comment_submit(
    *, consultation: ConsultationPage, name: str = "", contact: str = "", body: str, now=None
) -> ConsultationComment:
    """Take one comment from the public, pending moderation; only while the window is open."""
    now = now or timezone.now()
    state = consultation.state(now)
    if state == ConsultationState.UPCOMING:
        raise ValidationError(
            f"本次意见征集将于{_local(consultation.opens_at)}开始，开始后才能提交意见。"
        )
    if state != ConsultationState.OPEN:
        raise ValidationError(
            f"本次意见征集已于{_local(consultation.closes_at)}结束，不再接收意见。"
        )
    comment = ConsultationComment(
        consultation=consultation,
        name=name.strip(),
        contact=contact.strip(),
        body=body.strip(),
        submitted_at=now,
    )
    comment.full_clean()
    comment.save()
    from django.db import connection

    from cluster.tasks.api import enqueue_on_commit

    from .tasks import consultation_figures_refresh

    enqueue_on_commit(consultation_figures_refresh, schema=connection.schema_name)
    return comment


def _moderate(item, *, status: str, user, reason: str = ""):
    item.status = status
    item.reject_reason = reason
    item.moderated_by = user
    item.moderated_at = timezone.now()
    item.save(update_fields=["status", "reject_reason", "moderated_by", "moderated_at"])
    return item


@transaction.atomic
def comment_approve(*, comment: ConsultationComment, user) -> ConsultationComment:
    return _moderate(comment, status=ModerationStatus.APPROVED, user=user)


@transaction.atomic
def comment_reject(*, comment: ConsultationComment, user, reason: str) -> ConsultationComment:
    """Keep the comment (it was received and is counted) but never show it."""
    if not reason.strip():
        raise ValidationError("请写明不予公开的理由。")
    return _moderate(comment, status=ModerationStatus.REJECTED, user=user, reason=reason.strip())


@transaction.atomic
def consultation_finish(*, consultation: ConsultationPage, user=None) -> ConsultationPage:
    """Mark the consultation finished (已反馈): only once its 采纳情况 is published.

    Called when the feedback page is published (sites/consultations/signals.py) and
    from the admin; refuses while there is no published feedback.
    """
    if timezone.now() < consultation.closes_at:
        raise ValidationError("意见征集尚未结束，不能办结。")
    if consultation.feedback_live() is None:
        raise ValidationError(
            "尚未发布意见采纳情况，不能办结：请先在本次意见征集下创建并发布“意见采纳情况”。"
        )
    if consultation.finished_at is None:
        consultation.finished_at = timezone.now()
        ConsultationPage.objects.filter(pk=consultation.pk).update(
            finished_at=consultation.finished_at
        )
        from wagtail.log_actions import log

        log(instance=consultation, action="consultations.finish", user=user)
    return consultation


@transaction.atomic
def consultation_reopen(*, consultation: ConsultationPage) -> ConsultationPage:
    """Its feedback was withdrawn: the consultation awaits feedback again (and reminders resume)."""
    if consultation.feedback_live() is None and consultation.finished_at is not None:
        consultation.finished_at = None
        ConsultationPage.objects.filter(pk=consultation.pk).update(finished_at=None)
    return consultation


def consultations_awaiting_feedback(now=None):
    """Closed consultations (published at least once) that are not finished."""
    now = now or timezone.now()
    return ConsultationPage.objects.filter(
        closes_at__lte=now, finished_at__isnull=True, first_published_at__isnull=False
    ).order_by("closes_at")


def _site_admin_emails() -> list[str]:
    """The site admins of the current site: its local accounts in the 站点管理员 group
    (projected from the platform's roles, docs/decisions/0002-accounts.md)."""
    from django.contrib.auth import get_user_model

    from cluster.accounts.roles import ROLE_GROUP_NAMES
    from cluster.tenants.models import SiteRole

    users = get_user_model().objects.filter(
        groups__name=ROLE_GROUP_NAMES[SiteRole.Role.SITE_ADMIN], is_active=True
    )
    return sorted({email for email in users.values_list("email", flat=True) if email})


def feedback_reminders_send(*, today=None) -> list[FeedbackReminder]:
    """Remind the site admin, once a day, of every closed consultation without feedback.

    Each reminder is recorded (one row per consultation and day, so a second run on the
    same day sends nothing) and mailed to the site's admins. Runs in the site's schema.
    """
    from django.core.mail import send_mail

    from cluster.tenants.selectors import tenant_current

    today = today or timezone.localdate()
    recipients = _site_admin_emails()
    tenant = tenant_current()
    site_name = tenant.name if tenant else ""
    sent = []
    for consultation in consultations_awaiting_feedback():
        with transaction.atomic():
            reminder, created = FeedbackReminder.objects.get_or_create(
                consultation=consultation,
                day=today,
                defaults={"recipients": json.dumps(recipients, ensure_ascii=False)},
            )
        if not created:
            continue
        sent.append(reminder)
        if not recipients:
            continue
        days = (today - timezone.localdate(consultation.closes_at)).days
        try:
            send_mail(
                subject=f"请发布意见采纳情况：{consultation.title}",
                message=(
                    f"{site_name}站点管理员：\n\n"
                    f"意见征集“{consultation.title}”已于{_local(consultation.closes_at)}结束"
                    f"（{days}天前），尚未发布意见采纳情况。\n"
                    "请在网站管理后台的“意见征集”中审核剩余意见，并在该征集下创建、发布“意见采纳情况”"
                    "（收到多少条意见、采纳了哪些、未采纳的理由）。发布后本提醒自动停止。\n"
                ),
                from_email=None,
                recipient_list=recipients,
            )
        except OSError:
            # Recorded all the same: the admin home panel shows it; tomorrow mails again.
            logger.exception("Feedback reminder mail for page %s failed", consultation.pk)
    return sent


# -- 在线访谈 ---------------------------------------------------------------------


def _transcript_made(interview_id: int) -> bool:
    # Read afresh: the interview a caller holds may predate the transcript.
    return InterviewPage.objects.filter(pk=interview_id, transcript_made_at__isnull=False).exists()


@transaction.atomic
def question_submit(
    *, interview: InterviewPage, name: str = "", body: str, now=None
) -> InterviewQuestion:
    now = now or timezone.now()
    if not interview.takes_questions(now):
        raise ValidationError("本期访谈已经结束，不再接收提问。")
    question = InterviewQuestion(interview=interview, name=name.strip(), body=body.strip())
    question.submitted_at = now
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_approve(*, question: InterviewQuestion, user) -> InterviewQuestion:
    return _moderate(question, status=ModerationStatus.APPROVED, user=user)


@transaction.atomic
def question_reject(*, question: InterviewQuestion, user, reason: str) -> InterviewQuestion:
    if not reason.strip():
        raise ValidationError("请写明不予公开的理由。")
    return _moderate(question, status=ModerationStatus.REJECTED, user=user, reason=reason.strip())


@transaction.atomic
def question_answer(
    *, question: InterviewQuestion, user, answer: str, answered_by_name: str
) -> InterviewQuestion:
    """Post the answer; a pending question is approved with it (answering is a moderation)."""
    if _transcript_made(question.interview_id):
        raise ValidationError("本期访谈已生成实录，不能再回答提问。")
    if question.status == ModerationStatus.REJECTED:
        raise ValidationError("该提问未通过审核，不能回答。")
    if not answer.strip():
        raise ValidationError("请填写回答内容。")
    if not answered_by_name.strip():
        raise ValidationError("请填写回答人。")
    if question.status == ModerationStatus.PENDING:
        _moderate(question, status=ModerationStatus.APPROVED, user=user)
    question.answer = answer.strip()
    question.answered_by_name = answered_by_name.strip()
    question.answered_at = timezone.now()
    question.save(update_fields=["answer", "answered_by_name", "answered_at"])
    return question


@transaction.atomic
def post_add(*, interview: InterviewPage, user, speaker: str, body: str) -> InterviewPost:
    if _transcript_made(interview.pk):
        raise ValidationError("本期访谈已生成实录，不能再发布访谈内容。")
    post = InterviewPost(
        interview=interview, speaker=speaker.strip(), body=body.strip(), posted_by=user
    )
    post.full_clean()
    post.save()
    return post


def transcript_html(interview: InterviewPage) -> str:
    """The 实录 of the live Q&A as rich text: every public entry, in the order it was shown."""
    parts = []
    for entry in interview.timeline():
        if entry.kind == "post":
            parts.append(f"<p><b>{escape(entry.speaker)}：</b>{escape(entry.body)}</p>")
            continue
        parts.append(f"<p><b>网友“{escape(entry.name_masked)}”提问：</b>{escape(entry.body)}</p>")
        if entry.answer:
            answer = linebreaks(escape(entry.answer))
            name = escape(entry.answered_by_name)
            parts.append(answer.replace("<p>", f"<p><b>{name}：</b>", 1))
    return "".join(parts)


@transaction.atomic
def interview_transcript_make(*, interview: InterviewPage, user, now=None) -> InterviewPage:
    """Freeze the live Q&A into the published transcript; once, after the interview ended."""
    from sites.core.sanitise import rich_text_clean

    now = now or timezone.now()
    interview = InterviewPage.objects.select_for_update().get(pk=interview.pk)
    if interview.transcript_made_at:
        raise ValidationError("本期访谈已经生成实录。")
    if now < interview.ends_at:
        raise ValidationError(f"访谈将于{_local(interview.ends_at)}结束，结束后才能生成实录。")
    if interview.has_unpublished_changes and interview.live:
        raise ValidationError("本页有尚未发布的修改，请先发布或放弃这些修改，再生成实录。")
    html = transcript_html(interview)
    if not html:
        raise ValidationError("本期访谈没有可以公开的问答和发言，无法生成实录。")
    page = interview
    page.transcript = rich_text_clean(html)
    page.transcript_made_at = now
    revision = page.save_revision(user=user, log_action=True)
    if page.live:
        revision.publish(user=user)
    page.refresh_from_db()
    return page
