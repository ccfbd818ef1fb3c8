"""Publish every programme edition of programs/editions/*.yaml (version 1). Later changes to an edition are
new versions made in the portal, or a new data migration — this one only creates what is missing."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import migrations


def load(apps, schema_editor):
    from programs.seed import load_seed

    load_seed(
        programme_model=apps.get_model("programs", "Programme"),
        edition_model=_JsonSafe(apps.get_model("programs", "Edition")),
        event_model=apps.get_model("programs", "EditionEvent"),
    )


class _JsonSafe:
    """YAML gives dates inside rule sets; store them as JSON strings."""

    def __init__(self, model):
        self.model = model
        self.objects = self

    def filter(self, **kwargs):
        return self.model.objects.filter(**kwargs)

    def create(self, **kwargs):
        kwargs["rules"] = json.loads(json.dumps(kwargs["rules"], cls=DjangoJSONEncoder))
        return self.model.objects.create(**kwargs)


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
