"""Writes of the disclosure workflow: 索引号, and the life of a 依申请公开 request."""

import datetime
import logging
import secrets

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from cluster.tenants.selectors import tenant_current

from .models import (
    DisclosureSettings,
    IndexNumberRecord,
    InformationRequest,
    InformationRequestEvent,
    SiteSequence,
)
from .models.requests import (
    MAX_EXTENSION_WORKING_DAYS,
    OPEN_STATUSES,
    PAUSED_STATUSES,
    RequestStatus,
)
from .statutory import OUTCOME_LABELS
from .workdays import is_working_day

logger = logging.getLogger(__name__)
Event = InformationRequestEvent.Kind


def sequence_next(key: str) -> int:
    """The next value of a site counter; concurrent callers each get their own.

    One upsert statement: PostgreSQL takes the row lock, so a second transaction
    waits for the first to commit and then increments past it.
    """
    table = SiteSequence._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, last_value) VALUES (%s, 1) "  # noqa: S608 - table name is ours
            f"ON CONFLICT (key) DO UPDATE SET last_value = {table}.last_value + 1 "
            "RETURNING last_value",
            [key],
        )
        return cursor.fetchone()[0]


def index_number_format(pattern: str, **values) -> str:
    return pattern.format(**values)


def index_number_issue(*, page) -> str:
    """The page's 索引号, issued once at first publish (see PolicyDocumentPage.save).

    Every issued number is recorded and the record outlives the page, so a number
    is never issued twice, even after the page is deleted or the pattern changed.
    """
    tenant = tenant_current()
    pattern = DisclosureSettings.load().index_number_pattern
    year = timezone.localdate(page.first_published_at or timezone.now()).year
    with transaction.atomic():
        while True:
            number = index_number_format(
                pattern,
                credit_code=tenant.credit_code,
                site_code=tenant.site_code,
                year=year,
                seq=sequence_next(f"index:{year}"),
            )
            with transaction.atomic():
                _record, created = IndexNumberRecord.objects.get_or_create(
                    number=number, defaults={"page_id_at_issue": page.pk or 0}
                )
            if created:
                return number
            logger.warning("索引号 %s was issued before; taking the next one.", number)


# -- 依申请公开 ---------------------------------------------------------------


def _query_code_digest(tracking_number: str, code: str) -> str:
    return salted_hmac(
        "disclosure.request.query_code", f"{tracking_number}:{code.upper()}"
    ).hexdigest()


def _first_clock_day(received_at: datetime.datetime) -> datetime.date:
    # A request received on a rest day counts as received on the next working day.
    day = timezone.localdate(received_at)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


QUERY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@transaction.atomic
def request_submit(
    *, data: dict, received_via: str = "online", user=None, now=None
) -> tuple[InformationRequest, str]:
    """Register a request; returns it and its query code (shown and mailed once, stored hashed).

    `now` is the moment of registration (the clock, unless a test or an import of an
    older register says otherwise); a request cannot have been received after it.
    """
    data = dict(data)
    now = now or timezone.now()
    received_at = data.pop("received_at", None) or now
    if received_at > now:
        raise ValidationError(
            {"received_at": "收到申请时间不能晚于当前时间：请填写实际收到申请的时间。"}
        )
    year = timezone.localdate(received_at).year
    request = InformationRequest(**data, received_via=received_via, received_at=received_at)
    request.tracking_number = f"YSQ{year}{sequence_next(f'request:{year}'):05d}"
    code = "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(8))
    request.query_code_digest = _query_code_digest(request.tracking_number, code)
    request.clock_started_on = _first_clock_day(received_at)
    request.full_clean()
    request.save()
    InformationRequestEvent.objects.create(
        request=request,
        kind=Event.SUBMITTED,
        at=received_at,
        actor=user,
        note=f"通过{request.get_received_via_display()}提交。",
    )
    if request.email:
        from .tasks import request_receipt_email

        # Queued in this transaction: the worker only sees it once the request is saved.
        request_receipt_email.enqueue(request.pk, code)
    return request, code


