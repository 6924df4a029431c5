from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "cluster.onboarding"
    label = "onboarding"
    verbose_name = "站点开通"
