from django.urls import path

from . import api

urlpatterns = [
    path("search/", api.search_api, name="search_api"),
    path("schema/", api.schema_view, name="search_api_schema"),
]
