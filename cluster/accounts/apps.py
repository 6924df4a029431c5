from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cluster.accounts"
    label = "accounts"
    verbose_name = "统一用户"
