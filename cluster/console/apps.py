from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "cluster.console"
    label = "console"
    verbose_name = "平台控制台"

    def ready(self):
        from .admin_language import label_unlabelled_admin_fields

        label_unlabelled_admin_fields()
