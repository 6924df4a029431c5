from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "cluster.tasks"
    label = "cluster_tasks"
    verbose_name = "后台任务"
