from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "sites.consultations"
    label = "consultations"
    verbose_name = "意见征集与在线访谈"

    def ready(self):
        from cluster.tasks.signals import worker_starting

        from . import demo, seed, signals  # noqa: F401 - seeding steps; page signals

        signals.connect()
        worker_starting.connect(
            _reminders_schedule, dispatch_uid="consultations.feedback_reminders_schedule"
        )


def _reminders_schedule(sender, **kwargs):
    from .tasks import feedback_reminders_schedule_ensure

    feedback_reminders_schedule_ensure()
