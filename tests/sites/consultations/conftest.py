import datetime

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.utils import timezone
from django_tenants.utils import schema_context
from wagtail.documents import get_document_model

from cluster.accounts.services import account_create, role_grant
from cluster.tenants.models import SiteRole
from sites.consultations.models import (
    ConsultationFeedbackPage,
    ConsultationIndexPage,
    ConsultationPage,
    InterviewGuest,
    InterviewIndexPage,
    InterviewPage,
)
from tests.conftest import PASSWORD

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def in_alpha(alpha):
    with schema_context("site_alpha"):
        yield alpha


@pytest.fixture
def alpha_moderators(alpha):
    """A site admin (with an e-mail address, for reminders) and an editor of alpha."""
    site_admin = account_create(
        username="alpha_site_admin",
        password=PASSWORD,
        name="甲站长",
        email="zhanzhang@alpha.example.gov.cn",
    )
    role_grant(user=site_admin, tenant=alpha, role=SiteRole.Role.SITE_ADMIN)
    return site_admin


def aware(year, month, day, hour=10, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=timezone.get_current_timezone())


def draft_document(title="征求意见稿"):
    document = get_document_model()(title=title)
    document.file.save("draft.txt", ContentFile("第一条　为了……制定本办法。".encode()))
    return document


def consultation_index():
    return ConsultationIndexPage.objects.get(slug="yjzj")


def make_consultation(*, opens_at=None, closes_at=None, publish=True, attach=True, **fields):
    now = timezone.now()
    values = {
        "title": "关于公开征求《某某管理办法（征求意见稿）》意见的公告",
        "intro": "<p>现向社会公开征求意见。</p>",
        "unit": "甲市司法局",
        "contact": "电话：0432-00000000",
        "opens_at": opens_at or now - DAY,
        "closes_at": closes_at or now + DAY,
        **fields,
    }
    if attach:
        values["attachments"] = [("attachment", {"document": draft_document(), "title": ""})]
    page = ConsultationPage(**values)
    consultation_index().add_child(instance=page)
    if publish:
        page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


def make_feedback(consultation, *, publish=True, **fields):
    values = {
        "title": "意见采纳情况",
        "adopted_count": 0,
        "partly_adopted_count": 0,
        "not_adopted_count": 0,
        "body": [("paragraph", "<p>采纳了关于投放时间的意见。</p>")],
        **fields,
    }
    page = ConsultationFeedbackPage(**values)
    consultation.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    return page


def make_interview(*, starts_at=None, ends_at=None, publish=True, **fields):
    now = timezone.now()
    values = {
        "title": "政策解读在线访谈",
        "intro": "<p>本期访谈解读养老服务政策。</p>",
        "starts_at": starts_at or now - HOUR,
        "ends_at": ends_at or now + HOUR,
        "guests": [InterviewGuest(name="周建华", position="市民政局副局长")],
        **fields,
    }
    page = InterviewPage(**values)
    InterviewIndexPage.objects.get(slug="zxft").add_child(instance=page)
    if publish:
        page.save_revision().publish()
    return InterviewPage.objects.get(pk=page.pk)
