from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "sites.portal"
    label = "portal"
