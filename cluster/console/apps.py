from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "cluster.console"
    label = "console"
    verbose_name = "平台控制台"
