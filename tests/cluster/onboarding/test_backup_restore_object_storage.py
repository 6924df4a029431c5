"""Backup and restore with media on S3-compatible object storage (a real HTTP endpoint).

The storages are production's (``object_storage_config``) on moto's S3 server: each
site's files under its schema's prefix, private files under ``_private/``. pg_dump and
psql see only committed rows, so the site is made and removed with `committed`.
"""

import io
import json
import tarfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django_tenants.utils import schema_context

from cluster.onboarding.backup import (
    media_checksums,
    private_checksums,
    site_backup,
    site_counts,
    site_restore,
)
from cluster.onboarding.services import site_create
from cluster.tenants.models import Domain, Tenant
from tests.conftest import bucket_keys, committed, make_credit_code
from tests.sites.core.images import make_image

DOCUMENT = b"%PDF-1.4 stored on object storage\n"
ATTACHMENT = b"%PDF-1.4 a citizen's proof\n"


def _drop_site(schema):
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    Domain.objects.filter(tenant__schema_name=schema).delete()
    Tenant.objects.filter(schema_name=schema).delete()


def _fill(schema):
    """A document, an image with a rendition and a letter with an attachment."""
    from wagtail.documents.models import Document

    from sites.letters.models import LetterType
    from sites.letters.services import letter_submit

    with schema_context(schema):
        Document.objects.create(title="公告附件", file=ContentFile(DOCUMENT, name="公告附件.pdf"))
        make_image("现场照片").get_rendition("fill-20x20")
        letter_submit(
            letter_type=LetterType.objects.get(slug="ldxx"),
            data={
                "subject": "建议增加公交线路",
                "body": "建议开通一条直达市中心的线路。",
                "name": "王小明",
                "phone": "13912345678",
                "email": "",
                "address": "",
                "publish_consent": False,
            },
            files=[SimpleUploadedFile("证明.pdf", ATTACHMENT, content_type="application/pdf")],
        )


def _attachment_names(schema):
    from sites.letters.models import LetterAttachment

    with schema_context(schema):
        return sorted(LetterAttachment.objects.values_list("file", flat=True))


def _read(schema, model_path, **lookup):
    from django.utils.module_loading import import_string

    with schema_context(schema):
        file = import_string(model_path).objects.get(**lookup).file
        with file.open("rb") as handle:
            return handle.read()


@pytest.fixture
def stored_site(db, object_storage):
    """A committed site whose files are on the S3 server, with a neighbour's files beside it."""
    committed(
        site_create,
        name="丁区人民政府",
        level=Tenant.Level.COUNTY,
        credit_code=make_credit_code("11220200013599986"),
        site_code="9900000016",
        domain="stored.localhost",
        schema_name="site_stored",
    )
    try:
        committed(_fill, "site_stored")

        def neighbour_files():
            # Files of another site in the same bucket: never part of this site's backup.
            with schema_context("site_alpha"):
                storages["default"].save("documents/甲的文件.pdf", ContentFile(b"alpha"))
            storages["private"].save("letters/site_alpha/甲的附件.pdf", ContentFile(b"alpha"))

        committed(neighbour_files)
        yield object_storage
    finally:
        committed(_drop_site, "site_stored")


def test_a_site_on_object_storage_restored_as_a_new_site_has_its_files_under_its_own_prefix(
    stored_site, tmp_path
):
    client, bucket = stored_site
    stored_keys = bucket_keys(client, bucket, "site_stored/")
    alpha_keys = bucket_keys(client, bucket, "site_alpha/")
    archive = tmp_path / "stored.tar.gz"
    manifest = committed(site_backup, domain="stored.localhost", output=archive)

    # Every file under the site's prefix, and only those: original, rendition, document.
    assert {f"site_stored/{name}" for name in manifest["media"]} == stored_keys
    assert {name.split("/")[0] for name in manifest["media"]} == {
        "documents",
        "images",
        "original_images",
    }
    assert manifest["media"] == committed(media_checksums, "site_stored")
    # The private files are exactly those the site's rows name.
    [attachment] = committed(_attachment_names, "site_stored")
    assert attachment.startswith("letters/site_stored/")
    assert manifest["private"] == committed(private_checksums, "site_stored")
    assert list(manifest["private"]) == [attachment]
    with tarfile.open(archive, "r:gz") as opened:
        files = {member.name for member in opened.getmembers() if member.isfile()}
    assert files == {
        "tenant.json",
        "schema.sql",
        "manifest.json",
        *(f"media/{name}" for name in manifest["media"]),
        f"private/{attachment}",
    }

    try:
        tenant = committed(site_restore, archive_path=archive, as_domain="copy.localhost")
        assert tenant.schema_name == "site_copy"
        assert committed(site_counts, "site_copy") == manifest["counts"]
        assert committed(media_checksums, "site_copy") == manifest["media"]
        assert bucket_keys(client, bucket, "site_copy/") == {
            f"site_copy/{name}" for name in manifest["media"]
        }
        # Nothing was written into another site's prefix.
        assert bucket_keys(client, bucket, "site_stored/") == stored_keys
        assert bucket_keys(client, bucket, "site_alpha/") == alpha_keys

        # The copy's attachment is a file of its own, named for its schema.
        [copied] = committed(_attachment_names, "site_copy")
        assert copied == attachment.replace("letters/site_stored/", "letters/site_copy/")
        assert committed(private_checksums, "site_copy") == {
            copied: manifest["private"][attachment]
        }
        assert f"_private/{copied}" in bucket_keys(client, bucket, "_private/")
        assert committed(_attachment_names, "site_stored") == [attachment]
        letter_attachment = "sites.letters.models.LetterAttachment"
        assert committed(_read, "site_copy", letter_attachment, file=copied) == ATTACHMENT

        document = committed(
            _read, "site_copy", "wagtail.documents.models.Document", title="公告附件"
        )
        assert document == DOCUMENT
    finally:
        committed(_drop_site, "site_copy")


