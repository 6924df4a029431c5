from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "sites.letters"
    label = "letters"
    verbose_name = "政民互动"

    def ready(self):
        from cluster.tasks.signals import worker_starting

        from . import demo, seed, transfer  # noqa: F401 - seeding steps

        transfer.register()
        worker_starting.connect(_daily_figures, dispatch_uid="letters.figures_daily")


def _daily_figures(sender, **kwargs):
    from .tasks import letter_figures_daily_ensure

    letter_figures_daily_ensure()
