"""Name the programme documents by their titles where the editions and programmes first loaded called them by
a workshop number ("seed 004 — …"). A reference to a document is description, not rule: the database's guard
on published editions (0003) leaves ``document_ref`` free, so published versions are corrected in place rather
than republished. Only wording the portal itself wrote is replaced; anything an administrator typed is kept."""

from django.db import migrations

DOCUMENT_PREFIXES = [
    ("seed 000 — ", "數位製造管理增值計畫 產業轉型升級資源說明簡報（112 年 8 月）— "),
    ("seed 001 — ", "產業及中小企業升級轉型說明簡報（112 年）— "),
    ("seed 002 — ", "113 年度疫後-SMU Phase II 專案計畫書格式 — "),
    ("seed 003 — 申請須知", "114 年度智慧製造設備推動計畫 機械設備產業智慧化及低碳化輔導 申請須知"),
    ("seed 004 — 申請須知", "115 年數位化精實管理補助計畫 申請須知"),
]
ENGLISH_SUFFIXES = (" — seed 000", " — seed 001", " — seed 002", " — seed 003", " — seed 004")


def named_document(text: str) -> str:
    for old, new in DOCUMENT_PREFIXES:
        if text.startswith(old):
            return new + text[len(old) :]
    return text


def rename(apps, schema_editor):
    edition_model = apps.get_model("programs", "Edition")
    for edition in edition_model.objects.filter(document_ref__startswith="seed 00"):
        edition_model.objects.filter(pk=edition.pk).update(document_ref=named_document(edition.document_ref))
    for programme in apps.get_model("programs", "Programme").objects.all():
        source = dict(programme.source_document or {})
        english = source.get("en", "")
        if english.endswith(ENGLISH_SUFFIXES):
            source["en"] = english.rsplit(" — seed ", 1)[0]
            programme.source_document = source
            programme.save(update_fields=["source_document"])


class Migration(migrations.Migration):
    dependencies = [("programs", "0005_editor_audit_signoffs_impact")]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
