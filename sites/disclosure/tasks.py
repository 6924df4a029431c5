"""Background work of the disclosure office: mail that must not hold up a request, and
deadlines to recompute when a holiday arrangement changes."""

import datetime
import logging

from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

RECEIPT_ATTEMPTS = 5


@task()
def request_receipt_email(request_pk: int, query_code: str, attempt: int = 1) -> None:
    """Mail the applicant their tracking number and query code.

    A failed send is retried with growing delays; the last failure is left on the
    task result, where the worker's log and the task table show it.
    """
    from .models import InformationRequest, InformationRequestPage

    request = InformationRequest.objects.get(pk=request_pk)
    page = InformationRequestPage.objects.live().first()
    status_url = f"{page.full_url}status/" if page else ""
    provisional = (
        "（含未公布节假日安排的年份，期限为暂计；节假日安排公布后将重新计算，可通过查询页面查看）\n"
        if request.deadline_provisional()
        else ""
    )
    try:
        send_mail(
            subject=f"您的政府信息公开申请已收到（{request.tracking_number}）",
            message=(
                f"{request.name}：\n\n"
                f"我们已于{timezone.localtime(request.received_at):%Y年%m月%d日 %H:%M}收到您的政府信息公开申请。\n"
                f"申请编号：{request.tracking_number}\n查询码：{query_code}\n"
                f"答复期限：{request.deadline():%Y年%m月%d日}（20个工作日，补正、征求第三方意见期间不计算在内）\n"
                f"{provisional}"
                f"查询办理进度：{status_url}\n\n请妥善保管查询码，我们不会通过电话向您索取。"
            ),
            from_email=None,
            recipient_list=[request.email],
        )
    except OSError:
        if attempt >= RECEIPT_ATTEMPTS:
            raise
        logger.exception(
            "Receipt mail for %s failed (attempt %s); retrying.", request.tracking_number, attempt
        )
        retry_at = timezone.now() + datetime.timedelta(minutes=5 * 2**attempt)
        request_receipt_email.using(run_after=retry_at).enqueue(request_pk, query_code, attempt + 1)


@task()
def request_deadlines_recompute(year: int) -> int:
    """After the holiday arrangement of `year` changed: this site's deadlines, recomputed.

    Enqueued once per site, in its schema (sites/disclosure/handlers.py). Safe to run twice.
    """
    from cluster.workcalendar.models import HolidayArrangement
    from cluster.workcalendar.selectors import calendar_forget

    from .services import request_deadlines_recompute as recompute

    # This worker process may still hold the calendar from before the change.
    calendar_forget()
    arrangement = HolidayArrangement.objects.filter(year=year).first()
    if arrangement and arrangement.notice_number:
        basis = f"依据{year}年节假日安排（{arrangement.notice_number}）。"
    else:
        basis = f"{year}年节假日安排已变更。"
    changed = recompute(basis=basis)
    logger.info("Deadlines of %d requests changed after the %s arrangement.", len(changed), year)
    return len(changed)
