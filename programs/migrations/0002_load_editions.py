"""Publish every programme edition of programs/editions/*.yaml (version 1). Later changes to an edition are
new versions made in the portal, or a new data migration — this one only creates what is missing."""

from django.db import migrations


def load(apps, schema_editor):
    from programs.seed import load_seed

    load_seed(
        programme_model=apps.get_model("programs", "Programme"),
        edition_model=apps.get_model("programs", "Edition"),
        event_model=apps.get_model("programs", "EditionEvent"),
    )


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
