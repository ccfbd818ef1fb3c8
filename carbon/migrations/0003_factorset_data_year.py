"""Each factor set's data year beside its year of announcement; the electricity sets of carbon/data/ get
theirs, with titles and names that state both years (only the library's own sets and factors are touched)."""

from django.db import migrations, models


def set_years(apps, schema_editor):
    from carbon.seed import factor_sets

    factor_set = apps.get_model("carbon", "FactorSet")
    factor = apps.get_model("carbon", "Factor")
    for spec in factor_sets():
        if spec.get("data_year") is None:
            continue
        factor_set.objects.filter(code=spec["code"]).update(
            data_year=spec["data_year"],
            title=spec["title"],
            source_document=spec["source_document"],
            note=spec.get("note", ""),
        )
        for item in spec["factors"]:
            factor.objects.filter(code=item["code"], factor_set__code=spec["code"]).update(name=item["name"])


class Migration(migrations.Migration):
    dependencies = [("carbon", "0002_load_library")]

    operations = [
        migrations.AddField(
            model_name="factorset",
            name="data_year",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="The year whose data the factors describe, when they are year-bound.",
                null=True,
                verbose_name="data year",
            ),
        ),
        migrations.RunPython(set_years, migrations.RunPython.noop),
    ]