def request_lookup(*, tracking_number: str, query_code: str) -> InformationRequest | None:
    request = InformationRequest.objects.filter(
        tracking_number=tracking_number.strip().upper()
    ).first()
    if request is None:
        # Spend the same work either way, so timing says nothing about which numbers exist.
        _query_code_digest(tracking_number, query_code)
        return None
    if constant_time_compare(
        request.query_code_digest, _query_code_digest(request.tracking_number, query_code.strip())
    ):
        return request
    return None


def _require_status(request: InformationRequest, allowed, action: str) -> None:
    if request.status not in allowed:
        raise ValidationError(f"申请当前状态为“{request.get_status_display()}”，不能{action}。")


def _event(request, kind, user, note=""):
    InformationRequestEvent.objects.create(request=request, kind=kind, actor=user, note=note)


@transaction.atomic
def request_ask_supplement(
    *, request: InformationRequest, user, note: str, today=None
) -> InformationRequest:
    """条例 Art. 30: ask once, within 7 working days, for a clearer request; the clock stops."""
    today = today or timezone.localdate()
    _require_status(request, {RequestStatus.RECEIVED}, "告知补正")
    if request.events.filter(kind=Event.SUPPLEMENT_REQUESTED).exists():
        raise ValidationError("补正只能一次性告知，本申请已经告知过补正。")
    if today > request.supplement_request_deadline():
        raise ValidationError(
            f"告知补正须在收到申请之日起7个工作日内（{request.supplement_request_deadline():%Y-%m-%d}前）作出。"
        )
    if not note.strip():
        raise ValidationError("请写明需要补正的事项。")
    request.status = RequestStatus.SUPPLEMENT
    request.paused_since = today
    request.save(update_fields=["status", "paused_since"])
    _event(request, Event.SUPPLEMENT_REQUESTED, user, note)
    return request


@transaction.atomic
def request_supplement_received(*, request: InformationRequest, user, note: str = "", today=None):
    """The answer period starts again from the day the supplement is received."""
    today = today or timezone.localdate()
    _require_status(request, {RequestStatus.SUPPLEMENT}, "登记补正")
    request.status = RequestStatus.RECEIVED
    request.paused_since = None
    request.paused_working_days = 0
    request.clock_started_on = today
    request.save(
        update_fields=["status", "paused_since", "paused_working_days", "clock_started_on"]
    )
    _event(request, Event.SUPPLEMENT_RECEIVED, user, note)
    return request


@transaction.atomic
def request_third_party_start(*, request: InformationRequest, user, note: str, today=None):
    """条例 Art. 32: the time taken by the third party is not counted."""
    _require_status(request, {RequestStatus.RECEIVED}, "征求第三方意见")
    if not note.strip():
        raise ValidationError("请写明征求意见的第三方和事项。")
    request.status = RequestStatus.THIRD_PARTY
    request.paused_since = today or timezone.localdate()
    request.save(update_fields=["status", "paused_since"])
    _event(request, Event.THIRD_PARTY_STARTED, user, note)
    return request


@transaction.atomic
def request_third_party_end(*, request: InformationRequest, user, note: str = "", today=None):
    from .workdays import working_days_between

    today = today or timezone.localdate()
    _require_status(request, {RequestStatus.THIRD_PARTY}, "结束征求意见")
    request.paused_working_days += working_days_between(request.paused_since, today)
    request.paused_since = None
    request.status = RequestStatus.RECEIVED
    request.save(update_fields=["status", "paused_since", "paused_working_days"])
    _event(request, Event.THIRD_PARTY_ENDED, user, note)
    return request


@transaction.atomic
def request_extend(*, request: InformationRequest, user, days: int, reason: str, today=None):
    """条例 Art. 33: once, by at most 20 working days, with the office head's consent and a reason."""
    today = today or timezone.localdate()
    _require_status(request, OPEN_STATUSES, "延期")
    if request.extended_days:
        raise ValidationError("答复期限只能延长一次，本申请已经延期。")
    if not 1 <= days <= MAX_EXTENSION_WORKING_DAYS:
        raise ValidationError(f"延长的期限应为1至{MAX_EXTENSION_WORKING_DAYS}个工作日。")
    if not reason.strip():
        raise ValidationError("请写明延期理由。")
    if today > request.deadline(today):
        raise ValidationError("答复期限已过，不能再延期。")
    request.extended_days = days
    request.extension_reason = reason
    request.save(update_fields=["extended_days", "extension_reason"])
    _event(request, Event.EXTENDED, user, f"延长{days}个工作日：{reason}")
    return request


