import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_tenants.utils import schema_context


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def in_alpha(alpha):
    with schema_context("site_alpha"):
        yield alpha


def aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


LETTER = {
    "subject": "建议增加公交线路",
    "body": "我住在高新区，每天上班要换乘两次公交，建议开通一条直达市中心的线路。",
    "name": "王小明",
    "phone": "13912345678",
    "email": "",
    "address": "",
    "publish_consent": True,
}


def letter_new(kind: str = "ldxx", *, now=None, **overrides):
    from sites.letters.models import LetterType
    from sites.letters.services import letter_submit

    return letter_submit(
        letter_type=LetterType.objects.get(slug=kind), data={**LETTER, **overrides}, now=now
    )


def letter_answered(kind: str = "ldxx", *, user=None, now=None, replied=None, **overrides):
    from sites.letters import services

    letter, code = letter_new(kind, now=now, **overrides)
    services.letter_draft(letter=letter, user=user, reply="已收悉，正在研究。", reply_unit="")
    services.letter_submit_for_review(letter=letter, user=user)
    services.letter_approve(letter=letter, user=user, now=replied)
    return letter, code
