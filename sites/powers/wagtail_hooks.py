from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_power_urls():
    urls = [
        path("", admin_views.power_index, name="index"),
        path("new/", admin_views.power_new, name="new"),
        path("import/", admin_views.power_import, name="import"),
        path("template.xlsx", admin_views.power_template, name="template"),
        path("export.xlsx", admin_views.power_export, name="export"),
        path("<int:pk>/", admin_views.power_edit, name="edit"),
        path("<int:pk>/cancel/", admin_views.power_cancel, name="cancel"),
        path("<int:pk>/restore/", admin_views.power_restore, name="restore"),
    ]
    return [path("powers/", include((urls, "powers_admin")))]


class PowersMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("powers.view_poweritem")


@hooks.register("register_admin_menu_item")
def register_powers_menu_item():
    return PowersMenuItem(
        "权责清单", reverse("powers_admin:index"), icon_name="list-ul", order=260, name="powers"
    )
