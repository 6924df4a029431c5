from django.apps import AppConfig


class SyndicationConfig(AppConfig):
    name = "cluster.syndication"
    label = "syndication"
    verbose_name = "转载上级政策"

    def ready(self):
        from cluster.tasks.signals import worker_starting

        from . import consumers

        consumers.register()
        worker_starting.connect(_feeds_schedule, dispatch_uid="syndication.feeds_schedule")


def _feeds_schedule(sender, **kwargs):
    from .feeds import feeds_schedule_ensure

    feeds_schedule_ensure()
