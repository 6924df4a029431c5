import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import schema_context
from wagtail.models import Page

from sites.consultations import services
from sites.consultations.models import (
    ConsultationComment,
    ConsultationFeedbackPage,
    ConsultationIndexPage,
    ConsultationPage,
    ConsultationState,
    InterviewIndexPage,
    InterviewPage,
    ModerationStatus,
)
from sites.core.models import ColumnPage
from sites.core.publishing import PublicationRefusedError
from sites.portal.models import HomePage
from tests.conftest import PASSWORD, admin_login, host_client

from .conftest import DAY, HOUR, make_consultation, make_feedback

URL = "/hdjl/yjzj/"


def _comment(consultation, *, body="建议延长投放时间。", status=None, **fields):
    comment = services.comment_submit(consultation=consultation, body=body, **fields)
    if status == ModerationStatus.APPROVED:
        services.comment_approve(comment=comment, user=None)
    elif status == ModerationStatus.REJECTED:
        services.comment_reject(comment=comment, user=None, reason="与征集内容无关。")
    return comment


@pytest.mark.parametrize(
    "page_type,parent_type,allowed",
    [
        (ConsultationIndexPage, ColumnPage, True),
        (ConsultationIndexPage, HomePage, False),
        (ConsultationPage, ConsultationIndexPage, True),
        (ConsultationPage, ColumnPage, False),
        (ConsultationFeedbackPage, ConsultationPage, True),
        (ConsultationFeedbackPage, ConsultationIndexPage, False),
        (InterviewIndexPage, ColumnPage, True),
        (InterviewPage, InterviewIndexPage, True),
        (InterviewPage, ColumnPage, False),
    ],
)
def test_page_types_are_creatable_only_under_their_parents(page_type, parent_type, allowed):
    assert (page_type in parent_type.allowed_subpage_models()) is allowed
    assert (parent_type in page_type.allowed_parent_page_models()) is allowed


def test_every_site_starts_with_both_columns_under_interaction(in_alpha):
    interaction = ColumnPage.objects.get(slug="hdjl", depth=3)
    assert ConsultationIndexPage.objects.child_of(interaction).get().url == URL
    assert InterviewIndexPage.objects.child_of(interaction).get().url == "/hdjl/zxft/"
    body = host_client("alpha.localhost").get(URL).content.decode()
    assert "意见征集" in body and "本栏目暂无内容" in body


def test_closing_must_come_after_opening(in_alpha):
    now = timezone.now()
    page = ConsultationPage(
        title="征求意见", intro="<p>说明</p>", unit="甲市司法局", opens_at=now, closes_at=now - DAY
    )
    with pytest.raises(ValidationError) as error:
        page.full_clean(exclude=["path", "depth", "slug"])
    assert "征集截止时间应晚于开始时间" in str(error.value)


def test_a_consultation_without_its_draft_attached_cannot_be_published(in_alpha):
    page = make_consultation(publish=False, attach=False)
    with pytest.raises(PublicationRefusedError) as error:
        page.save_revision().publish()
    assert "请上传征求意见稿全文作为附件" in error.value.problems[0]
    assert not Page.objects.get(pk=page.pk).live


def test_the_state_follows_dates_and_feedback(in_alpha):
    now = timezone.now()
    page = make_consultation(opens_at=now + DAY, closes_at=now + 2 * DAY, publish=False)
    assert page.state() == ConsultationState.UPCOMING
    assert page.state(now + DAY + HOUR) == ConsultationState.OPEN
    assert page.state(now + 3 * DAY) == ConsultationState.AWAITING_FEEDBACK
    page.finished_at = now
    assert page.state(now + 3 * DAY) == ConsultationState.FINISHED


