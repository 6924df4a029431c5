"""The life of a letter: write, work (assign → draft → review → answer), publish, rate."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from sites.letters import services
from sites.letters.models import Letter, LetterEvent, LetterStatus, LetterType, name_mask
from tests.conftest import host_client

from .conftest import LETTER, letter_answered, letter_new

FORM = {**LETTER, "letter_type": "", "publish_consent": "on", "website": ""}


def _form(**overrides):
    kind = LetterType.objects.get(slug="ldxx")
    return {**FORM, "letter_type": kind.pk, **overrides}


def test_a_citizen_writes_and_gets_a_tracking_number_and_a_query_code_shown_once(in_alpha):
    client = host_client("alpha.localhost")
    response = client.post("/hdjl/xx/write/", _form(email="wang@example.com"), follow=True)
    body = response.content.decode()
    assert response.status_code == 200 and "信件已提交" in body
    letter = Letter.objects.get()
    assert letter.tracking_number in body and letter.status == LetterStatus.RECEIVED
    # The code is on the receipt and in the mail, never stored as it is.
    code = body.split('id="query-code">')[1].split("<")[0]
    assert code not in letter.query_code_digest and len(letter.query_code_digest) == 64
    assert len(mail.outbox) == 1 and code in mail.outbox[0].body
    # The receipt is shown once.
    assert "信件已提交" not in client.get("/hdjl/xx/submitted/", follow=True).content.decode()
    assert services.letter_lookup(tracking_number=letter.tracking_number, query_code=code) == letter
    assert (
        services.letter_lookup(tracking_number=letter.tracking_number, query_code="WRONG") is None
    )


def test_tracking_numbers_carry_the_site_so_they_are_unique_in_the_cluster(in_alpha, alpha):
    first, _ = letter_new()
    second, _ = letter_new()
    assert first.tracking_number != second.tracking_number
    assert first.tracking_number[6:10] == f"{alpha.pk:04d}"


def _local(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def test_staff_assign_draft_submit_and_a_reviewer_approves_the_answer(in_alpha):
    editor = _local("alpha_editor")
    letter, _ = letter_new(email="wang@example.com")
    mail.outbox.clear()
    services.letter_assign(letter=letter, user=None, assignee=editor)
    assert letter.status == LetterStatus.IN_PROGRESS and letter.assignee == editor
    with pytest.raises(ValidationError, match="请先拟写答复"):
        services.letter_submit_for_review(letter=letter, user=editor)
    services.letter_draft(letter=letter, user=editor, reply="已安排调研。", reply_unit="交通局")
    services.letter_submit_for_review(letter=letter, user=editor)
    with pytest.raises(ValidationError, match="退回修改的意见"):
        services.letter_return(letter=letter, user=None, note=" ")
    services.letter_return(letter=letter, user=None, note="请写明调研时间。")
    assert letter.status == LetterStatus.IN_PROGRESS
    services.letter_draft(letter=letter, user=editor, reply="已安排下月调研。", reply_unit="交通局")
    services.letter_submit_for_review(letter=letter, user=editor)
    services.letter_approve(letter=letter, user=None)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.ANSWERED and letter.replied_at is not None
    assert [e.kind for e in letter.events.all()] == [
        "submitted",
        "assigned",
        "drafted",
        "review",
        "returned",
        "drafted",
        "review",
        "answered",
    ]
    assert len(mail.outbox) == 1 and "已答复" in mail.outbox[0].subject


def test_a_letter_cannot_be_assigned_to_someone_without_a_role_on_the_site(in_alpha):
    from django.contrib.auth import get_user_model

    letter, _ = letter_new()
    # A local user whose roles here were all revoked keeps its row, without a group.
    former = get_user_model().objects.create(username="former_editor", is_active=True)
    with pytest.raises(ValidationError, match="本站点的工作人员"):
        services.letter_assign(letter=letter, user=None, assignee=former)


def test_published_letters_mask_the_writer_and_never_show_contact_details(in_alpha):
    letter, _ = letter_answered(name="欧阳明华", phone="13900001111", address="吉林市某街道9号")
    services.letter_publish(letter=letter, user=None, published=True)
    client = host_client("alpha.localhost")
    listing = client.get("/hdjl/xx/").content.decode()
    detail = client.get(f"/hdjl/xx/{letter.pk}/").content.decode()
    for body in (listing, detail):
        assert "欧***" in body
        assert "欧阳明华" not in body and "13900001111" not in body and "某街道9号" not in body
    assert letter.subject in listing and "已收悉" in detail
    assert name_mask("李") == "李*" and name_mask("") == "匿名"


def test_a_letter_is_public_only_when_answered_consented_and_published(in_alpha):
    client = host_client("alpha.localhost")
    unconsented, _ = letter_answered(publish_consent=False, subject="不同意公开的来信")
    with pytest.raises(ValidationError, match="未同意公开"):
        services.letter_publish(letter=unconsented, user=None, published=True)
    unanswered, _ = letter_new(subject="尚未答复的来信")
    with pytest.raises(ValidationError, match="不能公开"):
        services.letter_publish(letter=unanswered, user=None, published=True)
    answered, _ = letter_answered(subject="答复了但未公开的来信")
    listing = client.get("/hdjl/xx/").content.decode()
    for letter in (unconsented, unanswered, answered):
        assert letter.subject not in listing
        assert client.get(f"/hdjl/xx/{letter.pk}/").status_code == 404
    services.letter_publish(letter=answered, user=None, published=True)
    assert answered.subject in client.get("/hdjl/xx/").content.decode()
    services.letter_publish(letter=answered, user=None, published=False)
    assert client.get(f"/hdjl/xx/{answered.pk}/").status_code == 404


def test_the_writer_looks_up_the_answer_with_the_query_code_and_rates_it_once(in_alpha):
    letter, code = letter_answered()
    client = host_client("alpha.localhost")
    wrong = client.post(
        "/hdjl/xx/lookup/", {"tracking_number": letter.tracking_number, "query_code": "AAAA2222"}
    )
    assert "信件编号或查询码不正确" in wrong.content.decode()
    found = client.post(
        "/hdjl/xx/lookup/", {"tracking_number": letter.tracking_number, "query_code": code}
    ).content.decode()
    assert "已收悉，正在研究" in found and "评价答复" in found
    rated = client.post(
        "/hdjl/xx/lookup/",
        {
            "tracking_number": letter.tracking_number,
            "query_code": code,
            "rating": "satisfied",
            "comment": "答复及时",
        },
    ).content.decode()
    assert "您的评价" in rated and "评价答复" not in rated
    letter.refresh_from_db()
    assert letter.rating == "satisfied" and letter.rating_comment == "答复及时"
    with pytest.raises(ValidationError, match="已经评价过"):
        services.letter_rate(letter=letter, rating="unsatisfied")


def test_an_unanswered_letter_cannot_be_rated(in_alpha):
    letter, _ = letter_new()
    with pytest.raises(ValidationError, match="答复后才能评价"):
        services.letter_rate(letter=letter, rating="satisfied")


def test_closing_an_unanswered_letter_needs_a_reason(in_alpha):
    letter, _ = letter_new()
    with pytest.raises(ValidationError, match="写明理由"):
        services.letter_close(letter=letter, user=None)
    services.letter_close(letter=letter, user=None, note="重复来信")
    assert letter.status == LetterStatus.CLOSED
    assert letter.events.filter(kind=LetterEvent.Kind.CLOSED, note="重复来信").exists()


def test_a_paused_mailbox_refuses_letters(in_alpha):
    LetterType.objects.filter(slug="jy").update(active=False)
    with pytest.raises(ValidationError, match="暂停接收"):
        letter_new("jy")
