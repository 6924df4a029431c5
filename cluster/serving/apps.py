from django.apps import AppConfig


class ServingConfig(AppConfig):
    """Serving and hardening: health endpoints, client address, and the Wagtail admin
    under Content-Security-Policy (its inline scripts, moved to data attributes)."""

    name = "cluster.serving"
    label = "serving"
    verbose_name = "服务与安全"

    def ready(self):
        from . import admin_widgets

        admin_widgets.install()
