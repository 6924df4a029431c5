from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from cluster.onboarding.backup import site_counts, site_restore


class Command(BaseCommand):
    help = "Restore a backup_site archive: as it was, or as a new site with --as-domain."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--as-domain", default="", help="restore as a new site at this domain")
        parser.add_argument(
            "--schema", default="", help="schema of the restored site (default: derived)"
        )

    def handle(self, *args, archive, as_domain="", schema="", **options):
        try:
            tenant = site_restore(
                archive_path=Path(archive), as_domain=as_domain, schema_name=schema
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        # The cluster search index has none of the restored pages yet.
        call_command("reindex", site=tenant.domains.get(is_primary=True).domain, stdout=self.stdout)
        counts = site_counts(tenant.schema_name)
        self.stdout.write(
            f"Restored {tenant.name} into {tenant.schema_name} "
            f"({', '.join(tenant.domains.values_list('domain', flat=True))}): "
            f"{counts['pages']} pages, {counts['revisions']} revisions, {counts['documents']} documents."
        )
