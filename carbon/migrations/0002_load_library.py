"""The factor library and GWP sets of carbon/data/ (only what is missing is created)."""

from django.db import migrations


def load(apps, schema_editor):
    from carbon.seed import load_library

    load_library(
        gwp_set=apps.get_model("carbon", "GwpSet"),
        gwp_value=apps.get_model("carbon", "GwpValue"),
        factor_set=apps.get_model("carbon", "FactorSet"),
        factor=apps.get_model("carbon", "Factor"),
        factor_gas=apps.get_model("carbon", "FactorGas"),
    )


class Migration(migrations.Migration):
    dependencies = [("carbon", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
