"""Release 1 of the shared vocabularies: the standard terms in cluster/vocabularies/standard.py."""

from django.db import migrations


def load(apps, schema_editor):
    from cluster.vocabularies.standard import CATEGORIES, DOCTYPES, GENRES, TOPICS

    Release = apps.get_model("vocabularies", "VocabularyRelease")
    Term = apps.get_model("vocabularies", "Term")
    if Release.objects.exists():
        return
    release = Release.objects.create(number=1, note="标准词表")

    def add(vocabulary, code, name, position, parent=None, description=""):
        return Term.objects.create(
            vocabulary=vocabulary,
            code=code,
            name=name,
            description=description,
            parent=parent,
            position=position,
            introduced_in=release,
        )

    for position, (code, name, children) in enumerate(TOPICS):
        parent = add("topic", code, name, position)
        for child_position, (child_code, child_name) in enumerate(children):
            add("topic", child_code, child_name, child_position, parent=parent)
    for position, (code, name) in enumerate(DOCTYPES):
        add("doctype", code, name, position)
    for position, (code, name) in enumerate(GENRES):
        add("genre", code, name, position)
    for position, (code, name, description) in enumerate(CATEGORIES):
        add("category", code, name, position, description=description)


class Migration(migrations.Migration):
    dependencies = [("vocabularies", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
