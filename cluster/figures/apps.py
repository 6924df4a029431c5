from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "cluster.figures"
    label = "figures"
    verbose_name = "统计数据"
