from django.apps import AppConfig


class PageViewsConfig(AppConfig):
    name = "sites.pageviews"
    label = "pageviews"
    verbose_name = "浏览统计"

    def ready(self):
        from cluster.tasks.signals import worker_starting

        worker_starting.connect(_flush_schedule, dispatch_uid="pageviews.flush_schedule")


def _flush_schedule(sender, **kwargs):
    from .tasks import page_views_flush_ensure

    page_views_flush_ensure()