def test_a_site_gone_from_object_storage_comes_back_with_the_same_keys(stored_site, tmp_path):
    client, bucket = stored_site
    before = (
        committed(site_counts, "site_stored"),
        committed(media_checksums, "site_stored"),
        committed(private_checksums, "site_stored"),
    )
    keys = bucket_keys(client, bucket, "site_stored/") | bucket_keys(
        client, bucket, "_private/letters/site_stored/"
    )
    archive = tmp_path / "stored.tar.gz"
    committed(site_backup, domain="stored.localhost", output=archive)

    committed(_drop_site, "site_stored")
    for key in keys:
        client.delete_object(Bucket=bucket, Key=key)
    assert not bucket_keys(client, bucket, "site_stored/")

    committed(site_restore, archive_path=archive)
    after = (
        committed(site_counts, "site_stored"),
        committed(media_checksums, "site_stored"),
        committed(private_checksums, "site_stored"),
    )
    assert after == before
    assert (
        bucket_keys(client, bucket, "site_stored/")
        | bucket_keys(client, bucket, "_private/letters/site_stored/")
    ) == keys


def _rewrite(source, target, *, manifest_change, format_1=False):
    """A copy of an archive with its manifest changed; as format 1: manifest first, no private/."""
    with tarfile.open(source, "r:gz") as old:
        manifest = json.loads(old.extractfile("manifest.json").read())
        manifest_change(manifest)
        data = json.dumps(manifest, ensure_ascii=False).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        with tarfile.open(target, "w:gz") as new:
            if format_1:
                new.addfile(info, io.BytesIO(data))
            for member in old.getmembers():
                if member.name == "manifest.json" or (
                    format_1 and member.name.startswith("private/")
                ):
                    continue
                new.addfile(member, old.extractfile(member))
            if not format_1:
                new.addfile(info, io.BytesIO(data))


def test_an_archive_whose_file_does_not_match_its_checksum_is_refused_and_leaves_nothing(
    stored_site, tmp_path
):
    client, bucket = stored_site
    archive = tmp_path / "stored.tar.gz"
    manifest = committed(site_backup, domain="stored.localhost", output=archive)
    document = next(name for name in manifest["media"] if name.startswith("documents/"))

    def tamper(manifest):
        manifest["media"][document] = "0" * 64

    tampered = tmp_path / "tampered.tar.gz"
    _rewrite(archive, tampered, manifest_change=tamper)
    try:
        with pytest.raises(ValidationError, match="已损坏"):
            committed(site_restore, archive_path=tampered, as_domain="tampered.localhost")
        assert not bucket_keys(client, bucket, "site_tampered/")
        assert not Tenant.objects.filter(schema_name="site_tampered").exists()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = 'site_tampered'")
            assert cursor.fetchone() is None
    finally:
        committed(_drop_site, "site_tampered")


def test_a_format_1_archive_still_restores_onto_object_storage(stored_site, tmp_path):
    client, bucket = stored_site
    archive = tmp_path / "stored.tar.gz"
    manifest = committed(site_backup, domain="stored.localhost", output=archive)

    def as_format_1(manifest):
        manifest["format"] = 1
        del manifest["private"]

    legacy = tmp_path / "legacy.tar.gz"
    _rewrite(archive, legacy, manifest_change=as_format_1, format_1=True)
    try:
        committed(site_restore, archive_path=legacy, as_domain="legacy.localhost")
        assert committed(site_counts, "site_legacy") == manifest["counts"]
        assert committed(media_checksums, "site_legacy") == manifest["media"]
        assert bucket_keys(client, bucket, "site_legacy/") == {
            f"site_legacy/{name}" for name in manifest["media"]
        }
    finally:
        committed(_drop_site, "site_legacy")
