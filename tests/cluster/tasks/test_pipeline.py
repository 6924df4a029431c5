"""The publish pipeline: page and site events reach consumers after commit, in their schema."""

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult
from django_tenants.utils import schema_context

from cluster.onboarding.services import site_set_status
from cluster.tasks import pipeline
from cluster.tasks.models import Delivery
from tests.conftest import host_client
from tests.sites.disclosure.conftest import make_document

from .test_tenant_tasks import _run


@pytest.fixture
def received():
    seen = []

    def handler(event):
        seen.append((event.kind, event.schema, event.page_id, connection.schema_name))

    pipeline.register("test.recorder", handler, kinds=pipeline.PAGE_EVENTS | pipeline.SITE_EVENTS)
    yield seen
    pipeline.unregister("test.recorder")


def test_publishing_reaches_consumers_only_after_commit_in_the_sites_schema(
    alpha, received, django_capture_on_commit_callbacks
):
    with schema_context("site_alpha"):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            document = make_document()
        assert received == []  # nothing inside the transaction
        for callback in callbacks:
            callback()
    assert (pipeline.PAGE_PUBLISHED, "site_alpha", document.pk, "site_alpha") in received
    delivery = Delivery.objects.get(consumer="test.recorder", page_id=document.pk)
    assert delivery.status == Delivery.Status.SUCCEEDED and delivery.attempts == 1


def test_unpublish_move_and_delete_are_events_too(
    alpha, received, django_capture_on_commit_callbacks
):
    from wagtail.models import Page

    with schema_context("site_alpha"), django_capture_on_commit_callbacks(execute=True):
        document = make_document()
        document.unpublish()
        target = Page.objects.get(slug="art20-02", depth=5)
        document.move(target, pos="last-child")
        Page.objects.get(pk=document.pk).delete()
    kinds = [kind for kind, _schema, page_id, _on in received if page_id == document.pk]
    assert kinds == [
        pipeline.PAGE_PUBLISHED,
        pipeline.PAGE_UNPUBLISHED,
        pipeline.PAGE_MOVED,
        pipeline.PAGE_DELETED,
    ]


def test_site_status_changes_are_events_of_that_site(
    beta, received, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        site_set_status(tenant=beta, status="suspended")
        site_set_status(tenant=beta, status="active")
    assert [(kind, schema, on) for kind, schema, _p, on in received] == [
        (pipeline.SITE_SUSPENDED, "site_beta", "site_beta"),
        (pipeline.SITE_REACTIVATED, "site_beta", "site_beta"),
    ]


def test_a_failing_consumer_is_recorded_retried_and_never_blocks_the_others(
    alpha, received, django_capture_on_commit_callbacks
):
    def broken(event):
        raise ConnectionError("search engine unreachable")

    pipeline.register("test.broken", broken, kinds={pipeline.PAGE_PUBLISHED})
    try:
        with schema_context("site_alpha"), django_capture_on_commit_callbacks(execute=True):
            document = make_document()
    finally:
        pipeline.unregister("test.broken")
    assert (pipeline.PAGE_PUBLISHED, "site_alpha", document.pk, "site_alpha") in received
    failed = Delivery.objects.get(consumer="test.broken")
    assert failed.status == Delivery.Status.RETRYING and failed.attempts == 1
    assert "search engine unreachable" in failed.last_error and failed.next_attempt_at
    # The console lists it.
    client = host_client("console.localhost")
    client.post("/login/", {"username": "platform", "password": "Test-password-2026"})
    assert "search engine unreachable" in client.get("/deliveries/").content.decode()


def test_retries_back_off_through_the_queue_until_the_last_attempt(alpha, settings):
    calls = []

    def flaky(event):
        calls.append(connection.schema_name)
        raise ConnectionError("down")

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    pipeline.register("test.flaky", flaky, kinds={pipeline.PAGE_PUBLISHED})
    try:
        event = pipeline.Event(kind=pipeline.PAGE_PUBLISHED, schema="site_alpha", page_id=1)
        pipeline._dispatch(event)
        for attempt in range(1, pipeline.MAX_ATTEMPTS + 1):
            (row,) = [
                row
                for row in DBTaskResult.objects.filter(status="READY")
                if row.args_kwargs["args"][0] == "test.flaky"
            ]
            assert row.args_kwargs["schema"] == "site_alpha"
            if attempt > 1:
                assert row.run_after is not None
            _run(row)
    finally:
        pipeline.unregister("test.flaky")
    assert calls == ["site_alpha"] * pipeline.MAX_ATTEMPTS
    delivery = Delivery.objects.get(consumer="test.flaky")
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == pipeline.MAX_ATTEMPTS
    assert not [
        row
        for row in DBTaskResult.objects.filter(status="READY")
        if row.args_kwargs["args"][0] == "test.flaky"
    ]
    assert connection.schema_name == "public"


def test_a_delivered_event_is_not_handled_twice(alpha, received):
    event = pipeline.Event(kind=pipeline.PAGE_PUBLISHED, schema="site_alpha", page_id=7)
    pipeline._dispatch(event)
    pipeline._dispatch(event)
    assert len([r for r in received if r[2] == 7]) == 1
