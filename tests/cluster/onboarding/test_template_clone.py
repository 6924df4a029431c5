"""A new site's schema is a replay of the template's dump: same structure, same rows, its own
sequences, inside the caller's transaction."""

import pytest
from django.db import connection, transaction
from django.db.utils import ProgrammingError
from django_tenants.utils import schema_context, schema_exists

from cluster.onboarding import template_schema
from cluster.onboarding.template_schema import TEMPLATE_SCHEMA, template_clone, template_dump

pytestmark = pytest.mark.django_db


def _catalog(schema: str) -> dict:
    """What a schema holds, with its own name written as SCHEMA so two can be compared."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relkind, c.relname FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s
            """,
            [schema],
        )
        relations = sorted(cursor.fetchall())
        cursor.execute(
            """
            SELECT t.relname, co.conname, pg_get_constraintdef(co.oid) FROM pg_constraint co
            JOIN pg_class t ON t.oid = co.conrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = %s
            """,
            [schema],
        )
        constraints = sorted(
            (table, name, definition.replace(f"{schema}.", "SCHEMA."))
            for table, name, definition in cursor.fetchall()
        )
        cursor.execute(
            """
            SELECT c.relname, a.attname, pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d
            JOIN pg_class c ON c.oid = d.adrelid
            JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
            JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s
            """,
            [schema],
        )
        defaults = sorted(cursor.fetchall())
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = %s ORDER BY indexname", [schema]
        )
        # A partial index's predicate may deparse differently after a round trip (same
        # meaning): compare what is indexed and whether it is partial.
        indexes = [
            (head.replace(f"{schema}.", "SCHEMA."), bool(predicate))
            for head, _where, predicate in (
                row[0].partition(" WHERE ") for row in cursor.fetchall()
            )
        ]
        rows = {}
        for kind, table in relations:
            if kind == "r":
                cursor.execute(f'SELECT count(*) FROM "{schema}"."{table}"')  # noqa: S608 (catalog names)
                rows[table] = cursor.fetchone()[0]
    return {
        "relations": relations,
        "constraints": constraints,
        "defaults": defaults,
        "indexes": indexes,
        "rows": rows,
    }


def test_clone_has_the_templates_tables_indexes_constraints_and_rows():
    template_clone("clone_probe")

    template, clone = _catalog(TEMPLATE_SCHEMA), _catalog("clone_probe")
    assert len(clone["relations"]) > 100
    assert clone["relations"] == template["relations"]
    assert clone["constraints"] == template["constraints"]
    assert clone["indexes"] == template["indexes"]
    assert clone["rows"] == template["rows"]
    assert sum(clone["rows"].values()) > 0


def test_clone_sequences_and_foreign_keys_belong_to_the_new_schema():
    template_clone("clone_probe")

    with connection.cursor() as cursor:
        # Identity and serial columns draw from sequences of the clone's own schema.
        cursor.execute(
            """
            SELECT c.relname, a.attname,
                   pg_get_serial_sequence(format('%%I.%%I', n.nspname, c.relname), a.attname)
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = %s AND c.relkind = 'r' AND a.attnum > 0
              AND (a.attidentity <> '' OR pg_get_serial_sequence(
                       format('%%I.%%I', n.nspname, c.relname), a.attname) IS NOT NULL)
            """,
            ["clone_probe"],
        )
        sequences = cursor.fetchall()
        assert len(sequences) > 50
        assert all(sequence.startswith("clone_probe.") for _t, _c, sequence in sequences)
        cursor.execute(f"SELECT last_value FROM {TEMPLATE_SCHEMA}.wagtailcore_locale_id_seq")  # noqa: S608
        template_last = cursor.fetchone()[0]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FROM pg_constraint co
            JOIN pg_namespace n ON n.oid = co.connamespace
            JOIN pg_class target ON target.oid = co.confrelid
            JOIN pg_namespace tn ON tn.oid = target.relnamespace
            WHERE n.nspname = 'clone_probe' AND co.contype = 'f' AND tn.nspname = %s
            """,
            [TEMPLATE_SCHEMA],
        )
        assert cursor.fetchone()[0] == 0
    with schema_context("clone_probe"):
        from wagtail.models import Locale

        Locale.objects.create(language_code="en")
        assert Locale.objects.filter(language_code="en").exists()
    with schema_context(TEMPLATE_SCHEMA):
        assert not Locale.objects.filter(language_code="en").exists()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT last_value FROM {TEMPLATE_SCHEMA}.wagtailcore_locale_id_seq")  # noqa: S608
        assert cursor.fetchone()[0] == template_last


def test_clone_leaves_the_connections_search_path_alone():
    with schema_context("site_alpha"), connection.cursor() as cursor:
        cursor.execute("SHOW search_path")
        before = cursor.fetchone()[0]
        template_clone("clone_probe")
        cursor.execute("SHOW search_path")
        assert cursor.fetchone()[0] == before


def test_a_failed_clone_leaves_no_schema_behind():
    with pytest.raises(ProgrammingError), transaction.atomic():
        template_clone("clone_probe")
        template_clone("clone_probe")
    assert not schema_exists("clone_probe")


def test_a_new_template_generation_is_dumped_again():
    first = template_dump()
    assert template_dump() is first
    with connection.cursor() as cursor:
        cursor.execute(f'COMMENT ON SCHEMA "{TEMPLATE_SCHEMA}" IS %s', ["generation test"])
    second = template_dump()
    assert second.generation == "generation test"
    assert second is not first
    assert template_schema._dumps == {"generation test": second}


def test_the_next_process_reads_the_kept_dump_instead_of_running_pg_dump(
    settings, tmp_path, monkeypatch
):
    settings.TEMPLATE_DUMP_DIR = str(tmp_path)
    monkeypatch.setattr(template_schema, "_dumps", {})
    taken = template_dump()
    assert [path.name for path in tmp_path.iterdir()] == [
        taken.generation.removeprefix("generation ") + ".json"
    ]

    def no_pg_dump():
        raise AssertionError("pg_dump ran although the dump was kept")

    monkeypatch.setattr(template_schema, "_dumps", {})  # as in a new process
    monkeypatch.setattr(template_schema, "_dump_steps", no_pg_dump)
    assert template_dump().steps == taken.steps


def test_a_kept_dump_of_an_older_generation_is_replaced(settings, tmp_path, monkeypatch):
    settings.TEMPLATE_DUMP_DIR = str(tmp_path)
    monkeypatch.setattr(template_schema, "_dumps", {})
    (tmp_path / "older.json").write_text("[]")
    with connection.cursor() as cursor:
        cursor.execute(f'COMMENT ON SCHEMA "{TEMPLATE_SCHEMA}" IS %s', ["generation newer"])
    assert template_dump().steps
    assert [path.name for path in tmp_path.iterdir()] == ["newer.json"]


def test_the_quick_drift_check_finds_the_same_migrations_as_djangos_loader():
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    assert template_schema._disk_migration_names() == set(loader.disk_migrations)
    # The test database's template is current, so onboarding skips the migration graph.
    assert template_schema._template_recorded_migrations() == set(loader.disk_migrations)
    assert template_schema.template_ensure_current() is False
