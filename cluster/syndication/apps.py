from django.apps import AppConfig


class SyndicationConfig(AppConfig):
    name = "cluster.syndication"
    label = "syndication"
    verbose_name = "转载上级政策"

    def ready(self):
        from . import consumers

        consumers.register()
