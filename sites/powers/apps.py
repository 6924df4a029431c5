from django.apps import AppConfig


class PowersConfig(AppConfig):
    name = "sites.powers"
    label = "powers"
    verbose_name = "权责清单"

    def ready(self):
        from . import consumers, demo, seed, signals  # noqa: F401 - seeding steps

        consumers.register()
        signals.connect()
