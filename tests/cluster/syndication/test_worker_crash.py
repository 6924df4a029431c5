"""The real worker killed (SIGKILL) in the middle of a fan-out to 20 subscribers.

Everything here is committed (the worker is another process), so the test builds its
own source site and subscribers and removes them, schemas included, at the end.
"""

import pytest
from django.db import connection
from django.test import override_settings
from django_tenants.utils import schema_context

from cluster.onboarding.services import site_create
from cluster.syndication.models import CopyDelivery
from cluster.syndication.services import channel_create
from cluster.tenants.models import Tenant
from sites.core.models import CopyOrigin
from tests.cluster.tasks.worker import DATABASE_QUEUE, worker_killed_when, worker_start
from tests.conftest import committed, make_credit_code
from tests.sites.disclosure.conftest import make_document

SUBSCRIBERS = 20
SOURCE = "site_crashsrc"


def _build():
    source = site_create(
        name="崩溃测试市人民政府",
        level=Tenant.Level.CITY,
        credit_code=make_credit_code("11220200013590000"),
        site_code="9890000000",
        domain="crashsrc.localhost",
        schema_name=SOURCE,
    )
    channel_create(
        source=source,
        name="市政府文件",
        source_column_path="xxgk/fdzdgknr",
        subscribe_children_by_default=True,
    )
    for number in range(1, SUBSCRIBERS + 1):
        site_create(
            name=f"崩溃测试第{number}部门",
            level=Tenant.Level.DEPARTMENT,
            parent=source,
            credit_code=make_credit_code(f"112202000135{number:05d}"),
            site_code=f"98{number:08d}",
            domain=f"crash{number}.localhost",
            schema_name=f"site_crash{number}",
        )


def _publish() -> int:
    with override_settings(TASKS=DATABASE_QUEUE), schema_context(SOURCE):
        return make_document(title="关于崩溃恢复演练的通知").pk


def _clean():
    from django_tasks_db.models import DBTaskResult

    from cluster.tasks.models import Delivery
    from search.backends.registry import postgres_backend

    tenants = list(Tenant.objects.filter(schema_name__startswith="site_crash"))
    schemas = [tenant.schema_name for tenant in tenants]
    CopyDelivery.objects.filter(subscriber__in=tenants).delete()
    Delivery.objects.filter(schema__in=schemas).delete()
    DBTaskResult.objects.all().delete()
    for tenant in sorted(tenants, key=lambda t: t.parent_id is None):
        tenant.delete()
    with connection.cursor() as cursor:
        for schema in schemas:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            postgres_backend().delete_site(schema)


@pytest.fixture
def crash_cluster(db):
    committed(_clean)
    committed(_build)
    yield
    committed(_clean)


def test_a_worker_killed_mid_fan_out_leaves_exactly_one_copy_on_every_subscriber(crash_cluster):
    page_id = committed(_publish)
    worker_killed_when(
        lambda: (
            CopyDelivery.objects.filter(
                source_page_id=page_id, status=CopyDelivery.Status.DELIVERED
            ).count()
            >= 5
        ),
        timeout=120,
    )
    killed_at = CopyDelivery.objects.filter(
        source_page_id=page_id, status=CopyDelivery.Status.DELIVERED
    ).count()
    assert 5 <= killed_at < SUBSCRIBERS, "the worker was not killed in the middle of the fan-out"

    second = worker_start("--batch")
    _out, errors = second.communicate(timeout=300)
    assert second.returncode == 0, errors.decode()[-2000:]

    deliveries = CopyDelivery.objects.filter(source_page_id=page_id, source_schema=SOURCE)
    assert deliveries.count() == SUBSCRIBERS
    assert set(deliveries.values_list("status", flat=True)) == {CopyDelivery.Status.DELIVERED}
    # Read from another connection: this test's transaction must hold no lock on the
    # subscribers' tables, or dropping their schemas afterwards would wait for it.
    assert committed(_copies_per_subscriber, page_id) == [1] * SUBSCRIBERS


def _copies_per_subscriber(page_id):
    counts = []
    for number in range(1, SUBSCRIBERS + 1):
        with schema_context(f"site_crash{number}"):
            counts.append(CopyOrigin.objects.filter(source_page_id=page_id).count())
    return counts
