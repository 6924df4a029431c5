import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sites.consultations import services
from sites.consultations.models import (
    InterviewPage,
    InterviewPost,
    InterviewQuestion,
    InterviewState,
    ModerationStatus,
)
from tests.conftest import admin_login, host_client

from .conftest import DAY, HOUR, make_interview


def test_an_interview_is_announced_then_live_then_ended(in_alpha):
    now = timezone.now()
    interview = make_interview(starts_at=now + HOUR, ends_at=now + 2 * HOUR)
    assert interview.state() == InterviewState.UPCOMING
    assert interview.state(now + HOUR + HOUR / 2) == InterviewState.LIVE
    assert interview.state(now + 3 * HOUR) == InterviewState.ENDED
    body = host_client("alpha.localhost").get(interview.url).content.decode()
    assert "预告" in body and "周建华" in body and 'name="body"' in body
    page = InterviewPage(title="x", starts_at=now, ends_at=now - HOUR)
    with pytest.raises(ValidationError, match="访谈结束时间应晚于开始时间"):
        page.full_clean(exclude=["path", "depth", "slug"])


def test_questions_are_public_only_once_approved_and_answered_by_staff(in_alpha):
    interview = make_interview()
    client = host_client("alpha.localhost")
    response = client.post(
        interview.url, {"body": "独居老人能申请上门探访吗？", "name": "江城老张"}
    )
    assert response.status_code == 302 and "submitted=1" in response["Location"]
    assert "您的问题已提交" in client.get(response["Location"]).content.decode()
    question = InterviewQuestion.objects.get()
    spam = services.question_submit(interview=interview, body="日赚三百点击链接")
    live = f"{interview.url}live/"
    for path in (interview.url, live):
        text = client.get(path).content.decode()
        assert "独居老人能申请上门探访吗" not in text and "日赚三百" not in text, path
    services.question_approve(question=question, user=None)
    services.question_reject(question=spam, user=None, reason="广告信息。")
    fragment = client.get(live)
    assert fragment["Cache-Control"] == "no-store"
    text = fragment.content.decode()
    assert "独居老人能申请上门探访吗" in text and "江**" in text and "江城老张" not in text
    assert "日赚三百" not in text and "广告信息" not in text
    services.question_answer(
        question=question, user=None, answer="可以，向社区居委会申请。", answered_by_name="吴敏"
    )
    services.post_add(interview=interview, user=None, speaker="主持人", body="欢迎各位网友。")
    text = client.get(interview.url).content.decode()
    assert "吴敏：</strong>可以，向社区居委会申请。" in text and "欢迎各位网友" in text
    with pytest.raises(ValidationError, match="不能回答"):
        services.question_answer(question=spam, user=None, answer="x", answered_by_name="y")


def test_the_live_page_refreshes_without_inline_script(in_alpha):
    interview = make_interview()
    response = host_client("alpha.localhost").get(interview.url)
    body = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    scripts = re.findall(r"<script[^>]*>", body)
    assert any("interview_live.js" in tag for tag in scripts)
    assert all("src=" in tag for tag in scripts)
    assert 'data-live-url="' + interview.url + 'live/"' in body


def test_a_question_after_the_end_is_refused_and_keeps_what_was_typed(in_alpha):
    now = timezone.now()
    interview = make_interview(starts_at=now - DAY, ends_at=now - DAY + HOUR)
    client = host_client("alpha.localhost")
    assert 'name="body"' not in client.get(interview.url).content.decode()
    response = client.post(interview.url, {"body": "迟到的问题", "name": "网友甲"})
    text = response.content.decode()
    assert "不再接收提问" in text and "迟到的问题" in text and "网友甲" in text
    too_long = client.post(make_interview(title="另一期").url, {"body": "问" * 10_000})
    assert "问题不能超过500字（您已输入10000字）" in too_long.content.decode()
    assert not InterviewQuestion.objects.exists()


