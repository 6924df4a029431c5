"""Two current documents of a site never share a 发文字号 once published."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from tests.conftest import admin_login

from .conftest import make_document

NUMBER = "甲政发〔2026〕7号"


def _edit_data(document, **overrides):
    issuers = [{"id": issuer.pk, "name": issuer.name} for issuer in document.issuers.all()]
    return nested_form_data(
        {
            "title": document.title,
            "slug": document.slug,
            "topic": document.topic,
            "doctype": document.doctype,
            "genre": document.genre,
            "issuers": inline_formset(issuers, initial=len(issuers)),
            "document_number": document.document_number,
            "written_date": f"{document.written_date}",
            "validity": document.validity,
            "disclosure_method": document.disclosure_method,
            "summary": "",
            "body": streamfield([]),
            "attachments": streamfield([]),
        }
        | overrides
    )


def test_drafts_sharing_a_document_number_are_saved_with_a_warning(in_alpha):
    first = make_document(title="第一份草稿", slug="first", document_number=NUMBER, publish=False)
    second = make_document(
        title="第二份草稿", slug="second", document_number="甲政发〔2026〕8号", publish=False
    )
    client, _ = admin_login("alpha.localhost", "platform")
    # Typed with other brackets: the same number once normalised.
    response = client.post(
        f"/admin/pages/{second.pk}/edit/",
        _edit_data(second, document_number="甲政发[2026]7号"),
        follow=True,
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "第一份草稿" in body and "不能使用同一发文字号" in body
    second.refresh_from_db()
    assert second.document_number == NUMBER and first.document_number == NUMBER


def test_publishing_a_second_current_document_with_the_same_number_is_refused(in_alpha):
    make_document(title="已发布的通知", slug="published", document_number=NUMBER)
    draft = make_document(title="新通知", slug="new", document_number=NUMBER, publish=False)
    client, _ = admin_login("alpha.localhost", "platform")
    response = client.post(
        f"/admin/pages/{draft.pk}/edit/",
        _edit_data(draft, summary="编辑写的摘要") | {"action-publish": "publish"},
        follow=True,
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "已发布的通知" in body and "不能使用同一发文字号" in body
    draft.refresh_from_db()
    assert not draft.live and draft.index_number is None
    # Nothing typed is lost: the draft revision keeps it.
    assert draft.get_latest_revision_as_object().summary == "编辑写的摘要"


def test_every_other_publish_path_refuses_the_clash_too(in_alpha):
    make_document(title="已发布的通知", slug="published", document_number=NUMBER)
    draft = make_document(title="新通知", slug="new", document_number=NUMBER, publish=False)
    # Bulk publish, workflow approval and scheduled publishing all publish a revision.
    with pytest.raises(ValidationError) as error:
        draft.save_revision().publish()
    assert any("不能使用同一发文字号" in message for message in error.value.messages)
    draft.refresh_from_db()
    assert not draft.live


def test_a_document_that_replaces_another_may_keep_its_number(in_alpha):
    old = make_document(title="原通知", slug="old", document_number=NUMBER)
    new = make_document(title="修订后的通知", slug="new", document_number=NUMBER, publish=False)
    old.validity = "amended"
    old.superseded_by = new
    old.save_revision().publish()
    new.save_revision().publish()
    new.refresh_from_db()
    assert new.live


def test_documents_with_the_same_number_on_two_sites_do_not_clash(in_alpha):
    from django_tenants.utils import schema_context

    from .conftest import category

    with schema_context("site_beta"):
        make_document(category(), title="乙县的通知", document_number=NUMBER)
    document = make_document(title="甲市的通知", document_number=NUMBER)
    assert document.live


def test_bulk_publish_refuses_the_clash_with_a_message(in_alpha):
    make_document(title="已发布的通知", slug="published", document_number=NUMBER)
    draft = make_document(title="新通知", slug="new", document_number=NUMBER, publish=False)
    client, _ = admin_login("alpha.localhost", "platform")
    url = f"/admin/bulk/wagtailcore/page/publish/?id={draft.pk}"
    response = client.post(url, {"include_descendants": ""}, follow=True)
    assert response.status_code == 200
    assert "不能使用同一发文字号" in response.content.decode()
    draft.refresh_from_db()
    assert not draft.live


def test_a_copy_published_with_the_same_number_is_refused(in_alpha):
    from wagtail.actions.copy_page import CopyPageAction

    from sites.core.publishing import PublicationRefusedError

    source = make_document(title="已发布的通知", slug="published", document_number=NUMBER)
    with pytest.raises(PublicationRefusedError):
        CopyPageAction(source, update_attrs={"slug": "copy"}, keep_live=True).execute()
    assert not type(source).objects.filter(slug="copy", live=True).exists()
