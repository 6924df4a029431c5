"""Fixtures on the real PostgreSQL: the template schema and two sites built once per run.

Each test then runs in a transaction that is rolled back (PostgreSQL DDL included),
so onboarding inside a test leaves nothing behind.
"""

from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client
from django.test.testcases import LiveServerThread

from cluster.accounts.services import account_create, role_grant
from cluster.onboarding.services import platform_ensure, site_create
from cluster.onboarding.template_schema import template_ensure_current
from cluster.serving.memo import memo_forget
from cluster.syndication.copying import snapshots_forget
from cluster.tenants.models import SiteRole, Tenant
from cluster.tenants.validators import credit_code_check_character
from cluster.workcalendar.selectors import calendar_forget

PASSWORD = "Test-password-2026"


def make_credit_code(first17: str) -> str:
    return first17 + credit_code_check_character(first17)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        platform_ensure(console_host="console.localhost")
        template_ensure_current()
        if not Tenant.objects.filter(schema_name="site_alpha").exists():
            alpha = site_create(
                name="甲市人民政府",
                level=Tenant.Level.CITY,
                credit_code=make_credit_code("11220200013599991"),
                site_code="9900000001",
                domain="alpha.localhost",
                schema_name="site_alpha",
            )
            beta = site_create(
                name="乙县人民政府",
                level=Tenant.Level.COUNTY,
                parent=alpha,
                credit_code=make_credit_code("11220200013599992"),
                site_code="9900000002",
                domain="beta.localhost",
                schema_name="site_beta",
                theme="azure",
            )
            editor = account_create(username="alpha_editor", password=PASSWORD, name="甲编辑")
            role_grant(user=editor, tenant=alpha, role=SiteRole.Role.EDITOR)
            reviewer = account_create(username="beta_reviewer", password=PASSWORD, name="乙审核")
            role_grant(user=reviewer, tenant=beta, role=SiteRole.Role.REVIEWER)
            account_create(
                username="platform", password=PASSWORD, name="平台", is_platform_admin=True
            )
        connection.set_schema_to_public()


@pytest.fixture(scope="session")
def s3_server():
    """A real S3-compatible HTTP endpoint (moto's server) on a free port, for the whole run.

    boto3 talks to it over HTTP as to any S3-compatible service; each test that uses it
    makes a bucket of its own (the ``object_storage`` fixture).
    """
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def object_storage(settings, monkeypatch, s3_server):
    """STORAGES on object storage as production's ``MEDIA_S3_BUCKET`` sets them, a fresh bucket.

    Yields (boto3 client, bucket name) for looking at the keys directly.
    """
    import uuid

    import boto3
    from django.apps import apps
    from django.core.files.storage import storages
    from django.db import models

    from cluster.settings.base import object_storage_config

    credentials = {"access_key": "testing", "secret_key": "testing", "region": "us-east-1"}
    bucket = f"media-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name=credentials["region"],
        aws_access_key_id=credentials["access_key"],
        aws_secret_access_key=credentials["secret_key"],
    )
    client.create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        **object_storage_config(
            bucket=bucket, endpoint_url=s3_server, addressing_style="path", **credentials
        ),
    }
    # A field whose storage is a callable (STORAGES["private"]) called it when its model
    # was imported; production imports them under its own settings.
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField) and hasattr(field, "_storage_callable"):
                monkeypatch.setattr(field, "storage", field._storage_callable())
    assert storages["default"].bucket_name == bucket
    yield client, bucket


def bucket_keys(client, bucket: str, prefix: str = "") -> set[str]:
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    return {entry["Key"] for page in pages for entry in page.get("Contents", [])}


@pytest.fixture(autouse=True)
def _public_schema_after_each_test():
    yield
    # The tenant middleware leaves the connection on the last request's schema.
    connection.set_schema_to_public()
    # The working-day calendar and the serving memos are kept per process; a test's
    # arrangements are rolled back.
    calendar_forget()
    memo_forget()
    # So are syndication snapshots of rolled-back pages.
    snapshots_forget()


@pytest.fixture
def alpha(db):
    return Tenant.objects.get(schema_name="site_alpha")


@pytest.fixture
def beta(db):
    return Tenant.objects.get(schema_name="site_beta")


@pytest.fixture
def accounts(db):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.in_bulk(
        ["alpha_editor", "beta_reviewer", "platform"], field_name="username"
    )
    return users


def without_cluster_nav(html: str) -> str:
    """A page without its 站群导航, the one place where other sites' names belong."""
    import re

    return re.sub(r'<nav class="[^"]*cluster-nav".*?</nav>', "", html, flags=re.S)


@contextmanager
def live_server(handler):
    """Django behind a real socket on a free port, `handler` wrapping its WSGI app."""
    server = LiveServerThread("127.0.0.1", handler, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    try:
        yield server
    finally:
        server.terminate()


def host_client(host: str) -> Client:
    return Client(HTTP_HOST=host)


def admin_login(host: str, username: str, password: str = PASSWORD) -> tuple[Client, object]:
    client = host_client(host)
    response = client.post("/admin/login/", {"username": username, "password": password})
    return client, response


def committed(function, *args, **kwargs):
    """Run `function` in its own connection and commit, outside the test's transaction.

    For tests whose other side (a server thread, parallel publishers) only sees
    committed rows; such tests clean up the same way.
    """
    import threading

    from django.db import connection as thread_connection

    outcome = {}

    def run():
        try:
            outcome["value"] = function(*args, **kwargs)
        except Exception as error:
            outcome["error"] = error
        finally:
            thread_connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")
