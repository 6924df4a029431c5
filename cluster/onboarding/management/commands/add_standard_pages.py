from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from cluster.onboarding.services import site_add_standard_pages
from cluster.tenants.models import Tenant


class Command(BaseCommand):
    help = (
        "Give sites onboarded before an app the standard pages new sites get from it "
        "(信箱, 意见征集, 在线访谈, 权责清单). Adds only what a site lacks; safe to run again."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "sites",
            nargs="*",
            help="domains or schemas of the sites (default: every site that is not archived)",
        )

    def handle(self, *args, **options):
        tenants = Tenant.objects.exclude(schema_name="public").order_by("schema_name")
        if options["sites"]:
            wanted = options["sites"]
            tenants = tenants.filter(
                Q(schema_name__in=wanted) | Q(domains__domain__in=wanted)
            ).distinct()
            found = {t.schema_name for t in tenants} | {
                domain for t in tenants for domain in t.domains.values_list("domain", flat=True)
            }
            missing = [name for name in wanted if name not in found]
            if missing:
                raise CommandError(f"No site has the domain or schema “{'”, “'.join(missing)}”.")
        else:
            tenants = tenants.exclude(status=Tenant.Status.ARCHIVED)
        failed = 0
        for tenant in tenants:
            try:
                added = site_add_standard_pages(tenant)
            except ValidationError as error:
                failed += 1
                self.stderr.write(
                    f"{tenant.name}（{tenant.schema_name}）未能添加：{'；'.join(error.messages)}"
                )
                continue
            if added:
                listed = "、".join(f"{page.title}（{_site_path(page)}）" for page in added)
                self.stdout.write(f"{tenant.name}（{tenant.schema_name}）已添加：{listed}")
            else:
                self.stdout.write(f"{tenant.name}（{tenant.schema_name}）标准页面齐全")
        if failed:
            raise CommandError(f"{failed} 个站点未能添加标准页面，见上文。")


def _site_path(page) -> str:
    """The page's address on its site: its tree path without the home page's segment."""
    return "/" + "".join(f"{segment}/" for segment in page.url_path.strip("/").split("/")[1:])
