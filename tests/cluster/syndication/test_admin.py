"""Syndication in the admin: copies are read-only, review in the subscriber's admin, the console."""

from django_tenants.utils import schema_context

from cluster.syndication.models import CopyDelivery
from sites.core.models import CopyOrigin
from tests.conftest import PASSWORD, admin_login, host_client

from .conftest import make_document, review_mode

Status = CopyDelivery.Status


def _copy_id(document):
    with schema_context("site_beta"):
        return CopyOrigin.objects.get(source_page_id=document.pk).page_id


def test_the_edit_view_of_a_copy_sends_the_editor_to_its_origin(channel, publish, accounts):
    document = publish("site_alpha", make_document, title="只读副本的通知")
    copy_id = _copy_id(document)
    client, _ = admin_login("beta.localhost", "beta_reviewer")
    response = client.get(f"/admin/pages/{copy_id}/edit/", follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/admin/syndication/copies/{copy_id}/"
    assert "不能在本站修改" in html and "甲市人民政府" in html
    # A forged POST to the edit view changes nothing either.
    client.post(f"/admin/pages/{copy_id}/edit/", {"title": "篡改的标题"})
    with schema_context("site_beta"):
        from wagtail.models import Page

        assert Page.objects.get(pk=copy_id).title == "只读副本的通知"


def test_the_local_editors_note_is_saved_and_shown_on_the_copy(channel, publish, accounts):
    document = publish("site_alpha", make_document)
    copy_id = _copy_id(document)
    client, _ = admin_login("beta.localhost", "beta_reviewer")
    client.post(f"/admin/syndication/copies/{copy_id}/", {"editor_note": "请各乡镇认真贯彻执行。"})
    with schema_context("site_beta"):
        from wagtail.models import Page

        url = Page.objects.get(pk=copy_id).url_path.replace("/home", "", 1)
    assert (
        "编者按：请各乡镇认真贯彻执行。" in host_client("beta.localhost").get(url).content.decode()
    )


def test_the_subscribers_reviewer_accepts_or_rejects_in_its_admin(channel, beta, publish, accounts):
    review_mode(channel, beta)
    first = publish("site_alpha", make_document, title="待审核的第一份通知")
    second = publish("site_alpha", make_document, title="待审核的第二份通知")
    client, _ = admin_login("beta.localhost", "beta_reviewer")
    listing = client.get("/admin/syndication/").content.decode()
    assert "待审核的第一份通知" in listing and "采用并发布" in listing

    one = CopyDelivery.objects.get(source_page_id=first.pk)
    two = CopyDelivery.objects.get(source_page_id=second.pk)
    publish("site_beta", client.post, f"/admin/syndication/{one.pk}/accept/")
    missing_reason = client.post(
        f"/admin/syndication/{two.pk}/reject/", {"reason": ""}, follow=True
    )
    assert "须填写理由" in missing_reason.content.decode()
    client.post(f"/admin/syndication/{two.pk}/reject/", {"reason": "与本站无关"})
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.status == Status.DELIVERED and two.status == Status.REJECTED


def test_another_sites_staff_cannot_act_on_a_subscribers_deliveries(
    channel, beta, publish, accounts
):
    review_mode(channel, beta)
    document = publish("site_alpha", make_document)
    delivery = CopyDelivery.objects.get(source_page_id=document.pk)
    client, _ = admin_login("alpha.localhost", "alpha_editor")
    assert client.post(f"/admin/syndication/{delivery.pk}/accept/").status_code == 404
    delivery.refresh_from_db()
    assert delivery.status == Status.AWAITING_REVIEW


def test_the_console_shows_deliveries_by_channel_and_resends_a_failed_one(
    channel, publish, accounts
):
    document = publish("site_alpha", make_document, title="控制台可见的通知")
    delivery = CopyDelivery.objects.get(source_page_id=document.pk)
    CopyDelivery.objects.filter(pk=delivery.pk).update(status=Status.FAILED, last_error="boom")
    client = host_client("console.localhost")
    client.post("/login/", {"username": "platform", "password": PASSWORD})
    html = client.get("/syndication/").content.decode()
    assert "市政府文件" in html and "控制台可见的通知" in html and "boom" in html
    publish("public", client.post, f"/syndication/deliveries/{delivery.pk}/resend/")
    delivery.refresh_from_db()
    assert delivery.status == Status.DELIVERED


def test_the_console_adds_a_subscription_and_refuses_a_missing_column(
    channel, alpha, beta, accounts
):
    from cluster.syndication.services import channel_create

    other = channel_create(source=alpha, name="部门文件")
    client = host_client("console.localhost")
    client.post("/login/", {"username": "platform", "password": PASSWORD})
    refused = client.post(
        f"/syndication/channels/{other.pk}/",
        {"subscriber": beta.pk, "target_column": "no-such-column", "mode": "auto"},
    )
    assert "没有目标栏目" in refused.content.decode()
    client.post(
        f"/syndication/channels/{other.pk}/",
        {"subscriber": beta.pk, "target_column": "sjwj", "mode": "review"},
    )
    assert other.subscriptions.get().mode == "review"
