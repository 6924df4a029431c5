"""Media on S3-compatible object storage keeps each site's files under its own prefix.

No S3 server is reachable here: the storage is built from the production settings'
helper and only its computed keys and signed URLs are checked (botocore signs locally).
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import SuspiciousOperation
from django.core.files.storage import storages
from django.utils.module_loading import import_string
from django_tenants.utils import schema_context

from cluster.settings.base import object_storage_config

ROOT = Path(__file__).resolve().parents[3]


def _storages(**overrides):
    config = object_storage_config(
        bucket="cluster-media",
        endpoint_url="https://s3.example.cn",
        region="cn-north-1",
        access_key="AKIDEXAMPLE",
        secret_key="secret-example",
        addressing_style="path",
    )
    built = {}
    for alias, entry in config.items():
        options = {**entry["OPTIONS"], **overrides}
        built[alias] = import_string(entry["BACKEND"])(**options)
    return built


def _key(url: str) -> str:
    # Path-style: /<bucket>/<key>
    return urlsplit(url).path.removeprefix("/cluster-media/")


def test_a_sites_files_are_stored_under_its_schema_prefix():
    storage = _storages()["default"]
    with schema_context("site_alpha"):
        assert storage._normalize_name("original_images/gate.jpg") == (
            "site_alpha/original_images/gate.jpg"
        )
        url = storage.url("original_images/gate.jpg")
    assert _key(url) == "site_alpha/original_images/gate.jpg"
    assert urlsplit(url).netloc == "s3.example.cn"
    # A private bucket: the URL is signed and expires.
    assert "X-Amz-Signature=" in url
    assert "X-Amz-Expires=3600" in url


def test_two_sites_with_the_same_file_name_get_different_keys():
    storage = _storages()["default"]
    with schema_context("site_alpha"):
        alpha_url = storage.url("documents/通知.pdf")
    with schema_context("site_beta"):
        beta_url = storage.url("documents/通知.pdf")
    assert _key(alpha_url).startswith("site_alpha/documents/")
    assert _key(beta_url).startswith("site_beta/documents/")
    assert _key(alpha_url) != _key(beta_url)


def test_a_name_cannot_climb_into_another_sites_prefix():
    storage = _storages()["default"]
    with schema_context("site_alpha"), pytest.raises(SuspiciousOperation):
        storage._normalize_name("../site_beta/documents/secret.pdf")


def test_a_bucket_wide_prefix_goes_in_front_of_the_schema():
    storage = _storages(location="media")["default"]
    with schema_context("site_beta"):
        assert storage._normalize_name("x.png") == "media/site_beta/x.png"


def test_private_files_share_no_prefix_with_any_site():
    private = _storages()["private"]
    with schema_context("site_alpha"):
        assert private._normalize_name("exports/audit.csv") == "_private/exports/audit.csv"


def test_uploads_never_overwrite_a_file_of_the_same_name():
    assert _storages()["default"].file_overwrite is False


def test_a_large_file_read_from_object_storage_spills_to_disk():
    # Backups read every file of a site; none is held whole in memory.
    for storage in _storages().values():
        assert 0 < storage.max_memory_size <= 64 * 1024 * 1024


def test_local_media_keeps_the_same_per_schema_layout(settings, tmp_path):
    # The mechanism extended: django-tenants' file storage, MEDIA_ROOT/<schema>/.
    settings.MEDIA_ROOT = tmp_path
    storage = storages.create_storage(settings.STORAGES["default"])
    with schema_context("site_alpha"):
        assert storage.path("x.png") == str(tmp_path / "site_alpha" / "x.png")
        assert storage.url("x.png") == "/media/site_alpha/x.png"


def _production_settings(**variables) -> dict:
    env = {
        # Not the test run's own switches.
        **{key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "cluster.settings.production",
        "SECRET_KEY": "object-storage-check-only-" + "x7Pq" * 10,
        "DATABASE_URL": "postgres://nobody:nothing@127.0.0.1:9/none",
        **variables,
    }
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'default': s.STORAGES['default']['BACKEND'], "
        "'private': s.STORAGES['private']['BACKEND'], 'accel': s.MEDIA_ACCEL_REDIRECT, "
        "'docs': getattr(s, 'WAGTAILDOCS_SERVE_METHOD', None), "
        "'sendfile': getattr(s, 'SENDFILE_BACKEND', None)}))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_settings_put_media_on_object_storage_when_a_bucket_is_set():
    chosen = _production_settings(MEDIA_S3_BUCKET="cluster-media")
    assert chosen == {
        "default": "cluster.tenants.object_storage.TenantS3Storage",
        "private": "storages.backends.s3.S3Storage",
        "accel": False,
        "docs": "redirect",
        "sendfile": None,
    }


def test_production_settings_keep_local_media_behind_nginx_without_a_bucket():
    chosen = _production_settings()
    assert chosen["default"] == "django_tenants.files.storage.TenantFileSystemStorage"
    assert chosen["accel"] is True
    assert chosen["sendfile"] == "cluster.tenants.media"
