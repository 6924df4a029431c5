"""Give the 站点管理员 of existing sites the report's permission (new sites get it from the
template schema, see cluster/accounts/roles.py), as sites/letters/migrations/0002 does."""

from django.db import migrations

CODENAME, NAME = "fill_websiteannualreport", "可填报政府网站工作年度报表"


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name="站点管理员").first()
    if group is None:
        return  # the template schema, before its groups are installed
    content_type, _created = ContentType.objects.get_or_create(
        app_label="webreport", model="websiteannualreport"
    )
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type, codename=CODENAME, defaults={"name": NAME}
    )
    group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("webreport", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
