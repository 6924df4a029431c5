import datetime
from pathlib import Path

from django.core import mail
from django.utils import timezone
from django_tenants.utils import schema_context

from cluster.onboarding.seeding import DemoContext
from sites.consultations import services
from sites.consultations.models import (
    ConsultationComment,
    ConsultationPage,
    ConsultationState,
    FeedbackReminder,
    InterviewPage,
    ModerationStatus,
)
from sites.consultations.selectors import consultation_statistics, consultation_totals
from tests.conftest import admin_login

from .conftest import DAY, aware, make_consultation, make_feedback


def test_reminders_are_produced_daily_until_the_feedback_is_published(in_alpha, alpha_moderators):
    now = timezone.now()
    closed = make_consultation(opens_at=now - 5 * DAY, closes_at=now - DAY, title="已结束的征集")
    make_consultation(title="仍在征集中")
    make_consultation(
        opens_at=now - 5 * DAY, closes_at=now - DAY, title="从未发布的征集", publish=False
    )
    today = timezone.localdate()
    sent = services.feedback_reminders_send(today=today)
    assert [reminder.consultation_id for reminder in sent] == [closed.pk]
    assert len(mail.outbox) == 1 and "已结束的征集" in mail.outbox[0].subject
    assert mail.outbox[0].to == ["zhanzhang@alpha.example.gov.cn"]
    # Once a day: a second run the same day sends nothing.
    assert services.feedback_reminders_send(today=today) == []
    assert len(services.feedback_reminders_send(today=today + datetime.timedelta(days=1))) == 1
    assert FeedbackReminder.objects.filter(consultation=closed).count() == 2
    client, _ = admin_login("alpha.localhost", "alpha_site_admin")
    assert "尚未发布意见采纳情况" in client.get("/admin/").content.decode()
    make_feedback(closed)
    assert services.feedback_reminders_send(today=today + datetime.timedelta(days=2)) == []
    assert "尚未发布意见采纳情况" not in client.get("/admin/").content.decode()
    assert len(mail.outbox) == 2


def test_the_daily_schedule_reminds_every_active_site_in_its_own_schema(alpha, beta):
    from sites.consultations.tasks import feedback_reminders_schedule, reminders_next_run

    now = timezone.now()
    with schema_context("site_beta"):
        beta_closed = make_consultation(opens_at=now - 3 * DAY, closes_at=now - DAY)
    # The immediate backend runs each site's task at once, inside the schema it names.
    assert feedback_reminders_schedule.call() >= 2
    with schema_context("site_beta"):
        assert FeedbackReminder.objects.filter(consultation_id=beta_closed.pk).count() == 1
    with schema_context("site_alpha"):
        assert not FeedbackReminder.objects.exists()
    morning = aware(2026, 3, 2, 8)
    assert reminders_next_run(morning) == aware(2026, 3, 2, 9)
    assert reminders_next_run(aware(2026, 3, 2, 9, 30)) == aware(2026, 3, 3, 9)


def _independent_count(year: int) -> dict[datetime.date, tuple[int, int]]:
    """Month → (consultations held, comments received), counted in Python from every row."""
    counts = {}
    for page in ConsultationPage.objects.all():
        opened = timezone.localtime(page.opens_at).date()
        if page.first_published_at and opened.year == year:
            month = opened.replace(day=1)
            held, received = counts.get(month, (0, 0))
            counts[month] = (held + 1, received)
    for comment in ConsultationComment.objects.all():
        day = timezone.localtime(comment.submitted_at).date()
        if day.year == year:
            month = day.replace(day=1)
            held, received = counts.get(month, (0, 0))
            counts[month] = (held, received + 1)
    return counts


