from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "cluster_search"
    verbose_name = "全站搜索"

    def ready(self):
        from . import indexing

        indexing.register()
