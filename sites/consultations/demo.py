"""The demo portal's 意见征集 and 在线访谈, from demo_content/consultations.toml.

A closed consultation with its comments moderated and its 采纳情况 published, an open
one taking comments, and a finished interview turned into its transcript. Building it
twice adds nothing: each item is looked for by its title first.
"""

import datetime
import io
import tomllib
import zipfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from cluster.onboarding.seeding import DemoContext, demo_step

DATA = Path(__file__).resolve().parent / "demo_content" / "consultations.toml"


def demo_records(key: str) -> dict[str, list[dict]]:
    data = tomllib.loads(DATA.read_text("utf-8"))
    return {
        kind: [item for item in data.get(kind, []) if item["site"] == key]
        for kind in ("consultation", "interview")
    }


def _paragraphs(lines: list[str]) -> str:
    return "".join(f"<p>{escape(line)}</p>" for line in lines)


def docx_bytes(paragraphs: list[str]) -> bytes:
    """A minimal Word document (Office Open XML) holding ``paragraphs``."""
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
        for text in paragraphs
    )
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>"
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _moment(today: datetime.date, days_ago: int, hour: int = 9, minute: int = 0):
    day = today - datetime.timedelta(days=days_ago)
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


def _sections():
    from sites.core.models import ColumnPage

    from .seed import sections_add

    interaction = ColumnPage.objects.get(slug="hdjl", depth=3)
    return sections_add(interaction)


@transaction.atomic
def consultation_ensure(item: dict, *, today: datetime.date):
    from wagtail.documents import get_document_model
    from wagtail.models import Page

    from .models import ConsultationComment, ConsultationFeedbackPage, ConsultationPage
    from .services import comment_approve, comment_reject, comment_submit

    index, _interviews = _sections()
    if ConsultationPage.objects.filter(title=item["title"]).exists():
        return None
    draft = get_document_model()(title=item["draft_title"])
    draft.file.save(item["draft_file"], ContentFile(docx_bytes(item["draft_paragraphs"])))
    opens_at = _moment(today, item["opens_days_ago"])
    closes_at = _moment(today, item["closes_days_ago"], hour=17)
    consultation = ConsultationPage(
        title=item["title"],
        intro=_paragraphs(item["intro"]),
        attachments=[("attachment", {"document": draft, "title": item["draft_title"]})],
        opens_at=opens_at,
        closes_at=closes_at,
        unit=item["unit"],
        contact=item["contact"],
        show_comments=item.get("show_comments", False),
    )
    from sites.core.seed import publish_as_of

    publish_as_of(index, consultation, opens_at.date())
    for number, entry in enumerate(item.get("comment", [])):
        submitted_at = _moment(today, entry["days_ago"], hour=10, minute=number)
        comment = comment_submit(
            consultation=consultation,
            name=entry["name"],
            contact=entry["contact"],
            body=entry["body"],
            now=submitted_at,
        )
        if entry["status"] == "approved":
            comment_approve(comment=comment, user=None)
        elif entry["status"] == "rejected":
            comment_reject(comment=comment, user=None, reason=entry["reason"])
        ConsultationComment.objects.filter(pk=comment.pk, moderated_at__isnull=False).update(
            moderated_at=submitted_at + datetime.timedelta(hours=20)
        )
    if feedback := item.get("feedback"):
        day = today - datetime.timedelta(days=feedback["days_ago"])
        page = ConsultationFeedbackPage(
            title=feedback["title"],
            offline_count=feedback["offline_count"],
            adopted_count=feedback["adopted"],
            partly_adopted_count=feedback["partly_adopted"],
            not_adopted_count=feedback["not_adopted"],
            body=[("paragraph", _paragraphs(feedback["paragraphs"]))],
        )
        publish_as_of(consultation, page, day)
        # Publishing finished the consultation today; the record says when it happened.
        finished_at = _moment(today, feedback["days_ago"])
        ConsultationPage.objects.filter(pk=consultation.pk).update(finished_at=finished_at)
    return Page.objects.get(pk=consultation.pk).specific


@transaction.atomic
def interview_ensure(item: dict, *, today: datetime.date):
    from .models import InterviewGuest, InterviewPage, InterviewPost, InterviewQuestion
    from .services import (
        interview_transcript_make,
        post_add,
        question_answer,
        question_reject,
        question_submit,
    )

    _consultations, index = _sections()
    if InterviewPage.objects.filter(title=item["title"]).exists():
        return None
    hour, minute = (int(part) for part in item["start"].split(":"))
    starts_at = _moment(today, item["days_ago"], hour=hour, minute=minute)
    ends_at = starts_at + datetime.timedelta(minutes=item["minutes"])
    interview = InterviewPage(
        title=item["title"],
        intro=_paragraphs(item["intro"]),
        starts_at=starts_at,
        ends_at=ends_at,
        guests=[InterviewGuest(name=g["name"], position=g["position"]) for g in item["guests"]],
    )
    from sites.core.seed import publish_as_of

    publish_as_of(index, interview, (starts_at - datetime.timedelta(days=3)).date())
    interview = InterviewPage.objects.get(pk=interview.pk)
    entries = item.get("entry", [])
    step = datetime.timedelta(minutes=item["minutes"]) / (len(entries) + 1)
    # Entries are written now, in their order; their times are then put back into the
    # interview's hour (the moment each was shown), which is the order the transcript keeps.
    for number, entry in enumerate(entries, start=1):
        shown_at = starts_at + step * number
        if entry["kind"] == "post":
            post = post_add(
                interview=interview, user=None, speaker=entry["speaker"], body=entry["body"]
            )
            InterviewPost.objects.filter(pk=post.pk).update(posted_at=shown_at)
            continue
        question = question_submit(
            interview=interview,
            name=entry["name"],
            body=entry["body"],
            now=starts_at - datetime.timedelta(minutes=30) + step * number / 4,
        )
        if "reject" in entry:
            question_reject(question=question, user=None, reason=entry["reject"])
        else:
            question_answer(
                question=question,
                user=None,
                answer=entry["answer"],
                answered_by_name=entry["answered_by"],
            )
        InterviewQuestion.objects.filter(pk=question.pk).update(
            moderated_at=shown_at, answered_at=shown_at if "answer" in entry else None
        )
    return interview_transcript_make(interview=interview, user=None)


@demo_step(order=40)
def consultations_demo(context: DemoContext) -> None:
    today = timezone.localdate()
    records = demo_records(context.key)
    for item in records["consultation"]:
        consultation_ensure(item, today=today)
    for item in records["interview"]:
        interview_ensure(item, today=today)
