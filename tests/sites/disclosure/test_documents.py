import datetime
import re
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django_tenants.utils import schema_context
from wagtail.models import Page, PageLogEntry

from sites.disclosure.models import (
    AnnualReportIndexPage,
    AnnualReportPage,
    DisclosureCategoryPage,
    InformationRequestPage,
    InterpretationPage,
    PolicyDocumentIssuer,
    PolicyDocumentPage,
)
from sites.news.models import NewsIndexPage
from tests.conftest import committed, host_client

from .conftest import category, make_document, make_interpretation

INDEX_NUMBER = re.compile(r"^11220200013599991[0-9A-Z]/2026-(\d{5})$")


def test_disclosure_page_types_go_where_they_belong_and_nowhere_else(in_alpha):
    assert PolicyDocumentPage.can_create_at(category())
    assert PolicyDocumentPage.can_create_at(Page.objects.get(slug="sjwj").specific)
    assert not PolicyDocumentPage.can_create_at(NewsIndexPage.objects.get(slug="news"))
    assert InterpretationPage.can_create_at(Page.objects.get(slug="zcjd").specific)
    assert not InterpretationPage.can_create_at(NewsIndexPage.objects.get(slug="news"))
    reports = AnnualReportIndexPage.objects.get()
    assert AnnualReportPage.can_create_at(reports)
    assert not AnnualReportPage.can_create_at(category())
    # One request page per section: the seeded one fills the slot.
    assert not InformationRequestPage.can_create_at(Page.objects.get(slug="xxgk").specific)
    assert not DisclosureCategoryPage.can_create_at(NewsIndexPage.objects.get(slug="news"))


def test_every_disclosure_page_renders(in_alpha):
    document = make_document()
    client = host_client("alpha.localhost")
    for path in [
        "/xxgk/",
        "/xxgk/zn/",
        "/xxgk/fdzdgknr/",
        "/xxgk/fdzdgknr/art20-01/",
        "/xxgk/nb/",
        "/xxgk/ysqgk/",
        "/xxgk/ysqgk/status/",
        document.url,
    ]:
        assert client.get(path).status_code == 200, path


def test_policy_document_shows_the_metadata_table_like_gov_cn(in_alpha):
    document = make_document(keywords="政务公开 通知", document_number="甲政发〔2026〕1号")
    body = host_client("alpha.localhost").get(document.url).content.decode()
    for label in ("索引号", "主题分类", "发文机关", "成文日期", "发文字号", "发布日期", "有效性"):
        assert f'<th scope="row">{label}</th>' in body
    assert "综合政务\\政务公开" in body
    assert "甲政发〔2026〕1号" in body
    assert document.index_number in body
    assert '<meta name="Keywords" content="政务公开 通知">' in body
    assert '<meta name="PubDate"' in body and '<meta name="ColumnName"' in body


def test_index_number_is_issued_on_first_publish_and_never_changes(in_alpha):
    draft = make_document(publish=False)
    assert draft.index_number is None
    draft.save_revision().publish()
    draft.refresh_from_db()
    number = draft.index_number
    assert INDEX_NUMBER.match(number)
    # A draft saved before the first publish carries no number; republishing keeps it.
    old_revision = draft.revisions.order_by("created_at").first()
    old_revision.publish()
    draft.title = "修改后的标题"
    draft.save_revision().publish()
    draft.refresh_from_db()
    assert draft.index_number == number
    draft.unpublish()
    draft.save_revision().publish()
    draft.refresh_from_db()
    assert draft.index_number == number


def test_index_number_is_never_reused_after_deletion(in_alpha):
    first = make_document(title="文件一")
    number = first.index_number
    first.delete()
    second = make_document(title="文件二")
    assert second.index_number != number
    assert int(INDEX_NUMBER.match(second.index_number)[1]) > int(INDEX_NUMBER.match(number)[1])


def test_a_copied_document_gets_its_own_index_number(in_alpha):
    original = make_document()
    # A live copy needs a number of its own: two current documents may not share one.
    copy = original.copy(
        update_attrs={
            "slug": "copy-of-doc",
            "title": "副本",
            "document_number": "甲政发〔2026〕999号",
        }
    )
    assert copy.index_number and copy.index_number != original.index_number


