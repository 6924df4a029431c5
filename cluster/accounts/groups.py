from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from .roles import (
    ROLE_COLLECTION_PERMISSIONS,
    ROLE_GROUP_NAMES,
    ROLE_MODEL_PERMISSIONS,
    ROLE_PAGE_PERMISSIONS,
)


def _permission(label: str) -> Permission:
    app_label, codename = label.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def role_groups_install() -> None:
    """Create the groups of the three site roles in the current schema, with their rights.

    Wagtail's page and collection permissions join through groups, so each site
    schema has its own groups and no membership reaches another site.
    """
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    page_permissions = {
        p.codename: p
        for p in Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__endswith="_page"
        )
    }
    for role, name in ROLE_GROUP_NAMES.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set([_permission(label) for label in ROLE_MODEL_PERMISSIONS[role]])
        GroupPagePermission.objects.filter(group=group).delete()
        GroupPagePermission.objects.bulk_create(
            GroupPagePermission(group=group, page=root_page, permission=page_permissions[codename])
            for codename in ROLE_PAGE_PERMISSIONS[role]
        )
        GroupCollectionPermission.objects.filter(group=group).delete()
        GroupCollectionPermission.objects.bulk_create(
            GroupCollectionPermission(
                group=group, collection=root_collection, permission=_permission(label)
            )
            for label in ROLE_COLLECTION_PERMISSIONS[role]
        )


# Django names a model's default permissions "Can add account" when it creates them,
# in English whatever the language; the group editor shows those names to site admins.
PERMISSION_ACTIONS = {"add": "添加", "change": "修改", "delete": "删除", "view": "查看"}


def permission_names_localise() -> int:
    """Name the current schema's permissions in Chinese; returns how many were renamed.

    A default permission becomes 可以<action><model's verbose name>; any other
    (Wagtail's "Can access Wagtail admin") takes its name's translation.
    """
    from django.utils import translation

    renamed = []
    with translation.override("zh-hans"):
        for permission in Permission.objects.select_related("content_type"):
            model = permission.content_type.model_class()
            action, _sep, model_name = permission.codename.partition("_")
            if (
                model is not None
                and action in PERMISSION_ACTIONS
                and model_name == (model._meta.model_name)
            ):
                name = f"可以{PERMISSION_ACTIONS[action]}{model._meta.verbose_name}"
            else:
                name = translation.gettext(permission.name)
            if name != permission.name:
                permission.name = name[:255]
                renamed.append(permission)
    Permission.objects.bulk_update(renamed, ["name"])
    return len(renamed)