def _answer_date_check(request: InformationRequest, answered_on, today) -> None:
    """The answer date records what happened: not in the future, not before the request.

    An answer dated before the receipt would also move the request into an earlier
    year of the annual report and unbalance that year's table 三.
    """
    if answered_on > today:
        raise ValidationError(f"答复日期不能晚于今天（{today:%Y-%m-%d}）。")
    received_on = timezone.localdate(request.received_at)
    if answered_on < received_on:
        raise ValidationError(f"答复日期不能早于收到申请的日期（{received_on:%Y-%m-%d}）。")
    if request.paused_since and answered_on < request.paused_since:
        raise ValidationError(
            f"答复日期不能早于本申请暂停计算期限的日期（{request.paused_since:%Y-%m-%d}）。"
        )


@transaction.atomic
def request_answer(
    *, request: InformationRequest, user, outcome: str, reply: str, answered_on=None, today=None
):
    """Record the answer. `answered_on` is the day it was given (today unless registered later)."""
    today = today or timezone.localdate()
    answered_on = answered_on or today
    _require_status(request, OPEN_STATUSES, "答复")
    if outcome not in OUTCOME_LABELS:
        raise ValidationError("请选择年度报告规定的办理结果类别。")
    if not reply.strip():
        raise ValidationError("请填写答复内容。")
    _answer_date_check(request, answered_on, today)
    if request.status == RequestStatus.THIRD_PARTY:
        request_third_party_end(
            request=request, user=user, note="作出答复，结束征求意见。", today=answered_on
        )
    request.status = RequestStatus.ANSWERED
    request.paused_since = None
    request.outcome = outcome
    request.reply = reply
    request.answered_on = answered_on
    request.save()
    _event(request, Event.ANSWERED, user, OUTCOME_LABELS[outcome])
    return request


@transaction.atomic
def request_close(*, request: InformationRequest, user, note: str = "", today=None):
    _require_status(request, {RequestStatus.ANSWERED}, "办结")
    request.status = RequestStatus.CLOSED
    request.closed_on = today or timezone.localdate()
    request.save(update_fields=["status", "closed_on"])
    _event(request, Event.CLOSED, user, note)
    return request


def _date_label(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@transaction.atomic
def request_deadlines_recompute(*, basis: str = "") -> list[InformationRequest]:
    """Recompute stored deadlines after a holiday arrangement changed; record each change.

    Running requests, and answered ones still held to a provisional deadline. Paused
    requests store none (theirs moves daily and is computed when shown). Idempotent:
    a second run finds nothing changed and records nothing.
    """
    changed = []
    candidates = InformationRequest.objects.select_for_update().filter(
        Q(status=RequestStatus.RECEIVED) | Q(due_provisional=True)
    )
    for request in candidates.exclude(status__in=PAUSED_STATUSES):
        before, was_provisional = request.due_on, request.due_provisional
        if not request.deadline_refresh():
            continue
        request.save(update_fields=["due_on", "due_provisional"])
        if before is None:
            note = f"答复期限为{_date_label(request.due_on)}。"
        elif before != request.due_on:
            note = f"答复期限由{_date_label(before)}调整为{_date_label(request.due_on)}。"
        else:
            note = f"答复期限{_date_label(request.due_on)}不变。"
        if was_provisional and not request.due_provisional:
            note += "已按公布的节假日安排确认，不再为暂计。"
        elif request.due_provisional:
            note += "含未公布节假日安排的年份，期限为暂计。"
        _event(request, Event.DEADLINE_CHANGED, None, note + basis)
        changed.append(request)
    return changed
