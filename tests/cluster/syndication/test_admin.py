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


def test_a_source_sites_admin_opens_a_channel_and_another_site_subscribes(alpha, beta, accounts):
    from cluster.accounts.services import role_grant
    from cluster.syndication.models import Channel, Subscription
    from cluster.tenants.models import SiteRole

    role_grant(user=accounts["alpha_editor"], tenant=alpha, role=SiteRole.Role.SITE_ADMIN)
    source, _ = admin_login("alpha.localhost", "alpha_editor")
    source.post(
        "/admin/syndication/channels/new/",
        {
            "name": "部门规范性文件",
            "page_types": ["disclosure.policydocumentpage"],
            "source_column_path": "xxgk",
            "default_target_column": "sjwj",
            "active": "on",
        },
    )
    channel = Channel.objects.get(name="部门规范性文件")
    assert channel.source == alpha

    role_grant(user=accounts["beta_reviewer"], tenant=beta, role=SiteRole.Role.SITE_ADMIN)
    subscriber, _ = admin_login("beta.localhost", "beta_reviewer")
    assert "部门规范性文件" in subscriber.get("/admin/syndication/").content.decode()
    subscriber.post(
        "/admin/syndication/subscribe/",
        {"channel": channel.pk, "target_column": "sjwj", "mode": "review"},
    )
    assert Subscription.objects.get(channel=channel, subscriber=beta).mode == "review"


def test_an_editor_without_the_site_admin_role_cannot_manage_channels(alpha, accounts):
    from cluster.syndication.models import Channel

    client, _ = admin_login("alpha.localhost", "alpha_editor")
    response = client.post("/admin/syndication/channels/new/", {"name": "越权频道"}, follow=True)
    # Wagtail's admin answers a refused permission with its dashboard and a message.
    assert "没有权限" in response.content.decode() or response.status_code == 403
    assert not Channel.objects.filter(name="越权频道").exists()
