from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "cluster.pagecache"
    label = "pagecache"
    verbose_name = "页面缓存"

    def ready(self):
        from cluster.tasks import pipeline

        from . import purge

        pipeline.register(
            purge.CONSUMER,
            purge.handle,
            kinds=pipeline.PAGE_EVENTS
            | pipeline.SITE_EVENTS
            | {pipeline.REGISTRY_CHANGED, pipeline.SITE_LOOK_CHANGED, pipeline.DATA_CHANGED},
        )
