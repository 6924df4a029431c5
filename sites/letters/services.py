"""Writes of 政民互动 letters: receive, work (assign → draft → review → answer), publish,
close, rate, and transfer to another site of the cluster.

Every change is one transaction ending in one history row. Anything another site or the
platform must learn (a transfer, progress on a transferred letter, the statistics) leaves
through the publish pipeline or a task queued after commit, never inside the request.
"""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from cluster.tasks import pipeline
from cluster.tasks.api import enqueue_on_commit
from cluster.tenants.models import Tenant
from cluster.tenants.selectors import tenant_current
from sites.disclosure.services import QUERY_CODE_ALPHABET, sequence_next
from sites.disclosure.workdays import is_working_day

from .models import (
    OPEN_STATUSES,
    REPLIED_STATUSES,
    Letter,
    LetterAttachment,
    LetterEvent,
    LetterStatus,
    LetterType,
)

Event = LetterEvent.Kind

# Pipeline events of letters (consumers in sites/letters/transfer.py).
LETTER_TRANSFERRED = "letter.transferred"  # schema: the sending site
LETTER_PROGRESS = "letter.progress"  # schema: the receiving site; reported to the origin


def _query_code_digest(tracking_number: str, code: str) -> str:
    # The same on every site of the cluster (one SECRET_KEY): a transferred letter keeps
    # the code its writer was given.
    return salted_hmac(
        "letters.query_code", f"{tracking_number}:{code.upper()}", algorithm="sha256"
    ).hexdigest()


def _first_clock_day(received_at: datetime.datetime) -> datetime.date:
    day = timezone.localdate(received_at)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def _site_name() -> str:
    tenant = tenant_current()
    return tenant.name if tenant else ""


def _actor_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _event(letter: Letter, kind: str, user=None, note: str = "", **fields) -> LetterEvent:
    event = LetterEvent.objects.create(
        letter=letter,
        kind=kind,
        actor=user,
        actor_name=_actor_name(user),
        site_name=_site_name(),
        note=note,
        **fields,
    )
    if letter.origin_schema and event.is_public:
        # A letter transferred in: the site that sent it follows its progress.
        pipeline.emit(
            pipeline.Event(
                kind=LETTER_PROGRESS,
                schema=connection.schema_name,
                data={
                    "origin_schema": letter.origin_schema,
                    "origin_letter_id": letter.origin_letter_id,
                    "kind": event.kind,
                    "at": event.at.isoformat(),
                    "site_name": event.site_name,
                    "note": event.note,
                    "key": str(event.key),
                },
            )
        )
    return event


def _figures_refresh() -> None:
    from .tasks import letter_figures_refresh

    enqueue_on_commit(letter_figures_refresh, schema=connection.schema_name)


def _require(letter: Letter, allowed, action: str) -> None:
    if letter.status not in allowed:
        raise ValidationError(f"信件当前状态为“{letter.get_status_display()}”，不能{action}。")


# -- the public side ------------------------------------------------------------------


@transaction.atomic
def letter_submit(*, letter_type: LetterType, data: dict, files=(), now=None) -> tuple[Letter, str]:
    """Register a letter; returns it and its query code (shown once, stored hashed)."""
    if not letter_type.active:
        raise ValidationError("该信箱暂停接收来信，请选择其他信件类型。")
    now = now or timezone.now()
    tenant = tenant_current()
    year = timezone.localdate(now).year
    letter = Letter(**data, letter_type=letter_type, received_at=now)
    # The site's number in the registry makes the tracking number unique in the cluster,
    # so it can follow the letter to another site.
    letter.tracking_number = f"XJ{year}{tenant.pk:04d}{sequence_next(f'letter:{year}'):05d}"
    code = "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(8))
    letter.query_code_digest = _query_code_digest(letter.tracking_number, code)
    letter.clock_started_on = _first_clock_day(now)
    letter.reply_working_days = letter_type.reply_working_days
    letter.due_on = Letter.due_date(letter.clock_started_on, letter.reply_working_days)
    letter.full_clean()
    letter.save()
    for upload in files:
        LetterAttachment.objects.create(
            letter=letter, file=upload, name=upload.name, size=upload.size
        )
    _event(letter, Event.SUBMITTED, note=f"来信类型：{letter_type.name}。", at=now)
    if letter.email:
        from .tasks import letter_mail

        letter_mail.enqueue(letter.pk, "receipt", code)
    _figures_refresh()
    return letter, code


def letter_lookup(*, tracking_number: str, query_code: str) -> Letter | None:
    tracking_number = tracking_number.strip().upper()
    letter = Letter.objects.filter(tracking_number=tracking_number).first()
    if letter is None:
        # The same work either way: timing says nothing about which numbers exist.
        _query_code_digest(tracking_number, query_code)
        return None
    if constant_time_compare(
        letter.query_code_digest, _query_code_digest(tracking_number, query_code.strip())
    ):
        return letter
    return None


@transaction.atomic
def letter_rate(*, letter: Letter, rating: str, comment: str = "") -> Letter:
    """The writer's satisfaction, once, after the answer."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.status not in REPLIED_STATUSES:
        raise ValidationError("信件答复后才能评价。")
    if letter.rating:
        raise ValidationError("您已经评价过这封信件。")
    letter.rating = rating
    letter.rating_comment = comment.strip()
    letter.rated_at = timezone.now()
    letter.save(update_fields=["rating", "rating_comment", "rated_at"])
    _event(letter, Event.RATED, note=letter.get_rating_display())
    _figures_refresh()
    return letter


# -- the office ------------------------------------------------------------------------


def site_staff():
    """The people with a role on this site (its local users in a role's group)."""
    from django.contrib.auth import get_user_model

    from cluster.accounts.roles import ROLE_GROUP_NAMES

    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=ROLE_GROUP_NAMES.values())
        .distinct()
        .order_by("username")
    )


