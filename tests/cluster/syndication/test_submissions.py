"""信息报送: a county offers its article to the city portal, which accepts or rejects it."""

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context
from wagtail.models import Page

from cluster.syndication.models import CopyDelivery, Submission
from cluster.syndication.selectors import submission_statistics
from cluster.syndication.services import submission_accept, submission_create, submission_reject
from sites.core.models import CopyOrigin
from sites.news.models import ArticlePage
from tests.conftest import admin_login, host_client


def _article(title="乙县召开政务公开工作推进会"):
    news = Page.objects.get(slug="news", depth=3)
    article = ArticlePage(
        title=title, source="乙县政府办", body=[("paragraph", "<p>会议要求。</p>")]
    )
    news.add_child(instance=article)
    article.save_revision().publish()
    return article


def test_an_accepted_submission_is_published_upstairs_as_an_attributed_copy(alpha, beta, publish):
    article = publish("site_beta", _article)
    submission = submission_create(
        from_site=beta, page_id=article.pk, to_site=alpha, target_column="news"
    )
    publish("public", submission_accept, submission=submission)
    delivery = CopyDelivery.objects.get(source_schema="site_beta", source_page_id=article.pk)
    assert delivery.status == CopyDelivery.Status.DELIVERED and delivery.subscriber == alpha
    with schema_context("site_alpha"):
        copy = ArticlePage.objects.get(pk=delivery.copy_page_id)
        assert copy.live and copy.get_parent().slug == "news"
        assert CopyOrigin.objects.get(page_id=copy.pk).source_site_name == "乙县人民政府"
        url = copy.url_path.replace("/home", "", 1)
    assert "转载自" in host_client("alpha.localhost").get(url).content.decode()

    def retitle():
        page = ArticlePage.objects.get(pk=article.pk)
        page.title = "乙县召开政务公开工作推进会（更新）"
        page.save_revision().publish()

    publish("site_beta", retitle)
    with schema_context("site_alpha"):
        assert ArticlePage.objects.get(pk=delivery.copy_page_id).title.endswith("（更新）")


def test_a_rejected_submission_records_its_reason_and_publishes_nothing(alpha, beta, publish):
    article = publish("site_beta", _article)
    submission = submission_create(
        from_site=beta, page_id=article.pk, to_site=alpha, target_column="news"
    )
    with pytest.raises(ValidationError):
        submission_reject(submission=submission, reason="  ")
    submission_reject(submission=submission, reason="内容与本站栏目不符")
    submission.refresh_from_db()
    assert (
        submission.status == Submission.Status.REJECTED
        and submission.reason == "内容与本站栏目不符"
    )
    assert not CopyDelivery.objects.filter(source_page_id=article.pk).exists()


def test_only_own_public_pages_go_to_upper_sites(alpha, beta, channel, publish):
    from tests.sites.disclosure.conftest import make_document

    article = publish("site_beta", _article)
    with pytest.raises(ValidationError, match="上级站点"):
        submission_create(from_site=alpha, page_id=article.pk, to_site=beta, target_column="news")
    document = publish("site_alpha", make_document)  # arrives on beta as a copy
    copy_id = CopyDelivery.objects.get(source_page_id=document.pk).copy_page_id
    with pytest.raises(ValidationError, match="转载的副本不能报送"):
        submission_create(from_site=beta, page_id=copy_id, to_site=alpha, target_column="news")
    submission_create(from_site=beta, page_id=article.pk, to_site=alpha, target_column="news")
    with pytest.raises(ValidationError, match="已报送"):
        submission_create(from_site=beta, page_id=article.pk, to_site=alpha, target_column="news")


def test_acceptance_counts_per_submitting_site_and_month(alpha, beta, publish):
    first = publish("site_beta", _article, title="第一篇报送")
    second = publish("site_beta", _article, title="第二篇报送")
    accepted = submission_create(
        from_site=beta, page_id=first.pk, to_site=alpha, target_column="news"
    )
    submission_create(from_site=beta, page_id=second.pk, to_site=alpha, target_column="news")
    publish("public", submission_accept, submission=accepted)
    [row] = submission_statistics()
    assert (row["from_site__name"], row["submitted"], row["accepted"]) == ("乙县人民政府", 2, 1)


def test_a_county_submits_in_its_admin_and_the_portal_accepts_in_its_own(
    alpha, beta, publish, accounts
):
    from cluster.accounts.services import role_grant
    from cluster.tenants.models import SiteRole

    article = publish("site_beta", _article, title="后台报送的文章")
    county, _ = admin_login("beta.localhost", "beta_reviewer")
    assert "后台报送的文章" in county.get("/admin/syndication/").content.decode()
    county.post(
        "/admin/syndication/submissions/new/",
        {"page": article.pk, "to_site": alpha.pk, "target_column": "news"},
    )
    submission = Submission.objects.get(source_page_id=article.pk)
    role_grant(user=accounts["alpha_editor"], tenant=alpha, role=SiteRole.Role.SITE_ADMIN)
    portal, _ = admin_login("alpha.localhost", "alpha_editor")
    assert "后台报送的文章" in portal.get("/admin/syndication/").content.decode()
    publish(
        "public",
        portal.post,
        f"/admin/syndication/submissions/{submission.pk}/",
        {"action": "accept", "target_column": "news"},
    )
    submission.refresh_from_db()
    assert submission.status == Submission.Status.ACCEPTED
