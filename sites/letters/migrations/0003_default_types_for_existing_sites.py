"""Give a site made before the letters existed the default mailboxes.

New sites get them from their seeding (sites/letters/seed.py); a site already seeded
(any schema but the template new sites are cloned from) without any letter type gets
the same defaults here. The 信箱 page itself is not added: where
it goes in an existing site's tree is the site admin's choice.
"""

from django.conf import settings
from django.db import migrations


def add_default_types(apps, schema_editor):
    from sites.letters.seed import DEFAULT_TYPES

    LetterType = apps.get_model("letters", "LetterType")
    if schema_editor.connection.schema_name == settings.TENANT_BASE_SCHEMA:
        return  # new sites get theirs from their seeding
    if LetterType.objects.exists():
        return
    LetterType.objects.bulk_create(
        LetterType(name=name, slug=slug, reply_working_days=days, description=text, sort_order=i)
        for i, (name, slug, days, text) in enumerate(DEFAULT_TYPES)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0002_role_permissions"),
    ]

    operations = [migrations.RunPython(add_default_types, migrations.RunPython.noop)]
