from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "cluster.tasks"
    label = "cluster_tasks"
    verbose_name = "后台任务"

    def ready(self):
        from django_tasks.signals import task_enqueued, task_finished, task_started

        from . import schemas

        task_enqueued.connect(schemas.record_schema, dispatch_uid="cluster.tasks.record_schema")
        task_started.connect(schemas.enter_schema, dispatch_uid="cluster.tasks.enter_schema")
        task_finished.connect(schemas.leave_schema, dispatch_uid="cluster.tasks.leave_schema")

        from . import events

        events.connect()