def test_site_pattern_shapes_the_index_number(in_alpha):
    from sites.disclosure.models import DisclosureSettings

    settings = DisclosureSettings.load()
    settings.index_number_pattern = "{site_code}-{year}-{seq:04d}"
    settings.save()
    assert re.match(r"^9900000001-2026-\d{4}$", make_document().index_number)


def test_an_index_number_pattern_without_a_sequence_is_refused(in_alpha):
    from sites.disclosure.models import DisclosureSettings

    settings = DisclosureSettings.load()
    for bad in ("{credit_code}/{year}", "{nonsense}-{seq}"):
        settings.index_number_pattern = bad
        with pytest.raises(ValidationError):
            settings.full_clean()


# As in production: index updates are queued for the worker, not run inside the publish
# (the immediate backend would run Wagtail's title-norm refresh in every publishing
# transaction at once, which deadlocks in PostgreSQL; see the issue note).
QUEUED_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db
def test_concurrent_publishes_never_get_the_same_index_number():
    """Eight documents published at once in eight connections: eight distinct numbers."""
    from django.test import override_settings
    from django_tasks_db.models import DBTaskResult

    count = 8

    def create_drafts():
        with schema_context("site_alpha"):
            parent = category("art20-02")
            return [make_document(parent, publish=False, title=f"并发{i}") for i in range(count)]

    drafts = committed(create_drafts)
    barrier = threading.Barrier(count)
    errors = []

    def publish(page_pk):
        try:
            with schema_context("site_alpha"):
                page = PolicyDocumentPage.objects.get(pk=page_pk)
                barrier.wait(timeout=20)
                page.save_revision().publish()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    with override_settings(TASKS=QUEUED_TASKS):
        threads = [threading.Thread(target=publish, args=(page.pk,)) for page in drafts]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def collect_and_remove():
        with schema_context("site_alpha"):
            numbers = list(
                PolicyDocumentPage.objects.filter(pk__in=[p.pk for p in drafts]).values_list(
                    "index_number", flat=True
                )
            )
            for page in drafts:
                Page.objects.get(pk=page.pk).delete()
        DBTaskResult.objects.all().delete()
        return numbers

    numbers = committed(collect_and_remove)
    assert not errors, errors[:1]
    assert len(set(numbers)) == count and all(INDEX_NUMBER.match(n) for n in numbers)


@pytest.mark.parametrize(
    "fields,field",
    [
        ({"document_number": "第53号文"}, "document_number"),
        ({"written_date": datetime.date(2099, 1, 1)}, "written_date"),
        ({"effective_date": datetime.date(2025, 1, 1)}, "effective_date"),
        ({"topic": "99999"}, "topic"),
        ({"doctype": "memo"}, "doctype"),
        ({"disclosure_method": "not_disclosed"}, "non_disclosure_reason"),
        ({"validity": "repealed"}, "repealed_date"),
        ({"validity": "repealed", "repealed_date": datetime.date(2099, 1, 1)}, "repealed_date"),
    ],
)
def test_bad_document_metadata_is_refused_with_a_message(in_alpha, fields, field):
    with pytest.raises(ValidationError) as error:
        make_document(**fields)
    assert field in error.value.message_dict
    assert all(re.search(r"[\u4e00-\u9fff]", m) for m in error.value.message_dict[field])


def test_published_date_is_stamped_by_the_system_not_typed(in_alpha):
    from django.utils import timezone

    document = make_document()
    assert document.published_date == timezone.localdate()
    assert (
        "first_published_at" not in PolicyDocumentPage.get_edit_handler().get_form_class()().fields
    )


def test_not_disclosed_documents_and_their_reasons_never_reach_the_public(in_alpha):
    secret = make_document(
        title="内部文件",
        disclosure_method="not_disclosed",
        non_disclosure_reason="涉及第三方商业秘密的理由",
    )
    on_request = make_document(
        title="依申请文件", disclosure_method="on_request", non_disclosure_reason="内部理由乙"
    )
    client = host_client("alpha.localhost")
    assert client.get(secret.url).status_code == 404
    listing = client.get("/xxgk/fdzdgknr/art20-01/").content.decode()
    assert "内部文件" not in listing and "依申请文件" in listing
    page = client.get(on_request.url).content.decode()
    assert "内部理由乙" not in page and "依申请公开" in page
    feed = client.get("/feeds/rss/").content.decode()
    assert "内部文件" not in feed and "理由" not in feed


