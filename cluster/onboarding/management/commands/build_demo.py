from django.conf import settings
from django.core.management.base import BaseCommand

from cluster.onboarding.demo import DEMO_ACCOUNTS, demo_build
from cluster.tenants.selectors import public_root_url


class Command(BaseCommand):
    help = "Build (or bring up to date) the demo cluster from the shared corpus."

    def handle(self, *args, **options):
        tenants = demo_build(log=lambda message: self.stdout.write(message))
        self.stdout.write(self.style.SUCCESS("\nThe demo cluster is ready:"))
        self.stdout.write(f"  平台控制台  {public_root_url(settings.CONSOLE_HOST)}/")
        for tenant in tenants:
            self.stdout.write(
                f"  {tenant.name:<14} {tenant.url()}   (admin: {tenant.url('/admin/')})"
            )
        self.stdout.write("\nDemo accounts (username / password):")
        for username, name, password, is_admin, roles in DEMO_ACCOUNTS:
            where = (
                "平台管理员, every site"
                if is_admin
                else ", ".join(f"{schema} {role}" for schema, role in roles)
            )
            self.stdout.write(f"  {username} / {password}   {name}: {where}")
