from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "sites.news"
    label = "news"

    def ready(self):
        from . import demo, seed  # noqa: F401 - register onboarding's seeding steps
