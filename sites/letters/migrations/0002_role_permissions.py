"""Give the site roles of an existing site the letters' permissions.

New sites get them from the template schema (cluster/accounts/roles.py, installed by
role_groups_install); sites made before this app existed already have their role groups,
so they are granted here, with the Chinese names the group editor shows.
"""

from django.db import migrations

# (model, codename, name)
PERMISSIONS = [
    ("letter", "view_letter", "可以查看来信"),
    ("letter", "change_letter", "可以修改来信"),
    ("letter", "review_letter", "可审核信件答复"),
    ("letter", "transfer_letter", "可转办信件"),
    ("letter", "view_writer_contact", "可查看来信人联系方式"),
    ("lettertype", "view_lettertype", "可以查看信件类型"),
    ("lettertype", "add_lettertype", "可以添加信件类型"),
    ("lettertype", "change_lettertype", "可以修改信件类型"),
]
GRANTS = {
    "站点管理员": [codename for _model, codename, _name in PERMISSIONS],
    "编辑": ["view_letter", "change_letter", "view_writer_contact"],
    "审核": ["view_letter", "review_letter"],
}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    groups = {group.name: group for group in Group.objects.filter(name__in=GRANTS)}
    if not groups:
        return  # the template schema, before its groups are installed
    permissions = {}
    for model, codename, name in PERMISSIONS:
        content_type, _created = ContentType.objects.get_or_create(app_label="letters", model=model)
        permissions[codename], _created = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
    for group_name, codenames in GRANTS.items():
        if group_name in groups:
            groups[group_name].permissions.add(*(permissions[c] for c in codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
