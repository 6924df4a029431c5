from django.contrib.auth.views import LogoutView
from django.urls import path

from . import figures_views, monitors_views, syndication_views, views, wording_views

app_name = "console"

urlpatterns = [
    path("", views.site_index, name="site_index"),
    path("login/", views.ConsoleLoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(next_page="console:login"), name="logout"),
    path("sites/new/", views.site_new, name="site_new"),
    path("sites/<int:pk>/", views.site_detail, name="site_detail"),
    path("sites/<int:pk>/status/", views.site_status, name="site_status"),
    path("sites/<int:pk>/domains/", views.site_domain_add, name="site_domain_add"),
    path(
        "sites/<int:pk>/domains/<int:domain_pk>/<str:action>/",
        views.site_domain_action,
        name="site_domain_action",
    ),
    path("sites/<int:pk>/roles/", views.site_role_grant, name="site_role_grant"),
    path(
        "sites/<int:pk>/roles/<int:role_pk>/revoke/",
        views.site_role_revoke,
        name="site_role_revoke",
    ),
    path("accounts/", views.account_index, name="account_index"),
    path("audit/", views.audit_index, name="audit_index"),
    path("audit/<int:pk>/download/", views.audit_download, name="audit_download"),
    path("calendar/", views.calendar_index, name="calendar_index"),
    path("deliveries/", views.delivery_index, name="delivery_index"),
    path("interaction/", figures_views.interaction_report, name="interaction_report"),
    path("webreports/", figures_views.web_report_rollup, name="web_report_rollup"),
    path("monitors/", monitors_views.monitor_heatmap, name="monitor_heatmap"),
    path("monitors/<int:pk>/", monitors_views.monitor_site, name="monitor_site"),
    path("search/", views.search_report, name="search_report"),
    path("search/tuning/", views.search_tuning, name="search_tuning"),
    path(
        "search/tuning/<str:kind>/<int:pk>/delete/",
        views.search_tuning_delete,
        name="search_tuning_delete",
    ),
    path("syndication/", syndication_views.channel_index, name="channel_index"),
    path("syndication/channels/new/", syndication_views.channel_edit, name="channel_new"),
    path("syndication/channels/<int:pk>/", syndication_views.channel_detail, name="channel_detail"),
    path(
        "syndication/channels/<int:pk>/edit/", syndication_views.channel_edit, name="channel_edit"
    ),
    path(
        "syndication/subscriptions/<int:pk>/cancel/",
        syndication_views.subscription_cancel,
        name="subscription_cancel",
    ),
    path(
        "syndication/deliveries/<int:pk>/resend/",
        syndication_views.copy_delivery_resend,
        name="copy_delivery_resend",
    ),
    path(
        "syndication/deliveries/resend-failed/",
        syndication_views.copy_deliveries_resend_failed,
        name="copy_deliveries_resend_failed",
    ),
    path("syndication/feeds/new/", syndication_views.feed_edit, name="feed_new"),
    path("syndication/feeds/<int:pk>/", syndication_views.feed_edit, name="feed_edit"),
    path("syndication/feeds/<int:pk>/check/", syndication_views.feed_check_now, name="feed_check"),
    path("deliveries/<int:pk>/retry/", views.delivery_retry, name="delivery_retry"),
    path("calendar/new/", views.calendar_edit, name="calendar_new"),
    path("calendar/<int:year>/", views.calendar_edit, name="calendar_edit"),
    path("wording/", wording_views.wording_index, name="wording_index"),
    path("wording/import/", wording_views.wording_import, name="wording_import"),
    path("wording/<int:pk>/", wording_views.wording_edit, name="wording_edit"),
    path("wording/<int:pk>/retire/", wording_views.wording_retire, name="wording_retire"),
    path("vocabularies/", views.vocabulary_index, name="vocabulary_home"),
    path("vocabularies/<str:vocabulary>/", views.vocabulary_index, name="vocabulary_index"),
    path(
        "vocabularies/terms/<int:pk>/<str:action>/",
        views.vocabulary_term_action,
        name="vocabulary_term_action",
    ),
]
