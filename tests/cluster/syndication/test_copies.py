"""Publishing a page a channel carries puts one attributed copy on every subscriber."""

import datetime

from django.utils import timezone
from django_tenants.utils import schema_context
from wagtail.models import Page

from cluster.syndication.models import CopyDelivery
from sites.core.models import CopyOrigin
from sites.disclosure.models import PolicyDocumentPage
from tests.conftest import host_client

from .conftest import make_document, review_mode

Status = CopyDelivery.Status


def _copy_of(document, schema="site_beta"):
    with schema_context(schema):
        origin = CopyOrigin.objects.filter(source_page_id=document.pk).first()
        return None if origin is None else PolicyDocumentPage.objects.get(pk=origin.page_id)


def test_a_published_document_arrives_on_the_subscriber_with_its_metadata_and_source_line(
    channel, publish
):
    document = publish("site_alpha", make_document, title="关于印发甲市政务公开要点的通知")
    delivery = CopyDelivery.objects.get(
        source_page_id=document.pk, subscriber__schema_name="site_beta"
    )
    assert (
        delivery.status == Status.DELIVERED
        and delivery.source_revision_id == document.live_revision_id
    )

    with schema_context("site_beta"):
        copy = _copy_of(document)
        assert copy.live and copy.get_parent().slug == "sjwj"
        assert copy.index_number == document.index_number  # the source's number, not ours
        assert copy.document_number == document.document_number
        assert copy.written_date == document.written_date
        assert [issuer.name for issuer in copy.issuers.all()] == ["甲市人民政府"]
        assert copy.first_published_at >= delivery.created_at  # 发布日期: when delivered
        copy_url = copy.url_path.replace("/home", "", 1)
    page = host_client("beta.localhost").get(copy_url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "转载自" in html and "甲市人民政府" in html
    with schema_context("site_alpha"):
        source_url = document.full_url
    assert f'<link rel="canonical" href="{source_url}">' in html


def test_a_copy_never_uses_the_subscribers_index_number_counter(channel, publish):
    from sites.disclosure.models import SiteSequence

    with schema_context("site_beta"):
        before = list(SiteSequence.objects.values_list("key", "last_value"))
    publish("site_alpha", make_document)
    with schema_context("site_beta"):
        assert list(SiteSequence.objects.values_list("key", "last_value")) == before


def test_republishing_at_the_source_updates_the_copy_as_a_new_revision(channel, publish):
    document = publish("site_alpha", make_document, title="原标题的通知")

    def amend():
        page = PolicyDocumentPage.objects.get(pk=document.pk)
        page.title = "修订后标题的通知"
        page.save_revision().publish()

    publish("site_alpha", amend)
    with schema_context("site_beta"):
        copy = _copy_of(document)
        assert copy.title == "修订后标题的通知"
        assert copy.revisions.count() == 2  # the old one is kept
    assert CopyDelivery.objects.filter(source_page_id=document.pk).count() == 1


def test_delivering_the_same_revision_again_changes_nothing(channel, publish):
    from cluster.syndication.services import delivery_apply, fan_out

    document = publish("site_alpha", make_document)
    delivery = CopyDelivery.objects.get(source_page_id=document.pk)
    publish("site_alpha", fan_out, source_schema="site_alpha", page_id=document.pk)
    with schema_context("site_beta"):
        assert delivery_apply(delivery_id=delivery.pk) == "unchanged"
        assert CopyOrigin.objects.filter(source_page_id=document.pk).count() == 1
        assert _copy_of(document).revisions.count() == 1


def test_unpublishing_at_the_source_withdraws_the_copy_and_keeps_it_for_audit(channel, publish):
    document = publish("site_alpha", make_document)
    publish("site_alpha", lambda: PolicyDocumentPage.objects.get(pk=document.pk).unpublish())
    delivery = CopyDelivery.objects.get(source_page_id=document.pk)
    assert delivery.status == Status.WITHDRAWN
    with schema_context("site_beta"):
        copy = _copy_of(document)
        assert copy is not None and not copy.live


def test_deleting_the_source_withdraws_the_copy(channel, publish):
    document = publish("site_alpha", make_document)
    publish("site_alpha", lambda: Page.objects.get(pk=document.pk).delete())
    assert CopyDelivery.objects.get(source_page_id=document.pk).status == Status.WITHDRAWN
    assert not _copy_of(document).live


def test_a_repeal_at_the_source_shows_the_banner_and_the_new_document_on_the_copy(channel, publish):
    old = publish("site_alpha", make_document, title="旧办法的通知")
    new = publish("site_alpha", make_document, title="新办法的通知")

    def repeal():
        page = PolicyDocumentPage.objects.get(pk=old.pk)
        page.validity = "repealed"
        page.repealed_date = datetime.date(2026, 2, 1)
        page.superseded_by_id = new.pk
        page.save_revision().publish()

    publish("site_alpha", repeal)
    with schema_context("site_beta"):
        copy = _copy_of(old)
        assert copy.validity == "repealed"
        assert copy.superseded_by_id == _copy_of(new).pk  # this site's copy of the new one
        url = copy.url_path.replace("/home", "", 1)
    html = host_client("beta.localhost").get(url).content.decode()
    assert "本文件已废止" in html and "新办法的通知" in html


def test_drafts_and_documents_not_fully_public_never_reach_a_subscriber(channel, publish):
    draft = publish("site_alpha", make_document, publish=False)
    on_request = publish(
        "site_alpha",
        make_document,
        disclosure_method="on_request",
        non_disclosure_reason="涉及第三方合法权益。",
    )
    assert _copy_of(draft) is None and _copy_of(on_request) is None
    assert not CopyDelivery.objects.filter(source_page_id__in=[draft.pk, on_request.pk]).exists()


def test_a_later_unpublished_draft_of_the_source_is_not_copied(channel, publish):
    document = publish("site_alpha", make_document, title="已发布的标题")

    def draft_change():
        page = PolicyDocumentPage.objects.get(pk=document.pk)
        page.title = "尚未发布的草稿标题"
        page.save_revision()

    publish("site_alpha", draft_change)
    publish("site_alpha", make_document)  # other activity on the site
    assert _copy_of(document).title == "已发布的标题"


def test_review_mode_waits_for_the_subscriber_and_accept_publishes(channel, beta, publish):
    from cluster.syndication.services import copy_accept, copy_reject

    review_mode(channel, beta)
    document = publish("site_alpha", make_document)
    delivery = CopyDelivery.objects.get(source_page_id=document.pk)
    assert delivery.status == Status.AWAITING_REVIEW
    assert not _copy_of(document).live
    copy_accept(delivery=delivery)
    assert _copy_of(document).live
    copy_reject(delivery=delivery, reason="本站已另行发布")
    delivery.refresh_from_db()
    assert delivery.status == Status.REJECTED and "本站已另行发布" in delivery.note
    assert not _copy_of(document).live


def test_an_update_of_a_rejected_copy_stays_unpublished(channel, beta, publish):
    from cluster.syndication.services import copy_reject

    review_mode(channel, beta)
    document = publish("site_alpha", make_document)
    copy_reject(delivery=CopyDelivery.objects.get(source_page_id=document.pk), reason="不适用")
    publish(
        "site_alpha",
        lambda: PolicyDocumentPage.objects.get(pk=document.pk).save_revision().publish(),
    )
    assert CopyDelivery.objects.get(source_page_id=document.pk).status == Status.REJECTED
    assert not _copy_of(document).live


def test_documents_outside_the_channels_column_are_not_carried(channel, publish):
    def in_upper_documents_column():
        column = Page.objects.get(slug="sjwj", depth=3)
        return make_document(parent=column)

    document = publish("site_alpha", in_upper_documents_column)
    assert not CopyDelivery.objects.filter(source_page_id=document.pk).exists()


def test_the_source_recalls_a_page_from_every_subscriber(channel, publish):
    from cluster.syndication.services import page_recall

    document = publish("site_alpha", make_document)
    publish("public", page_recall, source_schema="site_alpha", page_id=document.pk)
    assert CopyDelivery.objects.get(source_page_id=document.pk).status == Status.WITHDRAWN
    assert not _copy_of(document).live


def test_an_unsubscribed_site_keeps_its_copies_unless_it_asks(channel, beta, publish):
    from cluster.syndication.models import Subscription
    from cluster.syndication.services import subscription_end

    kept = publish("site_alpha", make_document)
    subscription = Subscription.objects.get(channel=channel, subscriber=beta)
    publish("public", subscription_end, subscription=subscription)
    assert _copy_of(kept).live
    later = publish("site_alpha", make_document)
    assert _copy_of(later) is None
    publish("public", subscription_end, subscription=subscription, withdraw_copies=True)
    assert not _copy_of(kept).live


def test_search_collapses_a_copy_onto_its_source(channel, publish):
    from search.documents import page_document

    document = publish("site_alpha", make_document)
    with schema_context("site_beta"):
        indexed = page_document(_copy_of(document))
    assert indexed.canonical_id == f"site_alpha:{document.pk}"


def test_the_copys_own_publication_date_is_the_delivery_day_and_the_source_date_is_shown(
    channel, publish
):
    earlier = timezone.now() - datetime.timedelta(days=30)
    document = publish("site_alpha", make_document, published_at=earlier)
    with schema_context("site_beta"):
        copy = _copy_of(document)
        origin = CopyOrigin.objects.get(page_id=copy.pk)
        assert copy.published_date == timezone.localdate()
        assert origin.source_published_at == document.first_published_at
        url = copy.url_path.replace("/home", "", 1)
    html = host_client("beta.localhost").get(url).content.decode()
    assert f"原发布日期：{timezone.localtime(document.first_published_at):%Y年%-m月%-d日}" in html


def test_a_new_subscription_receives_what_the_channel_carried_in_the_last_year(
    channel, beta, publish
):
    from cluster.syndication.models import Subscription
    from cluster.syndication.services import subscription_end, subscription_set

    subscription = Subscription.objects.get(channel=channel, subscriber=beta)
    subscription_end(subscription=subscription)

    def three_documents():
        recent = make_document(title="今年的市政府文件")
        old = make_document(title="三年前的市政府文件")
        PolicyDocumentPage.objects.filter(pk=old.pk).update(
            first_published_at=timezone.now() - datetime.timedelta(days=3 * 365)
        )
        draft = make_document(title="尚未发布的文件", publish=False)
        return recent, old, draft

    recent, old, draft = publish("site_alpha", three_documents)
    assert _copy_of(recent) is None  # not subscribed while it was published

    publish("site_alpha", subscription_set, channel=channel, subscriber=beta)

    copy = _copy_of(recent)
    assert copy is not None and copy.live and copy.title == "今年的市政府文件"
    assert _copy_of(old) is None and _copy_of(draft) is None
    # Subscribing again (or changing the column) makes no second copy.
    publish("site_alpha", subscription_set, channel=channel, subscriber=beta)
    with schema_context("site_beta"):
        assert CopyOrigin.objects.filter(source_page_id=recent.pk).count() == 1
    assert CopyDelivery.objects.filter(source_page_id=recent.pk, subscriber=beta).count() == 1


def test_a_subscription_without_backfill_receives_only_what_is_published_afterwards(
    channel, beta, publish
):
    from cluster.syndication.models import Subscription
    from cluster.syndication.services import subscription_end, subscription_set

    subscription_end(subscription=Subscription.objects.get(channel=channel, subscriber=beta))
    earlier = publish("site_alpha", make_document, title="订阅前的文件")
    publish("site_alpha", subscription_set, channel=channel, subscriber=beta, backfill_days=None)
    later = publish("site_alpha", make_document, title="订阅后的文件")
    assert _copy_of(earlier) is None
    assert _copy_of(later) is not None


def test_a_copy_the_subscriber_deleted_stays_deleted_until_it_is_resent(channel, beta, publish):
    from cluster.syndication.services import delivery_resend

    document = publish("site_alpha", make_document, title="被订阅站点删除的文件")
    copy = _copy_of(document)
    publish("site_beta", lambda: Page.objects.get(pk=copy.pk).delete())
    delivery = CopyDelivery.objects.get(source_page_id=document.pk, subscriber=beta)
    assert delivery.status == Status.DELETED_LOCALLY and delivery.copy_page_id is None

    def republish():
        page = PolicyDocumentPage.objects.get(pk=document.pk)
        page.title = "来源修改了标题"
        page.save_revision().publish()

    publish("site_alpha", republish)
    assert _copy_of(document) is None
    delivery.refresh_from_db()
    assert delivery.status == Status.DELETED_LOCALLY

    # 重新投递 from the console brings it back, as the source has it now.
    publish("site_alpha", delivery_resend, delivery=delivery)
    restored = _copy_of(document)
    assert restored is not None and restored.live and restored.title == "来源修改了标题"
    delivery.refresh_from_db()
    assert delivery.status == Status.DELIVERED
