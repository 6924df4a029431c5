from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sites.core"
    label = "core"