def test_the_transcript_freezes_the_public_qa_and_is_indexed(
    in_alpha, django_capture_on_commit_callbacks
):
    from search.documents import page_document

    now = timezone.now()
    interview = make_interview(starts_at=now - HOUR, ends_at=now + HOUR)
    asked = services.question_submit(interview=interview, body="助餐点在哪里查询？", name="小雨")
    services.question_answer(
        question=asked, user=None, answer="在民政局网站公布。", answered_by_name="吴敏"
    )
    pending = services.question_submit(interview=interview, body="尚未审核的问题子丑寅")
    rejected = services.question_submit(interview=interview, body="不予公开的问题卯辰巳")
    services.question_reject(question=rejected, user=None, reason="重复提问。")
    services.post_add(interview=interview, user=None, speaker="主持人", body="本期访谈到此结束。")
    with pytest.raises(ValidationError, match="结束后才能生成实录"):
        services.interview_transcript_make(interview=interview, user=None)
    with django_capture_on_commit_callbacks(execute=True):
        interview = services.interview_transcript_make(
            interview=interview, user=None, now=now + 2 * HOUR
        )
    assert interview.live and interview.transcript_made_at is not None
    transcript = interview.transcript
    assert transcript.index("助餐点在哪里查询") < transcript.index("本期访谈到此结束")
    assert "<b>吴敏：</b>在民政局网站公布。" in transcript
    assert "子丑寅" not in transcript and "卯辰巳" not in transcript
    assert interview.state() == InterviewState.ENDED
    # The page shows the transcript and takes no more questions or answers.
    body = host_client("alpha.localhost").get(interview.url).content.decode()
    assert "访谈实录" in body and "助餐点在哪里查询" in body and 'name="body"' not in body
    with pytest.raises(ValidationError, match="已生成实录"):
        services.question_answer(question=pending, user=None, answer="x", answered_by_name="y")
    with pytest.raises(ValidationError, match="已经生成实录"):
        services.interview_transcript_make(interview=interview, user=None)
    document = page_document(interview)
    assert document.content_type == "interview" and "助餐点在哪里查询" in document.body
    assert "子丑寅" not in document.body and "卯辰巳" not in document.body
    search = host_client("alpha.localhost").get("/search/?q=助餐点").content.decode()
    assert interview.url in search
    # Publishing a version saved before the transcript keeps it.
    interview.revisions.order_by("created_at").first().publish()
    assert InterviewPage.objects.get(pk=interview.pk).transcript == transcript


def test_staff_run_the_live_qa_from_the_admin(in_alpha, alpha_moderators):
    interview = make_interview()
    question = services.question_submit(interview=interview, body="适老化改造有补贴吗？")
    editor, _ = admin_login("alpha.localhost", "alpha_editor")
    screen = editor.get(f"/admin/interviews/{interview.pk}/").content.decode()
    assert "适老化改造有补贴吗" in screen and "生成实录" not in screen
    missing = editor.post(
        f"/admin/interviews/questions/{question.pk}/answer/",
        {"answered_by_name": "周建华", "answer": ""},
    )
    assert "请检查填写的内容" in missing.content.decode()
    editor.post(
        f"/admin/interviews/questions/{question.pk}/answer/",
        {"answered_by_name": "周建华", "answer": "每户最高补贴3000元。"},
    )
    editor.post(f"/admin/interviews/{interview.pk}/post/", {"speaker": "主持人", "body": "欢迎。"})
    question.refresh_from_db()
    # Answering a pending question publishes it.
    assert question.status == ModerationStatus.APPROVED and question.answered_by_name == "周建华"
    assert InterviewPost.objects.get().body == "欢迎。"
    # An editor cannot publish pages, so cannot make the transcript.
    InterviewPage.objects.filter(pk=interview.pk).update(ends_at=timezone.now() - HOUR / 2)
    refused = editor.post(f"/admin/interviews/{interview.pk}/transcript/")
    assert refused.status_code in (302, 403)
    assert InterviewPage.objects.get(pk=interview.pk).transcript_made_at is None
    site_admin, _ = admin_login("alpha.localhost", "alpha_site_admin")
    done = site_admin.post(f"/admin/interviews/{interview.pk}/transcript/", follow=True)
    assert "已生成并发布访谈实录" in done.content.decode()
    assert InterviewPage.objects.get(pk=interview.pk).transcript_made_at is not None
