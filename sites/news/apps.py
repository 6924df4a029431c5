from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "sites.news"
    label = "news"
