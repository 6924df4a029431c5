"""The prepared schema every new site is cloned from.

Cloning a migrated schema takes a fraction of a second where replaying every
migration takes several (see infra/bench/provision). The template is migrated and
prepared once, and brought up to date whenever the migrations on disk differ from
the ones recorded in it.

A clone replays ``pg_dump`` of the template with the schema renamed. django-tenants'
own ``clone_schema()`` asks ``information_schema`` about every column, which slows
down with every schema in the database (2.6 s a site at 20 sites, 18 s at 95); the
dump is taken once per template generation and replaying it costs the same at 1,000
sites as at one. Every build or update of the template stamps a new generation on
the schema's comment, so a process never replays a stale dump.
"""

import importlib.util
import json
import logging
import os
import pkgutil
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django_tenants.utils import schema_context, schema_exists

from .pgdump import libpq_env, pg_binary, rename_schema_in_dump

logger = logging.getLogger(__name__)

TEMPLATE_SCHEMA = settings.TENANT_BASE_SCHEMA


def template_migration_drift() -> tuple[list, list]:
    """(migrations on disk not applied in the template, migrations applied but gone from disk)."""
    with schema_context(TEMPLATE_SCHEMA):
        executor = MigrationExecutor(connection)
        loader = executor.loader
        pending = executor.migration_plan(loader.graph.leaf_nodes())
        gone = sorted(set(loader.applied_migrations) - set(loader.disk_migrations))
    return pending, gone


def _disk_migration_names() -> set[tuple[str, str]]:
    """(app, name) of every migration file, found the way MigrationLoader finds them, unimported."""
    names = set()
    for app_config in apps.get_app_configs():
        module_name, _explicit = MigrationLoader.migrations_module(app_config.label)
        if module_name is None:
            continue
        try:
            spec = importlib.util.find_spec(module_name)
        except ModuleNotFoundError:
            continue
        if spec is None or not spec.submodule_search_locations:
            continue
        for module in pkgutil.iter_modules(spec.submodule_search_locations):
            if not module.ispkg and not module.name.startswith(("_", "~")):
                names.add((app_config.label, module.name))
    return names


def _template_recorded_migrations() -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT app, name FROM "{TEMPLATE_SCHEMA}".django_migrations')  # noqa: S608
        return set(cursor.fetchall())


def template_ensure_current() -> bool:
    """Create, update or rebuild the template schema as needed; True if anything changed."""
    if schema_exists(TEMPLATE_SCHEMA):
        # Onboarding asks this every time: comparing file names costs milliseconds where
        # loading the migration graph costs a second. Anything unusual (a squashed
        # migration recorded under its replaced names) takes the full check below.
        if _disk_migration_names() == _template_recorded_migrations():
            return False
        pending, gone = template_migration_drift()
        if not pending and not gone:
            return False
        if gone:
            logger.info("Template schema records migrations no longer on disk; rebuilding it.")
            template_drop()
            return template_build()
        logger.info("Applying %d new migrations to the template schema.", len(pending))
        _migrate_template()
        _prepare_template()
        return True
    return template_build()


def template_build() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA "{TEMPLATE_SCHEMA}"')
    _migrate_template()
    _prepare_template()
    return True


def template_drop() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{TEMPLATE_SCHEMA}" CASCADE')


def _migrate_template() -> None:
    call_command(
        "migrate_schemas",
        schema_name=TEMPLATE_SCHEMA,
        tenant=True,
        interactive=False,
        verbosity=0,
    )


def _prepare_template() -> None:
    from wagtail.models import ModelLogEntry, Page, PageLogEntry

    from cluster.accounts.groups import permission_names_localise, role_groups_install

    from .seeding import template_prepare

    with schema_context(TEMPLATE_SCHEMA):
        template_prepare()
        role_groups_install()
        permission_names_localise()
        # A new site's history starts with the site: not with the removal of Wagtail's
        # "Welcome to your new Wagtail site!" page. Its tree's root is named in Chinese.
        PageLogEntry.objects.all().delete()
        ModelLogEntry.objects.all().delete()
        Page.objects.filter(depth=1).update(title="根目录", draft_title="根目录")
    with connection.cursor() as cursor:
        cursor.execute(
            f'COMMENT ON SCHEMA "{TEMPLATE_SCHEMA}" IS %s', [f"generation {uuid.uuid4().hex}"]
        )


