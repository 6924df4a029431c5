from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sites.core"
    label = "core"

    def ready(self):
        from . import signals, visibility

        visibility.connect()
        signals.connect()
