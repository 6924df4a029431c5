"""The letters office in the site admin: the queue with its clocks, and who may do what."""

import datetime

from cluster.accounts.services import account_create, role_grant
from cluster.tenants.models import SiteRole
from sites.letters.models import Letter, LetterStatus
from tests.conftest import PASSWORD, admin_login

from .conftest import aware, letter_new

D = datetime.date


def _reviewer(alpha):
    user = account_create(username="alpha_letters_reviewer", password=PASSWORD, name="甲审核")
    role_grant(user=user, tenant=alpha, role=SiteRole.Role.REVIEWER)
    return user


def test_the_queue_puts_overdue_letters_first_and_marks_them(in_alpha):
    letter_new("zx", now=aware(D(2026, 9, 28)), subject="早已超期的咨询")
    letter_new("ldxx", subject="刚收到的来信")
    client, _ = admin_login("alpha.localhost", "alpha_editor")
    page = client.get("/admin/letters/").content.decode()
    assert page.index("早已超期的咨询") < page.index("刚收到的来信")
    assert 'class="letter-overdue"' in page and "已超期" in page
    overdue_only = client.get("/admin/letters/?status=overdue").content.decode()
    assert "早已超期的咨询" in overdue_only and "刚收到的来信" not in overdue_only
    home = client.get("/admin/").content.decode()
    assert "1 封来信已超过答复期限" in home


def test_an_editor_drafts_and_a_reviewer_approves_through_the_admin(in_alpha, alpha):
    letter, _ = letter_new()
    editor, _ = admin_login("alpha.localhost", "alpha_editor")
    detail = editor.get(f"/admin/letters/{letter.pk}/").content.decode()
    assert letter.phone in detail  # the handler calls the writer back
    assert "审核通过并答复" not in detail
    editor.post(
        f"/admin/letters/{letter.pk}/draft/", {"reply": "已转交有关科室。", "reply_unit": "办公室"}
    )
    editor.post(f"/admin/letters/{letter.pk}/submit/", {"note": ""})
    assert editor.post(f"/admin/letters/{letter.pk}/approve/", {}).status_code in (302, 403)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.IN_REVIEW

    _reviewer(alpha)
    reviewer, _ = admin_login("alpha.localhost", "alpha_letters_reviewer")
    detail = reviewer.get(f"/admin/letters/{letter.pk}/").content.decode()
    assert letter.phone not in detail and "仅承办人员可查看" in detail
    reviewer.post(f"/admin/letters/{letter.pk}/approve/", {"note": "同意"})
    letter.refresh_from_db()
    assert letter.status == LetterStatus.ANSWERED


def test_a_refused_action_keeps_what_was_typed_and_says_why(in_alpha):
    letter, _ = letter_new()
    client, _ = admin_login("alpha.localhost", "alpha_editor")
    response = client.post(f"/admin/letters/{letter.pk}/close/", {"note": ""})
    assert "写明理由" in response.content.decode()
    response = client.post(
        f"/admin/letters/{letter.pk}/draft/", {"reply": "", "reply_unit": "某科"}
    )
    body = response.content.decode()
    assert "请检查填写的内容" in body and "某科" in body
    assert Letter.objects.get().status == LetterStatus.RECEIVED


def test_another_sites_staff_cannot_open_this_sites_letters(in_alpha):
    letter, _ = letter_new()
    client, _ = admin_login("alpha.localhost", "beta_reviewer")
    assert client.get(f"/admin/letters/{letter.pk}/").status_code in (302, 403)


def test_sites_made_before_the_letters_get_the_default_mailboxes(alpha):
    """The data migration gives an already seeded site without letter types the defaults
    a new site is seeded with, and leaves a site that has its own alone."""
    from importlib import import_module
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection
    from django_tenants.utils import schema_context

    from sites.letters.models import Letter, LetterType

    migration = import_module("sites.letters.migrations.0003_default_types_for_existing_sites")
    with schema_context("site_alpha"):
        Letter.objects.all().delete()
        LetterType.objects.all().delete()
        migration.add_default_types(apps, SimpleNamespace(connection=connection))
        assert list(LetterType.objects.order_by("sort_order").values_list("slug", flat=True)) == [
            "ldxx",
            "zx",
            "ts",
            "jy",
        ]
        LetterType.objects.exclude(slug="zx").delete()
        migration.add_default_types(apps, SimpleNamespace(connection=connection))
        assert list(LetterType.objects.values_list("slug", flat=True)) == ["zx"]


def test_seeding_a_schema_that_migrations_gave_the_mailboxes_keeps_them_once(alpha):
    """A schema built by migrations (not cloned from the template) already has the
    default types from letters.0003 when it is seeded: seeding adds none twice and does
    not fail, and a default a site deleted comes back only through seeding."""
    from django_tenants.utils import schema_context

    from sites.letters.models import Letter, LetterType
    from sites.letters.seed import DEFAULT_TYPES, mailboxes_default

    defaults = sorted(slug for _name, slug, _days, _text in DEFAULT_TYPES)
    with schema_context("site_alpha"):
        assert sorted(LetterType.objects.values_list("slug", flat=True)) == defaults
        mailboxes_default()
        assert sorted(LetterType.objects.values_list("slug", flat=True)) == defaults
        Letter.objects.filter(letter_type__slug="ts").delete()
        LetterType.objects.filter(slug="ts").delete()
        mailboxes_default()
        assert sorted(LetterType.objects.values_list("slug", flat=True)) == defaults
