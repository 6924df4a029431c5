from django.apps import AppConfig


class MonitorsConfig(AppConfig):
    name = "cluster.monitors"
    label = "monitors"
    verbose_name = "网站监测"

    def ready(self):
        from cluster.tasks.signals import worker_starting

        worker_starting.connect(_schedule, dispatch_uid="monitors.schedule")


def _schedule(sender, **kwargs):
    from .tasks import monitors_schedule_ensure

    monitors_schedule_ensure()
