from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "sites.portal"
    label = "portal"

    def ready(self):
        from . import demo, seed  # noqa: F401 - register onboarding's seeding steps
