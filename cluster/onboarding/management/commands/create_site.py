from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cluster.onboarding.services import site_create
from cluster.tenants.models import Tenant


class Command(BaseCommand):
    help = (
        "Onboard a site: clone the template schema, seed the standard tree, register its domains."
    )
    # System checks would import every URLconf (the admin, the API, search) for nothing: an
    # onboarding script runs this many times. Deployments run `manage.py check --deploy`.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="全称, e.g. 吉林市人民政府")
        parser.add_argument("--short-name", default="")
        parser.add_argument("--code", required=True, help="统一社会信用代码 (18 characters)")
        parser.add_argument("--site-code", required=True, help="网站标识码 (10 digits)")
        parser.add_argument(
            "--level",
            required=True,
            choices=[c for c in Tenant.Level.values if c != Tenant.Level.PLATFORM],
        )
        parser.add_argument(
            "--parent", default="", help="the parent site's primary domain or schema"
        )
        parser.add_argument("--domain", required=True, help="primary host name")
        parser.add_argument(
            "--alias", action="append", default=[], help="alias host name (repeatable)"
        )
        parser.add_argument("--theme", default="default")
        parser.add_argument(
            "--schema", default="", help="schema name (derived from the domain if empty)"
        )
        parser.add_argument(
            "--admin-email",
            default="",
            help="email of an existing account to make the site's administrator",
        )

    def handle(self, *args, **options):
        from django.contrib.auth import get_user_model

        parent = None
        if options["parent"]:
            parent = (
                Tenant.objects.filter(domains__domain=options["parent"]).first()
                or Tenant.objects.filter(schema_name=options["parent"]).first()
            )
            if parent is None:
                raise CommandError(f"No site has the domain or schema “{options['parent']}”.")
        admin = None
        if options["admin_email"]:
            admin = get_user_model().objects.filter(email=options["admin_email"]).first()
            if admin is None:
                raise CommandError(f"No account has the email “{options['admin_email']}”.")
        try:
            tenant = site_create(
                name=options["name"],
                short_name=options["short_name"],
                level=options["level"],
                parent=parent,
                credit_code=options["code"],
                site_code=options["site_code"],
                domain=options["domain"],
                aliases=options["alias"],
                theme=options["theme"],
                schema_name=options["schema"],
                admin=admin,
            )
        except ValidationError as error:
            messages = (
                [f"{field}: {msg}" for field, msgs in error.message_dict.items() for msg in msgs]
                if hasattr(error, "error_dict")
                else error.messages
            )
            raise CommandError("The site was not created:\n  " + "\n  ".join(messages)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {tenant.name} in schema {tenant.schema_name}: {tenant.url()}"
            )
        )
