"""转办 across the cluster: the publish pipeline's consumers that move a letter between sites.

``letter.transferred`` runs in the sending site's schema: it reads the letter with its
history and attachments, writes the copy into the receiving site's schema (same tracking
number, query code, received time and deadline: the clock keeps running) and notes the
receipt in the sender's history. ``letter.progress`` runs in the receiving site and
reports its public steps (answered, closed, rated) back into the sender's history, so
both sides see the whole story. Both are idempotent: a redelivery adds nothing.
"""

import logging

from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django_tenants.utils import schema_context

from cluster.tasks import pipeline
from cluster.tenants.models import Tenant

from .models import Letter, LetterAttachment, LetterEvent, LetterStatus, LetterType
from .services import LETTER_PROGRESS, LETTER_TRANSFERRED

logger = logging.getLogger(__name__)

TRANSFER = "letters.transfer"
PROGRESS = "letters.progress"

COPIED_FIELDS = [
    "tracking_number",
    "query_code_digest",
    "subject",
    "body",
    "name",
    "phone",
    "email",
    "address",
    "publish_consent",
    "received_at",
    "clock_started_on",
    "reply_working_days",
    "due_on",
]


def _target_type(source_type_name: str, source_type_slug: str) -> LetterType:
    """The receiving site's mailbox of the same name or code, else its first one."""
    return (
        LetterType.objects.filter(name=source_type_name).first()
        or LetterType.objects.filter(slug=source_type_slug).first()
        or LetterType.objects.order_by("-active", "sort_order", "pk").first()
    )


def letter_transfer_apply(event: pipeline.Event) -> None:
    source_schema = event.schema
    letter = Letter.objects.select_related("letter_type").filter(pk=event.data["letter_id"]).first()
    if letter is None or letter.status != LetterStatus.TRANSFERRED:
        return  # withdrawn or deleted since: nothing to send
    target = Tenant.objects.get(schema_name=event.data["target"])
    source = Tenant.objects.get(schema_name=source_schema)
    events = list(letter.events.all())
    files = []
    for attachment in letter.attachments.all():
        with attachment.file.open("rb") as handle:
            files.append((attachment.name, handle.read()))

    with schema_context(target.schema_name):
        copy = Letter.objects.filter(
            origin_schema=source_schema, origin_letter_id=letter.pk
        ).first()
        if copy is None:
            copy = Letter(
                **{name: getattr(letter, name) for name in COPIED_FIELDS},
                letter_type=_target_type(letter.letter_type.name, letter.letter_type.slug),
                origin_schema=source_schema,
                origin_letter_id=letter.pk,
                origin_site_name=source.name,
            )
            copy.save()
            LetterEvent.objects.bulk_create(
                LetterEvent(
                    letter=copy,
                    kind=item.kind,
                    at=item.at,
                    site_name=item.site_name,
                    actor_name=item.actor_name,
                    note=item.note,
                    key=item.key,
                )
                for item in events
            )
            for name, content in files:
                LetterAttachment.objects.create(
                    letter=copy, file=ContentFile(content, name=name), name=name, size=len(content)
                )
            received = LetterEvent.objects.create(
                letter=copy,
                kind=LetterEvent.Kind.TRANSFER_RECEIVED,
                site_name=target.name,
                note=f"由{source.name}转来，答复期限不变（{copy.due_on:%Y年%m月%d日}）。",
            )
            from .tasks import letter_figures_refresh

            pipeline.enqueue(letter_figures_refresh, schema=target.schema_name)
        else:
            received = copy.events.filter(kind=LetterEvent.Kind.TRANSFER_RECEIVED).first()

    if received is not None and not letter.events.filter(key=received.key).exists():
        LetterEvent.objects.create(
            letter=letter,
            kind=LetterEvent.Kind.TRANSFER_RECEIVED,
            at=received.at,
            site_name=target.name,
            note=f"{target.name}已接收。",
            key=received.key,
        )


def letter_transfer_failed(event: pipeline.Event, error: str, attempt: int, final: bool) -> None:
    """After the last attempt the letter comes back to the sending office's queue."""
    if not final:
        return
    letter = Letter.objects.filter(
        pk=event.data["letter_id"], status=LetterStatus.TRANSFERRED
    ).first()
    if letter is None:
        return
    letter.status = LetterStatus.IN_PROGRESS
    letter.transferred_to_schema = letter.transferred_to_name = letter.transferred_to_url = ""
    letter.save(
        update_fields=[
            "status",
            "transferred_to_schema",
            "transferred_to_name",
            "transferred_to_url",
        ]
    )
    LetterEvent.objects.create(
        letter=letter,
        kind=LetterEvent.Kind.TRANSFER_FAILED,
        note="转办未能送达，信件已退回本单位办理，请重新转办或自行答复。",
    )


def letter_progress_report(event: pipeline.Event) -> None:
    data = event.data
    with schema_context(data["origin_schema"]):
        letter = Letter.objects.filter(pk=data["origin_letter_id"]).first()
        if letter is None or letter.events.filter(key=data["key"]).exists():
            return
        LetterEvent.objects.create(
            letter=letter,
            kind=data["kind"],
            at=parse_datetime(data["at"]) or timezone.now(),
            site_name=data["site_name"],
            note=data["note"],
            key=data["key"],
        )
    logger.info("Reported %s of letter %s from %s", data["kind"], letter.pk, connection.schema_name)


def register() -> None:
    pipeline.register(
        TRANSFER,
        letter_transfer_apply,
        kinds={LETTER_TRANSFERRED},
        on_failure=letter_transfer_failed,
    )
    pipeline.register(PROGRESS, letter_progress_report, kinds={LETTER_PROGRESS})
