"""A factor set's note in both languages (it was English only, shown as is in the Chinese UI), and the library's
own sets naming their documents by title. Notes written in the admin site are kept, as the text of both languages;
the library's own sets take their wording from carbon/data/ unless an administrator has changed it since."""

import json

from django.db import migrations, models

# What carbon/data/ said before (the wording an administrator has not changed).
OLD_NOTES = {
    "",
    "The SMU template (seed 002) names this factor by its announcement year (111年度); its data year is 110 (2021).",
    "Announced in 112 (2023) as the 111年度 (2022) factor: the year of its data.",
    "Announced in 113 (2024) as the 112年度 (2023) factor: the year of its data.",
    "The seed gives the CO2 factors only; CH4 and N2O of the full table can be added as gas values. Uncertainty ±5 % "
    "is a placeholder to configure (not in the seed).",
    "Activity data: kg of refrigerant refilled or lost.",
}
OLD_SOURCES = {
    "行政院環境保護署（現環境部）溫室氣體排放係數管理表 6.0.4 版；SMU 專案計畫書格式 伍、二（seed 002）",
    "數位製造管理增值計畫簡報：1 度耗水量等於 0.161 公斤碳排量（seed 000）",
}


def as_json_text(apps, schema_editor):
    from carbon.seed import factor_sets

    factor_set = apps.get_model("carbon", "FactorSet")
    library = {spec["code"]: spec for spec in factor_sets()}
    for row in factor_set.objects.all():
        spec, note = library.get(row.code), row.note or ""
        # a database migrated from scratch holds the library's new notes as Python text ("{'zh-hant': …}")
        if spec is not None and (note in OLD_NOTES or note.startswith("{'")):
            new_note = spec.get("note") or {}
        else:
            new_note = {"zh-hant": note, "en": note} if note else {}
        if spec is not None and row.source_document in OLD_SOURCES:
            row.source_document = spec["source_document"]
        row.note = json.dumps(new_note, ensure_ascii=False)
        row.save(update_fields=["note", "source_document"])


class Migration(migrations.Migration):
    dependencies = [("carbon", "0003_factorset_data_year")]

    operations = [
        migrations.RunPython(as_json_text, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="factorset",
            name="note",
            field=models.JSONField(
                blank=True, default=dict, null=True, help_text="In both languages: zh-hant and en.", verbose_name="note"
            ),
        ),
    ]