def test_a_proactive_document_shows_its_text_and_an_on_request_one_only_how_to_ask(in_alpha):
    body = [("paragraph", "<p>各单位要按照本通知要求抓好落实。</p>")]
    proactive = make_document(title="主动公开的通知", body=body)
    on_request = make_document(
        title="依申请公开的通知",
        body=body,
        disclosure_method="on_request",
        non_disclosure_reason="涉及内部事务。",
    )
    client = host_client("alpha.localhost")
    shown = client.get(proactive.url).content.decode()
    assert "各单位要按照本通知要求抓好落实" in shown and "依申请公开的政府信息" not in shown
    withheld = client.get(on_request.url).content.decode()
    assert "各单位要按照本通知要求抓好落实" not in withheld and "依申请公开的政府信息" in withheld


def test_unpublished_documents_are_not_public(in_alpha):
    draft = make_document(title="草稿文件", publish=False)
    client = host_client("alpha.localhost")
    assert client.get("/xxgk/fdzdgknr/art20-01/" + draft.slug + "/").status_code == 404
    assert "草稿文件" not in client.get("/xxgk/fdzdgknr/art20-01/").content.decode()


def test_amended_document_shows_a_banner_linking_the_newer_one(in_alpha):
    newer = make_document(title="新的通知", document_number="甲政发〔2026〕9号")
    older = make_document(title="旧的通知")
    older.validity = "amended"
    older.superseded_by = newer
    older.save_revision().publish()
    body = host_client("alpha.localhost").get(older.url).content.decode()
    assert "本文件已修改" in body and newer.url in body and "甲政发〔2026〕9号" in body
    assert "旧的通知" in host_client("alpha.localhost").get(newer.url).content.decode()


def test_a_document_lists_only_the_documents_it_supersedes_that_the_public_may_see(in_alpha):
    newer = make_document(title="新的规定", document_number="甲政发〔2026〕19号")
    public = make_document(title="被修改的公开文件", validity="amended", superseded_by=newer)
    make_document(
        title="被废止的内部文件",
        validity="repealed",
        repealed_date=datetime.date(2026, 2, 1),
        superseded_by=newer,
        disclosure_method="not_disclosed",
        non_disclosure_reason="涉及内部事务。",
    )
    make_document(title="修改稿草稿", validity="amended", superseded_by=newer, publish=False)
    page = host_client("alpha.localhost").get(newer.url).content.decode()
    assert "本文件修改或废止的文件" in page and public.url in page
    assert "被废止的内部文件" not in page and "修改稿草稿" not in page


def test_interpretation_and_document_link_both_ways(in_alpha):
    document = make_document(needs_interpretation=True)
    interpretation = make_interpretation(document, publish=False)
    client = host_client("alpha.localhost")
    assert interpretation.title not in client.get(document.url).content.decode()
    from sites.disclosure.selectors import documents_awaiting_interpretation

    assert document in documents_awaiting_interpretation()
    interpretation.save_revision().publish()
    assert interpretation.title in client.get(document.url).content.decode()
    assert document.title in client.get(interpretation.url).content.decode()
    assert document not in documents_awaiting_interpretation()


def test_editor_is_warned_while_a_document_needing_interpretation_has_none(in_alpha, alpha):
    from tests.conftest import admin_login

    document = make_document(needs_interpretation=True)
    client, _ = admin_login("alpha.localhost", "alpha_editor")
    body = client.get(f"/admin/pages/{document.pk}/edit/").content.decode()
    assert "尚未发布对应的政策解读" in body
    other = make_document(title="不需解读")
    assert (
        "尚未发布对应的政策解读"
        not in client.get(f"/admin/pages/{other.pk}/edit/").content.decode()
    )


def test_publish_and_edit_are_in_the_audit_log_with_who(in_alpha):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="alpha_editor")
    document = make_document(publish=False)
    document.save_revision(user=user, log_action=True)
    # The last workflow step publishes on the editor's behalf.
    document.get_latest_revision().publish(user=user, skip_permission_checks=True)
    actions = set(
        PageLogEntry.objects.filter(page=document, user=user).values_list("action", flat=True)
    )
    assert {"wagtail.edit", "wagtail.publish"} <= actions


def test_joint_issuers_are_shown_in_order(in_alpha):
    document = make_document()
    document.issuers.add(PolicyDocumentIssuer(name="甲市财政局"))
    document.save_revision().publish()
    assert (
        "甲市人民政府、甲市财政局"
        in host_client("alpha.localhost").get(document.url).content.decode()
    )