@dataclass(frozen=True)
class TemplateDump:
    """The template's pg_dump cut into what a clone executes, in order."""

    generation: str
    # ("sql", statements) or ("copy", "COPY … FROM stdin;", data); schema written as TEMPLATE.
    steps: tuple[tuple[str, str, str], ...]


_dumps: dict[str, TemplateDump] = {}


def template_generation() -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT obj_description(%s::regnamespace, 'pg_namespace')", [TEMPLATE_SCHEMA]
        )
        row = cursor.fetchone()
    return (row[0] if row else None) or ""


def template_dump() -> TemplateDump:
    """The current generation's dump, taken once per process and kept on disk for the next.

    ``manage.py create_site`` is a process of its own each time: reading the kept dump
    spares it the pg_dump run (0.1 s). A generation is never reused, so a kept dump
    is never stale.
    """
    generation = template_generation()
    if not generation:
        # A template built before generations were stamped: stamp it now.
        with connection.cursor() as cursor:
            generation = f"generation {uuid.uuid4().hex}"
            cursor.execute(f'COMMENT ON SCHEMA "{TEMPLATE_SCHEMA}" IS %s', [generation])
    if generation not in _dumps:
        _dumps.clear()
        steps = _kept_steps(generation)
        if steps is None:
            steps = tuple(_dump_steps())
            _keep_steps(generation, steps)
        _dumps[generation] = TemplateDump(generation, steps)
    return _dumps[generation]


def _kept_path(generation: str) -> Path | None:
    folder = settings.TEMPLATE_DUMP_DIR
    if not folder:
        return None
    return Path(folder) / f"{generation.removeprefix('generation ')}.json"


def _kept_steps(generation: str) -> tuple | None:
    path = _kept_path(generation)
    if path is None:
        return None
    try:
        return tuple(tuple(step) for step in json.loads(path.read_text()))
    except (OSError, ValueError):
        return None


def _keep_steps(generation: str, steps: tuple) -> None:
    """Write the dump for later processes; a folder that cannot be written costs only time."""
    path = _kept_path(generation)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for older in path.parent.glob("*.json"):
            older.unlink(missing_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(steps))
        partial.replace(path)
    except OSError:
        logger.warning("Could not keep the template dump in %s.", path.parent, exc_info=True)


# Comments, the dump's session settings, psql meta-commands and the schema itself: a
# clone creates its schema, runs inside the caller's transaction and must leave its
# connection's search_path alone.
_SKIPPED = (
    "--",
    "CREATE SCHEMA ",
    "SET ",
    "SELECT pg_catalog.set_config(",
    "\\restrict",
    "\\unrestrict",
    "COMMENT ON SCHEMA",
)


def _dump_steps():
    dump = subprocess.run(  # noqa: S603
        [pg_binary("pg_dump"), "--schema", TEMPLATE_SCHEMA, "--no-owner", "--no-privileges"],
        env=libpq_env(),
        capture_output=True,
        check=False,
    )
    if dump.returncode != 0:
        raise RuntimeError(f"pg_dump failed: {dump.stderr.decode(errors='replace')}")
    statements: list[str] = []
    lines = iter(dump.stdout.decode().split("\n"))
    for line in lines:
        if line.startswith("COPY ") and line.rstrip().endswith("FROM stdin;"):
            if statements:
                yield ("sql", "\n".join(statements), "")
                statements = []
            data = []
            for row in lines:
                if row == "\\.":
                    break
                data.append(row + "\n")
            yield ("copy", line, "".join(data))
        elif line.startswith(_SKIPPED):
            continue
        else:
            statements.append(line)
    if statements:
        yield ("sql", "\n".join(statements), "")


def template_clone(schema_name: str) -> None:
    """Create `schema_name` as a copy of the template (structure and rows), atomically."""
    dump = template_dump()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA "{schema_name}"')
        for kind, statement, data in dump.steps:
            statement = rename_schema_in_dump(statement, TEMPLATE_SCHEMA, schema_name)
            if kind == "sql":
                cursor.execute(statement)
            else:
                with cursor.cursor.copy(statement.rstrip().removesuffix(";")) as copy:
                    copy.write(data)
