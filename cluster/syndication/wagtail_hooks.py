from django.shortcuts import redirect
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem

from sites.core.selectors import page_copy_origin

from . import admin_views


@hooks.register("register_admin_urls")
def register_syndication_urls():
    urls = [
        path("", admin_views.overview, name="overview"),
        path("<int:pk>/accept/", admin_views.accept, name="accept"),
        path("<int:pk>/reject/", admin_views.reject, name="reject"),
        path("subscriptions/<int:pk>/", admin_views.subscription_change, name="subscription"),
        path("recall/<int:page_id>/", admin_views.recall, name="recall"),
        path("copies/<int:page_id>/", admin_views.copy_detail, name="copy"),
        path("submissions/new/", admin_views.submission_new, name="submission_new"),
        path("channels/new/", admin_views.channel_new, name="channel_new"),
        path("subscribe/", admin_views.subscribe, name="subscribe"),
        path("submissions/<int:pk>/", admin_views.submission_decide, name="submission"),
    ]
    return [path("syndication/", include((urls, "syndication_admin")))]


@hooks.register("register_admin_menu_item")
def register_syndication_menu_item():
    return MenuItem(
        "转载",
        reverse("syndication_admin:overview"),
        icon_name="resubmit",
        order=260,
        name="syndication",
    )


@hooks.register("before_edit_page")
def copies_are_read_only(request, page):
    """A copy's body and metadata are its source's: editors get its record instead."""
    if page_copy_origin(page) is not None:
        messages.warning(
            request,
            "本页是转载的副本，正文和元数据随来源站点自动更新，不能在本站修改；"
            "可以填写本站编者按或移动到其他栏目。",
        )
        return redirect("syndication_admin:copy", page.pk)
    return None
