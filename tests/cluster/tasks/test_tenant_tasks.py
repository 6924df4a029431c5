from django.db import connection
from django_tasks import task
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tenants.utils import schema_context

from cluster.tasks.api import enqueue


def _run(row):
    """What the worker loop does with a claimed row (the loop itself closes connections,
    which a test's transaction cannot allow)."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="database",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    row.claim("test")
    worker.run_task(row)


@task()
def site_name_of_current_schema():
    from wagtail.models import Site

    return [connection.schema_name, Site.objects.get().site_name]


def test_enqueued_task_records_its_schema_and_the_worker_runs_it_there(beta):
    with schema_context("site_beta"):
        result = site_name_of_current_schema.using(backend="database").enqueue()
    row = DBTaskResult.objects.get(id=result.id)
    assert row.args_kwargs["schema"] == "site_beta"

    _run(row)
    row.refresh_from_db()
    assert row.status == "SUCCESSFUL", row.traceback
    assert row.return_value == ["site_beta", "乙县人民政府"]
    # The worker is back on the schema it was on.
    assert connection.schema_name == "public"


def test_a_task_queued_from_one_site_for_another_runs_in_the_one_it_names(alpha, beta):
    with schema_context("site_alpha"):
        result = enqueue(site_name_of_current_schema.using(backend="database"), schema="site_beta")
        assert connection.schema_name == "site_alpha"
    row = DBTaskResult.objects.get(id=result.id)
    assert row.args_kwargs["schema"] == "site_beta"
    _run(row)
    row.refresh_from_db()
    assert row.return_value == ["site_beta", "乙县人民政府"]


def test_enqueue_on_commit_waits_for_the_transaction(beta, django_capture_on_commit_callbacks):
    from cluster.tasks.api import enqueue_on_commit

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue_on_commit(site_name_of_current_schema.using(backend="database"), schema="site_beta")
        assert not DBTaskResult.objects.exists()
    for callback in callbacks:
        callback()
    assert DBTaskResult.objects.get().args_kwargs["schema"] == "site_beta"


def test_a_failing_task_is_recorded_as_failed_with_its_traceback(alpha):
    with schema_context("site_alpha"):
        result = fail_loudly.using(backend="database").enqueue()
    row = DBTaskResult.objects.get(id=result.id)
    _run(row)
    row.refresh_from_db()
    assert row.status == "FAILED"
    assert "boom in site_alpha" in row.traceback


@task()
def fail_loudly():
    raise ValueError(f"boom in {connection.schema_name}")


@task()
def current_schema_name():
    return connection.schema_name


def test_a_task_queued_in_the_template_schema_runs_there(db):
    from cluster.onboarding.template_schema import TEMPLATE_SCHEMA

    with schema_context(TEMPLATE_SCHEMA):
        result = current_schema_name.using(backend="database").enqueue()
    row = DBTaskResult.objects.get(id=result.id)
    _run(row)
    row.refresh_from_db()
    assert row.status == "SUCCESSFUL", row.traceback
    assert row.return_value == TEMPLATE_SCHEMA
