from django.apps import AppConfig


class ServingConfig(AppConfig):
    """Serving and hardening: health endpoints, client address, and the Wagtail admin
    under Content-Security-Policy (its inline scripts, moved to data attributes)."""

    name = "cluster.serving"
    label = "serving"
    verbose_name = "服务与安全"

    def ready(self):
        from django.core.signals import request_finished, request_started

        from . import admin_widgets, memo

        admin_widgets.install()
        request_started.connect(memo.request_scope_open, dispatch_uid="memo_request_open")
        request_finished.connect(memo.request_scope_close, dispatch_uid="memo_request_close")
