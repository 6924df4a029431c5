import json

from django.core.management.base import BaseCommand

from cluster.tenants.selectors import site_list


class Command(BaseCommand):
    help = "List the sites of the cluster (name, level, parent, status, domains)."
    # System checks import every URLconf (the admin, the API, search); listing the registry
    # needs none of it. Deployments run `manage.py check --deploy` on their own.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        sites = [
            {
                "name": tenant.name,
                "schema": tenant.schema_name,
                "level": tenant.level,
                "parent": tenant.parent.name if tenant.parent else None,
                "status": tenant.status,
                "domains": [d.domain for d in tenant.domains.all()],
                "url": tenant.url(),
            }
            for tenant in site_list()
        ]
        if options["json"]:
            self.stdout.write(json.dumps(sites, ensure_ascii=False, indent=2))
            return
        for site in sites:
            self.stdout.write(
                f"{site['name']:<24} {site['level']:<10} {site['status']:<9} {site['url']}"
            )
