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
