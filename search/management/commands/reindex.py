"""``manage.py reindex [--site DOMAIN]``: rebuild the cluster index from the sites' pages.

Search keeps answering from the old index until the new one is complete (each backend's
``rebuild`` swaps atomically). Shows a progress bar per backend with documents per second.
"""

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context
from tqdm import tqdm

from cluster.tenants.models import Domain, Tenant
from search.backends.registry import write_backends
from search.documents import site_documents


class Command(BaseCommand):
    help = "Rebuild the cluster search index (all sites, or one site by domain)."

    def add_arguments(self, parser):
        parser.add_argument("--site", help="Only this site (one of its domains).")

    def handle(self, *args, site=None, **options):
        if site:
            domain = Domain.objects.select_related("tenant").filter(domain=site.lower()).first()
            if domain is None or domain.tenant.is_platform:
                raise CommandError(f"No site has the domain {site}.")
            tenants = [domain.tenant]
        else:
            tenants = list(Tenant.objects.exclude(schema_name="public").order_by("id"))
        schema = tenants[0].schema_name if site else None
        for backend in write_backends():
            documents = self._documents(tenants)
            with tqdm(desc=f"{backend.name or type(backend).__name__}", unit="doc") as bar:
                written = backend.rebuild(_counting(documents, bar), schema=schema)
            elapsed = bar.format_dict.get("elapsed") or 0
            rate = written / elapsed if elapsed else 0
            self.stdout.write(f"{backend.name}: {written} documents ({rate:.0f} docs/s).")

    @staticmethod
    def _documents(tenants):
        for tenant in tenants:
            with schema_context(tenant.schema_name):
                yield from site_documents()


def _counting(documents, bar):
    for document in documents:
        bar.update(1)
        yield document
