"""What travels with a copy: attachments (stored once per content), links, nothing private."""

from django.core.files.base import ContentFile
from django_tenants.utils import schema_context
from wagtail.documents import get_document_model

from sites.core.models import CopyOrigin
from sites.disclosure.models import PolicyDocumentPage

from .conftest import make_document


def _attachment(name="附件一.pdf", content=b"%PDF-1.4 test attachment"):
    document = get_document_model()(title="实施细则", file=ContentFile(content, name=name))
    document.save()
    return document


def _copy_of(source_id):
    with schema_context("site_beta"):
        origin = CopyOrigin.objects.get(source_page_id=source_id)
        return PolicyDocumentPage.objects.get(pk=origin.page_id)


def test_attachments_are_copied_into_the_subscribers_collection_once_per_content(channel, publish):
    def two_documents_sharing_an_attachment():
        attachment = _attachment()
        link = f'<p>详见<a linktype="document" id="{attachment.pk}">实施细则</a>。</p>'
        return [
            make_document(
                title=f"第{n}份通知",
                attachments=[("attachment", {"document": attachment, "title": "实施细则"})],
                body=[("paragraph", link)],
            )
            for n in (1, 2)
        ]

    first, second = publish("site_alpha", two_documents_sharing_an_attachment)
    with schema_context("site_beta"):
        Document = get_document_model()  # noqa: N806
        copies = [_copy_of(first.pk), _copy_of(second.pk)]
        stored = Document.objects.filter(collection__name="转载附件")
        assert stored.count() == 1
        local = stored.get()
        assert local.file.read() == b"%PDF-1.4 test attachment"
        for copy in copies:
            assert copy.attachments[0].value["document"].pk == local.pk
            assert f'linktype="document" id="{local.pk}"' in copy.body.raw_data[0]["value"]


def test_links_to_other_source_pages_become_links_to_the_source_site(channel, publish):
    def linking_document():
        target = make_document(title="被引用的文件")
        return target, make_document(
            title="引用其他文件的通知",
            body=[
                ("paragraph", f'<p>根据<a linktype="page" id="{target.pk}">被引用的文件</a>。</p>')
            ],
        )

    target, document = publish("site_alpha", linking_document)
    with schema_context("site_alpha"):
        target_url = target.full_url
    body = _copy_of(document.pk).body.raw_data[0]["value"]
    assert f'<a href="{target_url}"' in body and 'linktype="page"' not in body


def test_a_copy_carries_no_trace_of_the_sources_unpublished_revisions(channel, publish):
    document = publish("site_alpha", make_document, title="公开的标题")

    def secret_draft():
        page = PolicyDocumentPage.objects.get(pk=document.pk)
        page.title = "内部讨论稿"
        page.save_revision()

    publish("site_alpha", secret_draft)
    publish("site_alpha", lambda: PolicyDocumentPage.objects.get(pk=document.pk).unpublish())
    copy = _copy_of(document.pk)
    with schema_context("site_beta"):
        texts = [str(revision.content) for revision in copy.revisions.all()]
    assert texts and not any("内部讨论稿" in text for text in texts)


def test_one_snapshot_per_page_version_serves_every_subscriber_and_a_republish_takes_a_new_one(
    channel, publish, monkeypatch
):
    from cluster.syndication import copying

    copying.snapshots_forget()
    built = []
    real = copying._snapshot

    def counting(page, source_schema):
        built.append(page.live_revision_id)
        return real(page, source_schema)

    monkeypatch.setattr(copying, "_snapshot", counting)
    document = publish("site_alpha", make_document, title="第一版标题")
    first = copying.snapshot_take("site_alpha", document.pk)
    again = copying.snapshot_take("site_alpha", document.pk)
    assert again is first
    assert len(set(built)) == 1

    def republish():
        page = PolicyDocumentPage.objects.get(pk=document.pk)
        page.title = "第二版标题"
        page.save_revision().publish()

    publish("site_alpha", republish)
    assert copying.snapshot_take("site_alpha", document.pk).title == "第二版标题"
    assert _copy_of(document.pk).title == "第二版标题"
    assert len(set(built)) == 2

    # Visibility is checked on every call, never cached: an unpublished page does not travel.
    publish("site_alpha", lambda: PolicyDocumentPage.objects.get(pk=document.pk).unpublish())
    assert copying.snapshot_take("site_alpha", document.pk) is None
