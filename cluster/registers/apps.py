from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "cluster.registers"
    label = "registers"
    verbose_name = "站群清单"
