"""Demo letters of the portal and the 市场监管局: answered and published ones, open ones
at different points of their clock, and one transferred from the portal to the 局."""

import datetime
import tomllib
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from cluster.onboarding.seeding import DemoContext, demo_step
from cluster.tenants.models import Tenant
from sites.disclosure.workdays import working_days_after

DATA = Path(__file__).resolve().parent / "demo_content" / "letters.toml"


def demo_letters(key: str) -> list[dict]:
    letters = tomllib.loads(DATA.read_text("utf-8"))["letter"]
    return [item for item in letters if item["site"] == key]


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


@demo_step(order=60)
@transaction.atomic
def letters_demo(context: DemoContext) -> None:
    from .models import Letter, LetterEvent, LetterType
    from .services import (
        letter_approve,
        letter_draft,
        letter_publish,
        letter_rate,
        letter_submit,
        letter_submit_for_review,
        letter_transfer,
    )

    items = demo_letters(context.key)
    if not items or Letter.objects.exists():
        return
    today = timezone.localdate()
    for item in items:
        received = _at(today - datetime.timedelta(days=item["days_ago"]), 10)
        data = {
            "subject": item["subject"],
            "body": item["body"],
            "name": item["name"],
            "phone": item["phone"],
            "publish_consent": item["consent"],
        }
        letter, _code = letter_submit(
            letter_type=LetterType.objects.get(slug=item["type"]), data=data, now=received
        )
        if "transfer_to" in item:
            letter_transfer(
                letter=letter,
                user=None,
                target=Tenant.objects.get(schema_name=item["transfer_to"]),
                note=item["transfer_note"],
            )
        elif "reply_after" in item:
            replied = _at(working_days_after(letter.clock_started_on, item["reply_after"]), 16)
            letter_draft(
                letter=letter, user=None, reply=item["reply"], reply_unit=item["reply_unit"]
            )
            letter_submit_for_review(letter=letter, user=None)
            letter_approve(letter=letter, user=None, now=replied)
            if item.get("published"):
                letter_publish(letter=letter, user=None, published=True)
            if rating := item.get("rating"):
                letter_rate(letter=letter, rating=rating)
            # The office's steps happened between receipt and answer, not today.
            LetterEvent.objects.filter(letter=letter).exclude(
                kind=LetterEvent.Kind.SUBMITTED
            ).update(at=replied)
            Letter.objects.filter(pk=letter.pk, rated_at__isnull=False).update(
                rated_at=replied + datetime.timedelta(days=1)
            )
    context.log(f"  {len(items)} 封政民互动来信")
