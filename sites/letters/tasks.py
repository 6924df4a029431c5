"""Background work of the letters office: mail to writers, and the statistics kept as data."""

import datetime
import logging

from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from cluster.tasks.api import active_site_schemas, enqueue, periodic_ensure

logger = logging.getLogger(__name__)

MAIL_ATTEMPTS = 5
# The statistics' "overdue" moves with the calendar: every site recounts once a day.
DAILY_SECONDS = 24 * 3600


def _letter_box_url() -> str:
    from .models import LetterBoxPage

    page = LetterBoxPage.objects.live().first()
    return page.full_url if page else ""


@task()
def letter_mail(letter_pk: int, kind: str, query_code: str = "", attempt: int = 1) -> None:
    """Mail the writer: the receipt (with the query code, once) or the news of an answer."""
    from .models import Letter

    letter = Letter.objects.select_related("letter_type").get(pk=letter_pk)
    lookup = f"{_letter_box_url()}lookup/"
    if kind == "receipt":
        subject = f"您的来信已收到（{letter.tracking_number}）"
        message = (
            f"{letter.name}：\n\n我们已于{timezone.localtime(letter.received_at):%Y年%m月%d日 %H:%M}"
            f"收到您的来信《{letter.subject}》（{letter.letter_type.name}）。\n"
            f"信件编号：{letter.tracking_number}\n查询码：{query_code}\n"
            f"答复期限：{letter.due_on:%Y年%m月%d日}（{letter.reply_working_days}个工作日）\n"
            f"查询办理情况：{lookup}\n\n请妥善保管查询码，我们不会通过电话向您索取。"
        )
    else:
        subject = f"您的来信已答复（{letter.tracking_number}）"
        message = (
            f"{letter.name}：\n\n您的来信《{letter.subject}》已于"
            f"{timezone.localtime(letter.replied_at):%Y年%m月%d日}答复。"
            f"请凭信件编号和查询码查看答复内容并评价：{lookup}"
        )
    try:
        send_mail(subject, message, None, [letter.email])
    except OSError:
        if attempt >= MAIL_ATTEMPTS:
            raise
        logger.exception("Mail for letter %s failed (attempt %s).", letter.tracking_number, attempt)
        retry_at = timezone.now() + datetime.timedelta(minutes=5 * 2**attempt)
        letter_mail.using(run_after=retry_at).enqueue(letter_pk, kind, query_code, attempt + 1)


@task()
def letter_figures_refresh() -> int:
    """Recount this site's letter statistics and store them in the platform's figures."""
    from cluster.figures.services import figures_replace
    from cluster.tenants.selectors import tenant_current

    from .selectors import letter_figures

    tenant = tenant_current()
    if tenant is None:
        return 0
    return figures_replace(tenant=tenant, source="letters", rows=letter_figures())


@task()
def letter_figures_daily() -> int:
    """Queue every active site's recount, then come back tomorrow (started by the worker)."""
    schemas = active_site_schemas()
    for schema in schemas:
        enqueue(letter_figures_refresh, schema=schema)
    letter_figures_daily_ensure(delay_seconds=DAILY_SECONDS)
    return len(schemas)


def letter_figures_daily_ensure(*, delay_seconds: int = 0) -> None:
    """Keep exactly one daily recount queued (the worker calls this on start)."""
    periodic_ensure(
        letter_figures_daily,
        run_after=timezone.now() + datetime.timedelta(seconds=delay_seconds),
    )
