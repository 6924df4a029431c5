"""One site backed up to one archive and restored: as a new site, or after it is gone.

pg_dump and psql see only committed rows, so these tests commit what they create (the
`committed` helper) and remove it afterwards.
"""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django_tenants.utils import schema_context

from cluster.onboarding.backup import media_checksums, site_backup, site_counts, site_restore
from cluster.onboarding.pgdump import rename_schema_in_dump
from cluster.onboarding.services import site_create
from cluster.tenants.models import Domain, Tenant
from tests.conftest import committed, host_client, make_credit_code


def _forget_media_root():
    from django.core.files.storage import storages

    # django-tenants' storage keeps the first MEDIA_ROOT it saw (a cached property that a
    # settings change does not clear).
    storages["default"].__dict__.pop("relative_media_root", None)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    _forget_media_root()
    yield settings.MEDIA_ROOT
    _forget_media_root()


def _add_document(schema, title, data):
    from wagtail.documents.models import Document

    with schema_context(schema):
        return Document.objects.create(title=title, file=ContentFile(data, name="公告附件.pdf")).pk


def _drop_site(schema):
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    Domain.objects.filter(tenant__schema_name=schema).delete()
    Tenant.objects.filter(schema_name=schema).delete()


def _titles(schema):
    from wagtail.models import Page, Revision

    with schema_context(schema):
        return (
            sorted(Page.objects.values_list("url_path", "title", "live")),
            sorted(
                (object_id, json.dumps(content, sort_keys=True))
                for object_id, content in Revision.objects.values_list("object_id", "content")
            ),
        )


def test_a_site_restored_as_a_new_site_is_identical(alpha, media_root, tmp_path):
    from wagtail.documents.models import Document

    document_id = committed(_add_document, "site_alpha", "备份测试附件", b"%PDF-1.4 backup test\n")
    try:
        archive = tmp_path / "alpha.tar.gz"
        manifest = committed(site_backup, domain="alpha.localhost", output=archive)
        assert manifest["media"], "the document's file is in the archive"
        tenant = committed(site_restore, archive_path=archive, as_domain="restored.localhost")
        assert tenant.schema_name == "site_restored"

        # Read from other connections only: a lock this test's transaction took on the
        # restored tables would keep the cleanup's DROP SCHEMA waiting for ever.
        assert committed(site_counts, "site_restored") == manifest["counts"]
        assert committed(site_counts, "site_alpha") == manifest["counts"]
        assert committed(_titles, "site_restored") == committed(_titles, "site_alpha")
        assert (
            media_checksums("site_restored") == media_checksums("site_alpha") == manifest["media"]
        )

        def restored_document():
            with schema_context("site_restored"):
                file = Document.objects.get(title="备份测试附件").file
                with file.open("rb") as handle:
                    return file.path, handle.read()

        path, data = committed(restored_document)
        assert path.startswith(str(media_root / "site_restored"))
        assert data == b"%PDF-1.4 backup test\n"

        home = committed(lambda: host_client("restored.localhost").get("/"))
        assert home.status_code == 200 and "甲市人民政府" in home.content.decode()
    finally:
        committed(_drop_site, "site_restored")

        def remove_document():
            with schema_context("site_alpha"):
                Document.objects.filter(pk=document_id).delete()

        committed(remove_document)


def test_a_site_that_is_gone_comes_back_as_it_was(db, media_root, tmp_path):
    def create():
        tenant = site_create(
            name="丙镇人民政府",
            level=Tenant.Level.TOWNSHIP,
            credit_code=make_credit_code("11220200013599993"),
            site_code="9900000003",
            domain="gamma.localhost",
            aliases=["www.gamma.localhost"],
            schema_name="site_gamma",
        )
        return tenant.pk

    committed(create)
    try:
        committed(_add_document, "site_gamma", "丙镇附件", b"%PDF-1.4 gamma\n")
        before = (committed(site_counts, "site_gamma"), committed(_titles, "site_gamma"))
        media_before = media_checksums("site_gamma")
        archive = tmp_path / "gamma.tar.gz"
        committed(site_backup, domain="www.gamma.localhost", output=archive)
        committed(_drop_site, "site_gamma")
        import shutil

        shutil.rmtree(media_root / "site_gamma")
        assert committed(lambda: host_client("gamma.localhost").get("/")).status_code == 404

        tenant = committed(site_restore, archive_path=archive)
        assert tenant.schema_name == "site_gamma" and tenant.name == "丙镇人民政府"
        domains = committed(lambda: sorted(tenant.domains.values_list("domain", "is_primary")))
        assert domains == [
            ("gamma.localhost", True),
            ("www.gamma.localhost", False),
        ]
        assert (committed(site_counts, "site_gamma"), committed(_titles, "site_gamma")) == before
        assert media_checksums("site_gamma") == media_before
        home = committed(lambda: host_client("gamma.localhost").get("/"))
        assert home.status_code == 200 and "丙镇人民政府" in home.content.decode()
    finally:
        committed(_drop_site, "site_gamma")


def test_restoring_over_a_site_that_exists_is_refused(alpha, media_root, tmp_path):
    archive = tmp_path / "alpha.tar.gz"
    committed(site_backup, domain="alpha.localhost", output=archive)
    with pytest.raises(ValidationError, match="已存在"):
        site_restore(archive_path=archive)
    with pytest.raises(ValidationError, match="已被其他站点使用"):
        site_restore(archive_path=archive, as_domain="beta.localhost", schema_name="site_unused")


def test_an_unknown_domain_has_nothing_to_back_up(db, tmp_path):
    with pytest.raises(ValidationError, match="没有域名为"):
        site_backup(domain="nobody.localhost", output=tmp_path / "x.tar.gz")


def test_the_schema_is_renamed_in_statements_but_never_in_data():
    sql = "\n".join(
        [
            "CREATE SCHEMA site_alpha;",
            "CREATE TABLE site_alpha.page (id bigint DEFAULT nextval('site_alpha.page_id_seq'::regclass));",
            "COPY site_alpha.page (id, title) FROM stdin;",
            "1\tsite_alpha. 的说明",
            "\\.",
            "SELECT pg_catalog.setval('site_alpha.page_id_seq', 1, true);",
            "CREATE TABLE site_alpha_other.x ();",
        ]
    )
    renamed = rename_schema_in_dump(sql, "site_alpha", "site_copy").split("\n")
    assert renamed[0] == "CREATE SCHEMA site_copy;"
    assert "site_copy.page" in renamed[1] and "'site_copy.page_id_seq'" in renamed[1]
    assert renamed[2] == "COPY site_copy.page (id, title) FROM stdin;"
    assert renamed[3] == "1\tsite_alpha. 的说明"
    assert "'site_copy.page_id_seq'" in renamed[5]
    assert renamed[6] == "CREATE TABLE site_alpha_other.x ();"
