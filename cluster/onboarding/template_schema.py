"""The prepared schema every new site is cloned from.

Cloning a migrated schema takes a fraction of a second where replaying every
migration takes several (see infra/bench/provision). The template is migrated and
prepared once, and brought up to date whenever the migrations on disk differ from
the ones recorded in it.
"""

import logging

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_tenants.utils import schema_context, schema_exists

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


def template_ensure_current() -> bool:
    """Create, update or rebuild the template schema as needed; True if anything changed."""
    if schema_exists(TEMPLATE_SCHEMA):
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
    from cluster.accounts.groups import role_groups_install
    from sites.portal.seed import template_clear_wagtail_defaults

    with schema_context(TEMPLATE_SCHEMA):
        template_clear_wagtail_defaults()
        role_groups_install()
