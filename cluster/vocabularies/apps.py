from django.apps import AppConfig


class VocabulariesConfig(AppConfig):
    name = "cluster.vocabularies"
    label = "vocabularies"
    verbose_name = "共享词表"

    def ready(self):
        from . import signals

        signals.connect()