@transaction.atomic
def letter_assign(*, letter: Letter, user, assignee, note: str = "") -> Letter:
    _require(letter, OPEN_STATUSES, "分派")
    if not site_staff().filter(pk=assignee.pk).exists():
        raise ValidationError("只能分派给本站点的工作人员。")
    letter.assignee = assignee
    if letter.status == LetterStatus.RECEIVED:
        letter.status = LetterStatus.IN_PROGRESS
    letter.save(update_fields=["assignee", "status"])
    _event(letter, Event.ASSIGNED, user, f"承办人：{_actor_name(assignee)}。{note}".strip())
    return letter


@transaction.atomic
def letter_draft(*, letter: Letter, user, reply: str, reply_unit: str) -> Letter:
    _require(letter, {LetterStatus.RECEIVED, LetterStatus.IN_PROGRESS}, "拟写答复")
    if not reply.strip():
        raise ValidationError("请填写答复内容。")
    letter.reply = reply.strip()
    letter.reply_unit = reply_unit.strip() or _site_name()
    letter.status = LetterStatus.IN_PROGRESS
    if letter.assignee_id is None:
        letter.assignee = user
    letter.save(update_fields=["reply", "reply_unit", "status", "assignee"])
    _event(letter, Event.DRAFTED, user)
    return letter


@transaction.atomic
def letter_submit_for_review(*, letter: Letter, user, note: str = "") -> Letter:
    _require(letter, {LetterStatus.IN_PROGRESS}, "提交审核")
    if not letter.reply.strip():
        raise ValidationError("请先拟写答复内容。")
    letter.status = LetterStatus.IN_REVIEW
    letter.save(update_fields=["status"])
    _event(letter, Event.SUBMITTED_FOR_REVIEW, user, note)
    return letter


@transaction.atomic
def letter_return(*, letter: Letter, user, note: str) -> Letter:
    _require(letter, {LetterStatus.IN_REVIEW}, "退回")
    if not note.strip():
        raise ValidationError("请写明退回修改的意见。")
    letter.status = LetterStatus.IN_PROGRESS
    letter.save(update_fields=["status"])
    _event(letter, Event.RETURNED, user, note)
    return letter


@transaction.atomic
def letter_approve(*, letter: Letter, user, note: str = "", now=None) -> Letter:
    """The reviewer approves the draft: the writer is answered now."""
    _require(letter, {LetterStatus.IN_REVIEW}, "审核通过并答复")
    letter.status = LetterStatus.ANSWERED
    letter.replied_at = now or timezone.now()
    letter.save(update_fields=["status", "replied_at"])
    _event(letter, Event.ANSWERED, user, note, at=letter.replied_at)
    if letter.email:
        from .tasks import letter_mail

        letter_mail.enqueue(letter.pk, "answered", "")
    _figures_refresh()
    return letter


@transaction.atomic
def letter_publish(*, letter: Letter, user, published: bool) -> Letter:
    if published:
        if not letter.publish_consent:
            raise ValidationError("来信人未同意公开，这封信件不能公开。")
        _require(letter, REPLIED_STATUSES, "公开")
    letter.published = published
    letter.save(update_fields=["published"])
    _event(letter, Event.PUBLISHED if published else Event.UNPUBLISHED, user)
    return letter


@transaction.atomic
def letter_close(*, letter: Letter, user, note: str = "") -> Letter:
    """办结. An open letter can be closed only with a reason (重复来信, 无效信件 …)."""
    _require(letter, {*OPEN_STATUSES, LetterStatus.ANSWERED}, "办结")
    if letter.is_open and not note.strip():
        raise ValidationError("未答复的信件办结时，请写明理由（如重复来信、内容无效）。")
    letter.status = LetterStatus.CLOSED
    letter.closed_at = timezone.now()
    letter.save(update_fields=["status", "closed_at"])
    _event(letter, Event.CLOSED, user, note)
    _figures_refresh()
    return letter


def transfer_targets():
    """The sites a letter can go to: every other active site of the cluster."""
    tenant = tenant_current()
    return (
        Tenant.objects.exclude(schema_name="public")
        .exclude(pk=tenant.pk)
        .filter(status=Tenant.Status.ACTIVE)
        .order_by("level", "name")
    )


@transaction.atomic
def letter_transfer(*, letter: Letter, user, target: Tenant, note: str) -> Letter:
    """转办: the letter goes to the site that should answer it; its clock keeps running.

    Here the letter is marked transferred and withdrawn from this site's public pages; the
    copy is written in the target's schema by the pipeline's consumer (transfer.py) after
    commit, retried if it fails, and the outcome shows in both histories.
    """
    _require(letter, OPEN_STATUSES, "转办")
    if not transfer_targets().filter(pk=target.pk).exists():
        raise ValidationError("只能转办给本站群中正常运行的其他站点。")
    if not note.strip():
        raise ValidationError("请写明转办理由。")
    letter.status = LetterStatus.TRANSFERRED
    letter.published = False
    letter.transferred_to_schema = target.schema_name
    letter.transferred_to_name = target.name
    letter.transferred_to_url = target.url()
    letter.save(
        update_fields=[
            "status",
            "published",
            "transferred_to_schema",
            "transferred_to_name",
            "transferred_to_url",
        ]
    )
    _event(letter, Event.TRANSFERRED, user, f"转至{target.name}办理：{note.strip()}")
    pipeline.emit(
        pipeline.Event(
            kind=LETTER_TRANSFERRED,
            schema=connection.schema_name,
            data={"letter_id": letter.pk, "target": target.schema_name},
        )
    )
    _figures_refresh()
    return letter
