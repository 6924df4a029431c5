"""Give the site roles of an existing site the 权责清单's permissions.

New sites get them from the template schema (cluster/accounts/roles.py, installed by
role_groups_install); sites made before this app existed have their role groups already,
so they are granted here. The permissions are created now (Django would only create them
after every migration has run), with the Chinese names the group editor shows.
"""

from django.db import migrations

GRANTS = {
    "站点管理员": ["view", "add", "change"],
    "编辑": ["view", "add", "change"],
    "审核": ["view"],
}
NAMES = {"view": "可以查看权责事项", "add": "可以添加权责事项", "change": "可以修改权责事项"}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    groups = {group.name: group for group in Group.objects.filter(name__in=GRANTS)}
    if not groups:
        return  # the template schema, before its groups are installed
    content_type, _created = ContentType.objects.get_or_create(
        app_label="powers", model="poweritem"
    )
    permissions = {}
    for action, name in NAMES.items():
        permissions[action], _created = Permission.objects.get_or_create(
            content_type=content_type, codename=f"{action}_poweritem", defaults={"name": name}
        )
    for group_name, actions in GRANTS.items():
        if group_name in groups:
            groups[group_name].permissions.add(*(permissions[action] for action in actions))


class Migration(migrations.Migration):
    dependencies = [
        ("powers", "0001_powers"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
