"""Pages name the programme documents by their titles, never by a workshop number ("seed 004"); the portal's
own readings are worded in both languages; rule ids and line codes stay out of the pages. A database loaded
before this wording gets it from the data migrations (programs 0004, carbon 0004)."""

import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from carbon.seed import factor_sets
from programs.models import Edition, EditionStatus, Programme
from programs.seed import seed_editions, seed_programmes

WORKSHOP = re.compile(r"\bseeds?\b(?!\s*(staff|teacher))|programmes\.md|api\.md", re.I)
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_the_edition_data_names_documents_and_words_its_readings_in_both_languages():
    for spec in seed_editions():
        assert not WORKSHOP.search(spec["document_ref"]), spec["code"]
        for item in spec["rules"].get("to_configure", []):
            note = item["note"]
            assert set(note) == {"zh-hant", "en"}, (spec["code"], item["path"])
            assert CJK.search(note["zh-hant"]) and not WORKSHOP.search(note["zh-hant"] + note["en"]), item
    for spec in seed_programmes():
        assert not WORKSHOP.search(spec["source_document"]["en"] + spec["source_document"]["zh-hant"])
    for spec in factor_sets():
        assert not WORKSHOP.search(spec["source_document"]), spec["code"]
        if spec.get("note"):
            assert set(spec["note"]) == {"zh-hant", "en"}, spec["code"]


@pytest.mark.django_db
def test_the_edition_page_names_its_document_and_shows_no_rule_id_or_line_code(client, applicant):
    client.force_login(applicant)
    html = client.get("/programmes/lean-2026-basic/").content.decode()
    assert "115 年數位化精實管理補助計畫 申請須知" in html
    assert not WORKSHOP.search(html)
    assert "rule-id" not in html and "gov_cap" not in html and ">personnel<" not in html
    machinery = client.get("/programmes/machinery-2025/").content.decode()
    assert "direct_salary" not in machinery and "registered_in_roc" not in machinery


def _migrate(app: str, target: str | None = None) -> None:
    """Migrate ``app`` to ``target`` (its latest migration when None)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    if target is None:
        target = max(name for label, name in executor.loader.graph.leaf_nodes() if label == app)
    executor.migrate([(app, target)])


@pytest.fixture
def back_to_latest():
    """The tests below step an app's migrations back: the database is left at the latest ones, whatever happens."""
    yield
    for app in ("programs", "carbon"):
        _migrate(app)


@pytest.mark.django_db(transaction=True)
def test_a_database_loaded_before_gets_the_document_titles(seeded, back_to_latest):
    edition = Edition.objects.get(code="lean-2026-basic", status=EditionStatus.PUBLISHED)
    old_ref = "seed 004 — 申請須知 壹一1 精實管理 基礎類"
    Edition.objects.filter(pk=edition.pk).update(document_ref=old_ref)  # published: the guard allows this field
    lean = Programme.objects.get(code="lean")
    lean.source_document = {**lean.source_document, "en": "Digital lean subsidy application guide — seed 004"}
    lean.save()
    kept = Edition.objects.get(code="machinery-2025", status=EditionStatus.PUBLISHED)
    Edition.objects.filter(pk=kept.pk).update(document_ref="an administrator's own words")
    _migrate("programs", "0005_editor_audit_signoffs_impact")
    _migrate("programs", "0006_document_names")
    edition.refresh_from_db()
    lean.refresh_from_db()
    kept.refresh_from_db()
    assert edition.document_ref == "115 年數位化精實管理補助計畫 申請須知 壹一1 精實管理 基礎類"
    assert lean.source_document["en"] == "Digital lean subsidy application guide"
    assert kept.document_ref == "an administrator's own words"
    assert edition.status == EditionStatus.PUBLISHED and edition.rules  # the rule set itself is untouched


@pytest.mark.django_db(transaction=True)
def test_a_database_loaded_before_gets_factor_set_notes_in_both_languages(seeded, back_to_latest):
    _migrate("carbon", "0003_factorset_data_year")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE carbon_factorset SET note = %s, source_document = %s WHERE code = 'epa-6.0.4'",
            [
                "The seed gives the CO2 factors only; CH4 and N2O of the full table can be added as gas values. "
                "Uncertainty ±5 % is a placeholder to configure (not in the seed).",
                "行政院環境保護署（現環境部）溫室氣體排放係數管理表 6.0.4 版；SMU 專案計畫書格式 伍、二（seed 002）",
            ],
        )
        cursor.execute("UPDATE carbon_factorset SET note = 'typed in the admin site' WHERE code = 'refrigerants'")
    _migrate("carbon", "0004_factorset_note_languages")
    from carbon.models import FactorSet

    epa = FactorSet.objects.get(code="epa-6.0.4")
    assert "seed" not in epa.source_document and "SMU Phase II 專案計畫書格式" in epa.source_document
    assert epa.note["zh-hant"].startswith("專案計畫書格式僅載 CO2 係數") and epa.note["en"].startswith("The proposal")
    water = FactorSet.objects.get(code="refrigerants")
    assert water.note == {"zh-hant": "typed in the admin site", "en": "typed in the admin site"}


@pytest.mark.django_db
def test_the_database_is_at_the_latest_migrations_after_those_tests():
    from carbon.models import Inventory

    # the query fails (no such column) if the steps back above left the database behind
    assert list(Inventory.objects.values_list("data_changed_at", flat=True)) == []
