from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "cluster.tenants"
    label = "tenants"
    verbose_name = "站点注册"

    def ready(self):
        from . import signals

        signals.connect()