def test_a_comment_is_received_pending_and_shown_only_once_approved(in_alpha):
    page = make_consultation(show_comments=True)
    client = host_client("alpha.localhost")
    response = client.post(
        page.url,
        {
            "body": "建议增加夜间投放时段。",
            "name": "王建国",
            "contact": "13904320001",
            "website": "",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("submitted/")
    assert "意见已提交" in client.get(response["Location"]).content.decode()
    comment = ConsultationComment.objects.get()
    assert comment.status == ModerationStatus.PENDING and comment.contact == "13904320001"
    assert "建议增加夜间投放时段" not in client.get(page.url).content.decode()
    services.comment_approve(comment=comment, user=None)
    body = client.get(page.url).content.decode()
    assert "建议增加夜间投放时段" in body
    # Named by the first character only; the contact is never public.
    assert "王**" in body and "王建国" not in body and "13904320001" not in body
    ConsultationPage.objects.filter(pk=page.pk).update(show_comments=False)
    assert "建议增加夜间投放时段" not in client.get(page.url).content.decode()


def test_a_comment_outside_the_window_is_refused(in_alpha):
    now = timezone.now()
    upcoming = make_consultation(opens_at=now + DAY, closes_at=now + 2 * DAY, title="尚未开始")
    closed = make_consultation(opens_at=now - 2 * DAY, closes_at=now - DAY, title="已经结束")
    with pytest.raises(ValidationError, match="开始后才能提交意见"):
        services.comment_submit(consultation=upcoming, body="提前提交的意见")
    with pytest.raises(ValidationError, match="不再接收意见"):
        services.comment_submit(consultation=closed, body="逾期提交的意见")
    client = host_client("alpha.localhost")
    assert 'name="body"' not in client.get(closed.url).content.decode()
    # A form posted as the window closed says why and keeps what was typed.
    response = client.post(closed.url, {"body": "逾期提交的意见", "name": "李四", "website": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert "不再接收意见" in body and "逾期提交的意见" in body and "李四" in body
    assert not ConsultationComment.objects.exists()


def test_a_rejected_comment_form_keeps_what_was_typed_and_says_why(in_alpha):
    page = make_consultation()
    client = host_client("alpha.localhost")
    empty = client.post(page.url, {"body": "  ", "name": "张三", "contact": "zs@example.com"})
    body = empty.content.decode()
    assert "请填写您的意见建议" in body and "张三" in body and "zs@example.com" in body
    long_text = "长" * 10_000
    too_long = client.post(page.url, {"body": long_text, "name": "张三"}).content.decode()
    assert "意见建议不能超过2000字（您已输入10000字）" in too_long
    assert long_text in too_long
    bot = client.post(page.url, {"body": "正常意见", "website": "http://spam.example"})
    assert "提交未成功" in bot.content.decode() and "正常意见" in bot.content.decode()
    assert not ConsultationComment.objects.exists()


def test_script_in_a_comment_is_shown_as_text(in_alpha):
    page = make_consultation(show_comments=True)
    client = host_client("alpha.localhost")
    client.post(page.url, {"body": "<script>alert(1)</script>意见", "name": "<b>x</b>"})
    services.comment_approve(comment=ConsultationComment.objects.get(), user=None)
    body = client.get(page.url).content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;alert(1)" in body


def test_a_flood_of_comments_from_one_address_is_refused(in_alpha):
    from sites.consultations.views import COMMENT_LIMIT

    page = make_consultation()
    client = host_client("alpha.localhost")
    accepted = int(COMMENT_LIMIT.accepted_rate.split("/")[0])
    for number in range(accepted):
        assert client.post(page.url, {"body": f"第{number}条意见"}).status_code == 302
    response = client.post(page.url, {"body": "又一条意见", "name": "赵六"})
    body = response.content.decode()
    assert response.status_code == 429
    assert "每小时最多成功提交10次" in body and "又一条意见" in body and "赵六" in body
    assert ConsultationComment.objects.count() == accepted


def test_pending_and_rejected_comments_reach_no_public_page_feed_or_search(
    in_alpha, django_capture_on_commit_callbacks
):
    from search.documents import page_document

    with django_capture_on_commit_callbacks(execute=True):
        page = make_consultation(show_comments=True, title="关于征求养犬管理意见的公告")
    _comment(page, body="待审核的意见甲乙丙")
    _comment(page, body="未通过的意见丁戊己", status=ModerationStatus.REJECTED)
    _comment(page, body="已通过的意见庚辛壬", status=ModerationStatus.APPROVED)
    index = ConsultationIndexPage.objects.get()
    client = host_client("alpha.localhost")
    pages = {
        "page": page.url,
        "index": URL,
        "rss": "/feeds/rss/",
        "atom": "/feeds/atom/",
        "column rss": f"/feeds/rss/{index.pk}/",
        "sitemap": "/sitemap.xml",
        "search": "/search/?q=意见&scope=site",
        "api": "/api/search/?q=意见",
    }
    seen = {name: client.get(path).content.decode() for name, path in pages.items()}
    for name, text in seen.items():
        assert "待审核的意见甲乙丙" not in text, name
        assert "未通过的意见丁戊己" not in text, name
        assert "与征集内容无关" not in text, name
    assert "已通过的意见庚辛壬" in seen["page"]
    # The consultation itself is found; its comments are not page text.
    assert page.url in seen["search"] and page.url in seen["api"]
    document = page_document(page)
    assert document.content_type == "consultation"
    assert "现向社会公开征求意见" in document.body and "意见甲乙丙" not in document.body
    for query in ("甲乙丙", "丁戊己"):
        assert page.url not in client.get(f"/search/?q={query}").content.decode()


def test_consultation_cannot_be_marked_finished_without_feedback(in_alpha, alpha_moderators):
    now = timezone.now()
    page = make_consultation(opens_at=now - 3 * DAY, closes_at=now - DAY)
    with pytest.raises(ValidationError, match="尚未发布意见采纳情况，不能办结"):
        services.consultation_finish(consultation=page)
    # A draft of the feedback is not feedback.
    draft = make_feedback(page, publish=False)
    with pytest.raises(ValidationError, match="尚未发布意见采纳情况"):
        services.consultation_finish(consultation=page)
    client, _ = admin_login("alpha.localhost", "alpha_site_admin")
    response = client.post(f"/admin/consultations/{page.pk}/finish/", follow=True)
    assert "尚未发布意见采纳情况，不能办结" in response.content.decode()
    page.refresh_from_db()
    assert page.finished_at is None and page.state() == ConsultationState.AWAITING_FEEDBACK
    # Publishing the feedback finishes it.
    draft.save_revision().publish()
    page.refresh_from_db()
    assert page.finished_at is not None and page.state() == ConsultationState.FINISHED
    # A later version of the consultation page keeps it finished.
    page.title = "关于公开征求意见的公告（更正）"
    page.save_revision().publish()
    assert ConsultationPage.objects.get(pk=page.pk).finished_at is not None
    # Withdrawing the feedback reopens it.
    ConsultationFeedbackPage.objects.get().unpublish()
    assert ConsultationPage.objects.get(pk=page.pk).finished_at is None


def test_feedback_is_refused_while_open_unmoderated_or_not_adding_up(in_alpha):
    now = timezone.now()
    page = make_consultation(opens_at=now - 3 * DAY, closes_at=now + DAY)
    _comment(page, body="意见一", status=ModerationStatus.APPROVED)
    _comment(page, body="意见二")
    feedback = make_feedback(page, publish=False, offline_count=3, adopted_count=1)
    with pytest.raises(PublicationRefusedError) as error:
        feedback.save_revision().publish()
    problems = " ".join(error.value.problems)
    assert "意见征集尚未结束" in problems
    assert "还有1条意见未审核" in problems
    assert "条数之和（1条）应等于收到的意见总数（5条：网站2条，其他渠道3条）" in problems
    ConsultationPage.objects.filter(pk=page.pk).update(closes_at=now - HOUR)
    ConsultationComment.objects.filter(body="意见二").update(status=ModerationStatus.REJECTED)
    feedback = ConsultationFeedbackPage.objects.get(pk=feedback.pk)
    feedback.partly_adopted_count, feedback.not_adopted_count = 2, 2
    feedback.save_revision().publish()
    feedback.refresh_from_db()
    # Received is counted from the rows (a rejected comment was received) and frozen.
    assert (feedback.online_count, feedback.received_count) == (2, 5)
    body = host_client("alpha.localhost").get(feedback.url).content.decode()
    assert "其中通过本网站收到2条" in body and "意见采纳情况统计" in body
    assert "查看意见采纳情况" in host_client("alpha.localhost").get(page.url).content.decode()


def test_moderators_approve_and_reject_with_a_reason_in_the_admin(in_alpha, alpha_moderators):
    page = make_consultation()
    comment = _comment(page, body="需要审核的意见", name="张三", contact="13800000000")
    client, _ = admin_login("alpha.localhost", "alpha_site_admin")
    queue = client.get(f"/admin/consultations/{page.pk}/").content.decode()
    assert "需要审核的意见" in queue and "13800000000" in queue
    refused = client.post(f"/admin/consultations/comments/{comment.pk}/reject/", {"reason": ""})
    assert "请写明不予公开的理由" in refused.content.decode()
    comment.refresh_from_db()
    assert comment.status == ModerationStatus.PENDING
    client.post(f"/admin/consultations/comments/{comment.pk}/reject/", {"reason": "含有个人隐私。"})
    comment.refresh_from_db()
    assert comment.status == ModerationStatus.REJECTED and comment.reject_reason == "含有个人隐私。"
    assert comment.moderated_by.username == alpha_moderators.username
    client.post(f"/admin/consultations/comments/{comment.pk}/approve/")
    comment.refresh_from_db()
    assert comment.status == ModerationStatus.APPROVED
    # An editor does not moderate comments.
    editor, _ = admin_login("alpha.localhost", "alpha_editor")
    assert editor.get("/admin/consultations/").status_code in (302, 403)
    assert editor.post(f"/admin/consultations/comments/{comment.pk}/reject/").status_code in (
        302,
        403,
    )


def test_one_sites_moderators_cannot_reach_another_sites_comments(alpha, beta, alpha_moderators):
    with schema_context("site_beta"):
        beta_page = make_consultation(title="乙县的意见征集")
        beta_comments = [_comment(beta_page, body=f"乙县意见{n}") for n in range(3)]
    with schema_context("site_alpha"):
        alpha_ids = set(ConsultationComment.objects.values_list("pk", flat=True))
    beta_only = next(c for c in beta_comments if c.pk not in alpha_ids)
    client, _ = admin_login("alpha.localhost", "alpha_site_admin")
    assert "乙县" not in client.get("/admin/consultations/").content.decode()
    assert client.get(f"/admin/consultations/{beta_page.pk}/").status_code == 404
    assert client.post(f"/admin/consultations/comments/{beta_only.pk}/approve/").status_code == 404
    with schema_context("site_beta"):
        assert ConsultationComment.objects.get(pk=beta_only.pk).status == ModerationStatus.PENDING
    beta_client, _ = admin_login("beta.localhost", "alpha_site_admin", PASSWORD)
    assert beta_client.get("/admin/consultations/").status_code == 302
