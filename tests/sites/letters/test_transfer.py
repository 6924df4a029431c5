"""转办: a letter moves to another site of the cluster with its clock and its history."""

import datetime
import uuid

from django.db import connection
from django_tenants.utils import schema_context

from cluster.tasks import pipeline
from cluster.tasks.models import Delivery
from sites.letters import services
from sites.letters.models import Letter, LetterEvent, LetterStatus
from sites.letters.transfer import TRANSFER, letter_transfer_failed
from tests.conftest import host_client

from .conftest import aware, letter_new

D = datetime.date


def _transfer(letter, beta, capture):
    with capture(execute=True):
        services.letter_transfer(letter=letter, user=None, target=beta, note="属于乙县职责。")


def test_a_transferred_letter_keeps_its_number_code_and_deadline_and_both_sides_see_the_history(
    in_alpha, beta, django_capture_on_commit_callbacks
):
    letter, code = letter_new("ts", now=aware(D(2026, 9, 28)), subject="乙县的道路问题")
    _transfer(letter, beta, django_capture_on_commit_callbacks)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.TRANSFERRED and letter.transferred_to_name == beta.name
    assert Delivery.objects.get(consumer=TRANSFER).status == Delivery.Status.SUCCEEDED

    with schema_context("site_beta"):
        copy = Letter.objects.get()
        assert copy.tracking_number == letter.tracking_number
        assert copy.due_on == letter.due_on == D(2026, 10, 23)
        assert copy.received_at == letter.received_at and copy.clock_started_on == D(2026, 9, 28)
        assert copy.origin_schema == "site_alpha" and copy.origin_letter_id == letter.pk
        assert copy.letter_type.slug == "ts"
        kinds = list(copy.events.values_list("kind", flat=True))
        assert kinds == ["submitted", "transferred", "transfer_received"]
        # The writer's query code works on the receiving site.
        assert services.letter_lookup(tracking_number=copy.tracking_number, query_code=code) == copy
    # The sending site's history records the receipt.
    assert letter.events.filter(kind=LetterEvent.Kind.TRANSFER_RECEIVED).exists()


def test_the_answer_on_the_receiving_site_is_reported_back_into_the_senders_history(
    in_alpha, beta, django_capture_on_commit_callbacks
):
    letter, code = letter_new("ts")
    _transfer(letter, beta, django_capture_on_commit_callbacks)
    with schema_context("site_beta"), django_capture_on_commit_callbacks(execute=True):
        copy = Letter.objects.get()
        services.letter_draft(letter=copy, user=None, reply="已修复。", reply_unit="乙县交通局")
        services.letter_submit_for_review(letter=copy, user=None)
        services.letter_approve(letter=copy, user=None)
    connection.set_tenant(in_alpha)
    answered = letter.events.get(kind=LetterEvent.Kind.ANSWERED)
    assert answered.site_name == beta.name
    # Redelivery adds nothing.
    event = Delivery.objects.filter(consumer="letters.progress").get()
    pipeline.deliver.call(
        "letters.progress",
        {
            "kind": event.kind,
            "schema": event.schema,
            "page_id": None,
            "data": event.payload,
            "id": str(uuid.uuid4()),
        },
    )
    assert letter.events.filter(kind=LetterEvent.Kind.ANSWERED).count() == 1
    # The writer looking up on the sending site is sent to the receiving site.
    lookup = host_client("alpha.localhost").post(
        "/hdjl/xx/lookup/", {"tracking_number": letter.tracking_number, "query_code": code}
    )
    body = lookup.content.decode()
    assert "已转交" in body and beta.name in body and "已修复" not in body


def test_a_transferred_letter_leaves_nothing_on_the_senders_public_pages(
    in_alpha, beta, django_capture_on_commit_callbacks
):
    letter, _ = letter_new("ts", subject="转走的来信")
    _transfer(letter, beta, django_capture_on_commit_callbacks)
    connection.set_tenant(in_alpha)
    client = host_client("alpha.localhost")
    assert "转走的来信" not in client.get("/hdjl/xx/").content.decode()
    assert client.get(f"/hdjl/xx/{letter.pk}/").status_code == 404
    assert letter.published is False


def test_a_redelivered_transfer_makes_no_second_copy(
    in_alpha, beta, django_capture_on_commit_callbacks
):
    letter, _ = letter_new("ts")
    _transfer(letter, beta, django_capture_on_commit_callbacks)
    from sites.letters.transfer import letter_transfer_apply

    connection.set_tenant(in_alpha)
    letter_transfer_apply(
        pipeline.Event(
            kind="letter.transferred",
            schema="site_alpha",
            data={"letter_id": letter.pk, "target": "site_beta"},
        )
    )
    with schema_context("site_beta"):
        assert Letter.objects.count() == 1
    assert letter.events.filter(kind=LetterEvent.Kind.TRANSFER_RECEIVED).count() == 1


def test_a_transfer_that_finally_fails_returns_the_letter_to_the_senders_queue(in_alpha, beta):
    letter, _ = letter_new("ts")
    services.letter_transfer(letter=letter, user=None, target=beta, note="属于乙县职责。")
    event = pipeline.Event(
        kind="letter.transferred",
        schema="site_alpha",
        data={"letter_id": letter.pk, "target": "site_beta"},
    )
    letter_transfer_failed(event, "boom", 3, False)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.TRANSFERRED
    letter_transfer_failed(event, "boom", 6, True)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.IN_PROGRESS and not letter.transferred_to_schema
    assert letter.events.filter(kind=LetterEvent.Kind.TRANSFER_FAILED).exists()


def test_only_active_other_sites_are_transfer_targets(in_alpha, alpha, beta):
    from django.core.exceptions import ValidationError

    letter, _ = letter_new("ts")
    try:
        services.letter_transfer(letter=letter, user=None, target=alpha, note="自己")
    except ValidationError as error:
        assert "正常运行的其他站点" in error.messages[0]
    else:
        raise AssertionError("a site cannot transfer a letter to itself")
    assert list(services.transfer_targets()) == [beta]
