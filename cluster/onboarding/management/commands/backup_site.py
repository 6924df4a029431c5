from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cluster.onboarding.backup import site_backup


class Command(BaseCommand):
    help = "Back up one site (its schema, media, registry row and domains) to one archive."

    def add_arguments(self, parser):
        parser.add_argument("domain", help="any domain of the site, e.g. portal.localhost")
        parser.add_argument(
            "--output", help="archive path (default: backups/<domain>-<time>.tar.gz)"
        )

    def handle(self, *args, domain, output=None, **options):
        path = Path(output or f"backups/{domain}-{timezone.now():%Y%m%d-%H%M%S}.tar.gz")
        try:
            manifest = site_backup(domain=domain, output=path)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        counts = manifest["counts"]
        self.stdout.write(
            f"{path}: {manifest['schema']}, {counts['pages']} pages, {counts['revisions']} revisions, "
            f"{counts['documents']} documents, {len(manifest['media'])} media files, "
            f"{len(manifest['private'])} private files."
        )
