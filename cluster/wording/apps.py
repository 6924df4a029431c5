from django.apps import AppConfig


class WordingConfig(AppConfig):
    name = "cluster.wording"
    label = "wording"
    verbose_name = "错敏词库"

    def ready(self):
        from . import signals

        signals.connect()
