from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sites.core"
    label = "core"

    def ready(self):
        from . import seed, signals, visibility  # noqa: F401 - seed: onboarding's steps

        visibility.connect()
        signals.connect()