def test_statistics_equal_an_independent_count(alpha, beta):
    with schema_context("site_alpha"):
        march = make_consultation(opens_at=aware(2026, 3, 10), closes_at=aware(2026, 4, 10, 17))
        # Opened at 00:30 on 1 April in Jilin (still 31 March in UTC).
        april = make_consultation(
            opens_at=aware(2026, 4, 1, 0, 30), closes_at=aware(2026, 5, 1), title="四月的征集"
        )
        make_consultation(
            opens_at=aware(2026, 6, 1), closes_at=aware(2026, 7, 1), title="草稿", publish=False
        )
        make_consultation(opens_at=aware(2025, 12, 20), closes_at=aware(2026, 1, 20), title="去年")
        moments = [
            (march, aware(2026, 3, 11)),
            (march, aware(2026, 3, 31, 23, 50)),
            (march, aware(2026, 4, 1, 0, 10)),
            (april, aware(2026, 4, 2)),
            (april, aware(2026, 4, 30, 23, 59)),
        ]
        for number, (page, moment) in enumerate(moments):
            comment = services.comment_submit(consultation=page, body=f"意见{number}", now=moment)
            if number % 2:
                services.comment_reject(comment=comment, user=None, reason="重复。")
        rows = consultation_statistics(year=2026)
        expected = _independent_count(2026)
        assert len(rows) == 12 and [row.month.month for row in rows] == list(range(1, 13))
        for row in rows:
            assert (row.consultations, row.comments) == expected.get(row.month, (0, 0)), row.month
        assert consultation_totals(year=2026) == {"consultations": 2, "comments": 5}
        by_month = {row.month.month: (row.consultations, row.comments) for row in rows}
        assert by_month[3] == (1, 2) and by_month[4] == (1, 3) and by_month[6] == (0, 0)
    with schema_context("site_beta"):
        # Another site's records are its own.
        assert consultation_totals(year=2026) == {"consultations": 0, "comments": 0}


def test_demo_content_has_a_finished_consultation_an_open_one_and_a_transcript(in_alpha):
    from sites.consultations.demo import consultations_demo

    context = DemoContext(tenant=in_alpha, key="site_portal", corpus_dir=Path("."), log=print)
    consultations_demo(context)
    consultations_demo(context)  # a second build adds nothing
    closed, open_one = ConsultationPage.objects.order_by("opens_at")
    assert closed.state() == ConsultationState.FINISHED
    feedback = closed.feedback_live()
    assert feedback.received_count == (
        feedback.adopted_count + feedback.partly_adopted_count + feedback.not_adopted_count
    )
    assert feedback.online_count == closed.citizen_comments.count() == 6
    assert open_one.state() == ConsultationState.OPEN
    assert open_one.citizen_comments.filter(status=ModerationStatus.PENDING).exists()
    assert closed.attachments[0].value["document"].file.name.endswith(".docx")
    interview = InterviewPage.objects.get()
    assert interview.transcript_made_at is not None and "刷单" not in interview.transcript
    assert "居家适老化改造补贴" in interview.transcript


def test_comments_are_stored_as_figures_that_the_console_shows(
    in_alpha, alpha, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from cluster.figures.selectors import figures_by_site
    from sites.consultations.services import comment_submit
    from tests.conftest import PASSWORD, host_client

    now = timezone.now()
    consultation = make_consultation(
        opens_at=now - datetime.timedelta(days=1), closes_at=now + datetime.timedelta(days=5)
    )
    with django_capture_on_commit_callbacks(execute=True):
        comment_submit(consultation=consultation, body="建议增加一条关于老年人的条款。")
        comment_submit(consultation=consultation, body="第三条的表述不够清楚，建议修改。")
    figures = figures_by_site(source="consultations", year=now.year, tenant=alpha)[alpha.pk]
    held_this_year = int(timezone.localtime(consultation.opens_at).year == now.year)
    assert figures.get("comments") == 2
    assert figures.get("consultations", 0) == held_this_year
    client = host_client("console.localhost")
    client.post("/login/", {"username": "platform", "password": PASSWORD})
    page = client.get(f"/interaction/?year={now.year}").content.decode()
    assert 'id="comments-total">2<' in page
