import datetime
import itertools

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_tenants.utils import schema_context

from sites.disclosure.models import (
    InterpretationLink,
    InterpretationPage,
    PolicyDocumentIssuer,
    PolicyDocumentPage,
)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


_serials = itertools.count(1000)


def category(slug="art20-01"):
    from wagtail.models import Page

    return Page.objects.get(slug=slug, depth=5).specific


def make_document(parent=None, *, publish=True, published_at=None, **fields) -> PolicyDocumentPage:
    """A policy document in the current schema, published unless told otherwise."""
    values = {
        "title": "关于做好政务公开工作的通知",
        "topic": "0101",
        "doctype": "tongzhi",
        "genre": "qtwj",
        "written_date": datetime.date(2026, 1, 5),
        # Each document its own number: two current documents may not share one.
        "document_number": f"甲政发〔2026〕{next(_serials)}号",
        **fields,
    }
    page = PolicyDocumentPage(
        **values, live=False, issuers=[PolicyDocumentIssuer(name="甲市人民政府")]
    )
    page.full_clean(exclude=["path", "depth", "slug"] if not page.slug else ["path", "depth"])
    if published_at:
        page.first_published_at = published_at
    (parent or category()).add_child(instance=page)
    if publish:
        page.save_revision().publish()
        page.refresh_from_db()
    return page


def make_interpretation(document, *, publish=True, **fields) -> InterpretationPage:
    """An interpretation of ``document`` in the current schema's 政策解读 column, published
    unless told otherwise."""
    from wagtail.models import Page

    values = {"title": f"《{document.title}》政策解读", "form": "qa", **fields}
    page = InterpretationPage(
        **values, live=False, document_links=[InterpretationLink(document=document)]
    )
    Page.objects.get(slug="zcjd").add_child(instance=page)
    if publish:
        page.save_revision().publish()
    return page


@pytest.fixture
def in_alpha(alpha):
    with schema_context("site_alpha"):
        yield alpha


def aware(year, month, day, hour=10):
    return datetime.datetime(year, month, day, hour, tzinfo=timezone.get_current_timezone())
