"""The edition editor's pages: sections, rules added, moved, grouped, given conditions and removed, item lists,
settings, YAML import and export, the diff, the history, clone to next year with its sign-offs — each change
compiled as a whole before it is saved, bad input refused with nothing changed, administrators only."""

import copy
import io

import pytest
import yaml
from openpyxl import load_workbook

from portal.models import AuditEvent
from programs import services
from programs.models import ConfigurationSignOff, Edition, EditionEvent, EditionStatus
from programs.rules.layout import to_configure_entries
from programs.rulesets import ruleset_for
from tests.factories import EditionFactory
from tests.helpers import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def lean_draft(admin_user):
    return services.edition_new_version(
        actor=admin_user, edition=Edition.objects.get(code="lean-2026-basic", version=1)
    )


def _budget_rule(draft, rule_id):
    return next(r for r in draft.rules["budget"]["rules"] if r["id"] == rule_id)


def test_every_section_of_a_real_edition_renders(client, admin_user, lean_draft):
    client.force_login(admin_user)
    home = client.get(f"/staff/editions/{lean_draft.pk}/edit/")
    assert home.status_code == 200
    for section in (
        "company",
        "unit",
        "budget",
        "plan",
        "period",
        "rubric",
        "instalments",
        "documents",
        "deadlines",
        "kpis",
        "catalogues",
        "facts",
        "to_configure",
        "expense",
    ):
        page = client.get(f"/staff/editions/{lean_draft.pk}/edit/section/{section}/")
        assert page.status_code == 200, section
    budget = client.get(f"/staff/editions/{lean_draft.pk}/edit/section/budget/").content.decode()
    assert "政府補助款不得超過 500,000 元" in budget  # each rule in plain language, by its kind's describe
    plan = client.get(f"/staff/editions/{lean_draft.pk}/edit/section/plan/").content.decode()
    assert 'id="rule-plan-5.w.c0"' in plan  # a condition's sub-rule, indented under its rule, with its address
    for key in (
        "lines",
        "documents",
        "deadlines",
        "criteria",
        "bonus",
        "instalments",
        "facts",
        "labels",
        "to_configure",
        "catalogue:lean_consultants",
    ):
        assert client.get(f"/staff/editions/{lean_draft.pk}/edit/items/{key}/").status_code == 200, key
    for address in ("0", "5", "5.w", "5.w.c0"):
        assert client.get(f"/staff/editions/{lean_draft.pk}/edit/rules/plan/{address}/").status_code == 200


def _form(page) -> dict:
    form = page.context["form"]
    return {name: ("" if form.initial.get(name) is None else form.initial.get(name)) for name in form.fields}


def test_a_number_changed_through_the_form_is_saved_and_audited(client, admin_user, lean_draft):
    client.force_login(admin_user)
    url = f"/staff/editions/{lean_draft.pk}/edit/rules/budget/0/"
    page = client.get(url)
    assert page.context["form"].initial["params-max"] == "500,000"
    response = client.post(url, {**_form(page), "params-max": "600,000", "base": page.context["draft"].fingerprint})
    assert response.status_code == 302
    lean_draft.refresh_from_db()
    assert _budget_rule(lean_draft, "gov_cap")["params"]["max"] == 600000
    event = EditionEvent.objects.get(edition=lean_draft, action="edited")
    assert event.actor == admin_user
    lines = [line["zh-hant"] for change in event.changes for line in change["lines"]]
    assert lines == ["政府補助款上限 500,000 元 → 600,000 元"]
    history = client.get(f"/staff/editions/{lean_draft.pk}/history/").content.decode()
    assert "政府補助款上限 500,000 元 → 600,000 元" in history and admin_user.email in history


def test_a_stale_form_is_refused_and_changes_nothing(client, admin_user, lean_draft):
    client.force_login(admin_user)
    url = f"/staff/editions/{lean_draft.pk}/edit/rules/budget/0/"
    page = client.get(url)
    stale = page.context["draft"].fingerprint
    client.post(url, {**_form(page), "params-max": "550000", "base": stale})
    response = client.post(url, {**_form(page), "params-max": "700000", "base": stale})
    assert response.status_code == 200
    assert any("Someone else saved" in p or "其他人" in p for p in response.context["problems"])
    lean_draft.refresh_from_db()
    assert _budget_rule(lean_draft, "gov_cap")["params"]["max"] == 550000


def test_rules_are_added_moved_grouped_given_conditions_and_removed(client, admin_user, lean_draft):
    client.force_login(admin_user)
    base = f"/staff/editions/{lean_draft.pk}/edit/rules/budget"
    new = client.get(f"{base}/new/?kind=amount_min")
    assert new.status_code == 200
    data = {
        **_form(new),
        "kind": "amount_min",
        "id": "gov_floor",
        "params-quantity": "gov_total",
        "params-min": "100000",
        "label_zh": "政府補助款至少 {min}",
        "label_en": "government subsidy at least {min}",
    }
    assert client.post(f"{base}/new/", data).status_code == 302
    lean_draft.refresh_from_db()
    ids = [r["id"] for r in lean_draft.rules["budget"]["rules"]]
    assert ids[-1] == "gov_floor"
    last = str(len(ids) - 1)
    client.post(f"{base}/{last}/up/")
    lean_draft.refresh_from_db()
    assert [r["id"] for r in lean_draft.rules["budget"]["rules"]][-2] == "gov_floor"
    moved = str(len(ids) - 2)
    assert client.post(f"{base}/{moved}/group/", {"kind": "any_of", "id": "floor_or_cap"}).status_code == 302
    lean_draft.refresh_from_db()
    group = next(r for r in lean_draft.rules["budget"]["rules"] if r["id"] == "floor_or_cap")
    assert group["kind"] == "any_of" and group["params"]["rules"][0]["id"] == "gov_floor"
    child = client.get(f"{base}/new/?kind=amount_max&parent={moved}")
    data = {
        **_form(child),
        "kind": "amount_max",
        "parent": moved,
        "id": "gov_small",
        "params-quantity": "gov_total",
        "params-max": "100000",
    }
    assert client.post(f"{base}/new/", data).status_code == 302
    condition = {
        "kind": "bool_fact",
        "parent": "0",
        "as": "condition",
        "id": "cap_applies",
        "params-fact": "prc_capital",
        "params-expected": "false",
    }
    assert client.post(f"{base}/new/", condition).status_code == 302
    lean_draft.refresh_from_db()
    rules = lean_draft.rules["budget"]["rules"]
    assert [c["id"] for c in next(r for r in rules if r["id"] == "floor_or_cap")["params"]["rules"]] == [
        "gov_floor",
        "gov_small",
    ]
    assert rules[0]["when"]["id"] == "cap_applies"
    client.post(f"{base}/0.w/remove/")
    client.post(f"{base}/{moved}/remove/")
    lean_draft.refresh_from_db()
    assert [r["id"] for r in lean_draft.rules["budget"]["rules"]] == ids[:-1]
    assert "when" not in lean_draft.rules["budget"]["rules"][0]


def test_removing_the_last_sub_rule_of_a_group_is_refused_with_the_compilers_words(client, admin_user, lean_draft):
    client.force_login(admin_user)
    base = f"/staff/editions/{lean_draft.pk}/edit/rules/plan"
    assert lean_draft.rules["plan"][4]["when"]["id"] == "retired_staff_in_firm_of_5_or_more"
    client.post(f"{base}/4.w.c1/remove/")
    lean_draft.refresh_from_db()
    assert [c["id"] for c in lean_draft.rules["plan"][4]["when"]["params"]["rules"]] == ["firm_5_or_more"]
    response = client.post(f"{base}/4.w.c0/remove/", follow=True)
    assert "至少須有一條規則" in response.content.decode()
    lean_draft.refresh_from_db()
    assert [c["id"] for c in lean_draft.rules["plan"][4]["when"]["params"]["rules"]] == ["firm_5_or_more"]


def _rows(page) -> dict:
    formset = page.context["formset"]
    data = {
        f"row-{key}": value
        for key, value in (
            ("TOTAL_FORMS", len(formset.forms)),
            ("INITIAL_FORMS", formset.initial_form_count()),
            ("MIN_NUM_FORMS", 0),
            ("MAX_NUM_FORMS", 200),
        )
    }
    for index, form in enumerate(formset.forms):
        for name in form.fields:
            value = form.initial.get(name)
            if value is not None and value != "":
                data[f"row-{index}-{name}"] = value
    return data


def test_a_document_is_added_reordered_and_removed_and_a_bad_stage_refused(client, admin_user, lean_draft):
    client.force_login(admin_user)
    url = f"/staff/editions/{lean_draft.pk}/edit/items/documents/"
    page = client.get(url)
    count = len(lean_draft.rules["documents"])
    data = {
        **_rows(page),
        f"row-{count}-code": "bank_book",
        f"row-{count}-label_zh": "存摺影本",
        f"row-{count}-label_en": "bank book copy",
        f"row-{count}-stage": "later",
        f"row-{count}-position": "1",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "須為 application、contract 之一" in refused.context["formset"].forms[count]["stage"].errors
    data[f"row-{count}-stage"] = "contract"
    data["row-0-remove"] = "on"
    assert client.post(url, data).status_code == 302
    lean_draft.refresh_from_db()
    codes = [d["code"] for d in lean_draft.rules["documents"]]
    assert codes[0] == "bank_book" and "application_slides" not in codes and len(codes) == count
    change = EditionEvent.objects.get(edition=lean_draft, action="edited").changes
    assert {c["action"] for c in change} == {"added", "removed"}


def test_an_instalment_share_that_breaks_the_total_is_refused_on_the_list(client, admin_user):
    published = EditionFactory(code="items-2026-share")
    draft = services.edition_new_version(actor=admin_user, edition=published)
    client.force_login(admin_user)
    url = f"/staff/editions/{draft.pk}/edit/items/instalments/"
    data = {**_rows(client.get(url)), "row-0-share": "90"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert any("各期比例合計為 90，須為 100" in p for p in response.context["problems"])
    draft.refresh_from_db()
    assert draft.rules["instalments"][0]["share"] == "100" and draft.rules["instalments"][0]["conditions"]


def test_settings_are_checked_in_the_compilers_words(client, admin_user, lean_draft):
    client.force_login(admin_user)
    url = f"/staff/editions/{lean_draft.pk}/edit/section/budget/"
    response = client.post(url, {"tax_inclusive": "sometimes"})
    assert response.status_code == 200 and "須為 true 或 false" in response.context["settings"]["tax_inclusive"].errors
    assert client.post(url, {"tax_inclusive": "true"}).status_code == 302
    lean_draft.refresh_from_db()
    assert lean_draft.rules["budget"]["tax_inclusive"] is True


def test_the_yaml_view_imports_and_exports_a_whole_edition(client, admin_user, lean_draft):
    client.force_login(admin_user)
    exported = client.get(f"/staff/editions/{lean_draft.pk}/export.yaml")
    assert exported["Content-Disposition"].endswith('lean-2026-basic-v2.yaml"')
    data = yaml.safe_load(exported.content.decode())
    assert data["code"] == "lean-2026-basic" and data["rules"] == lean_draft.rules
    data["rules"]["budget"]["rules"][0]["params"]["max"] = 650000
    upload = io.BytesIO(yaml.safe_dump(data, allow_unicode=True).encode())
    upload.name = "lean.yaml"
    client.post(f"/staff/editions/{lean_draft.pk}/edit/import/", {"file": upload})
    lean_draft.refresh_from_db()
    assert _budget_rule(lean_draft, "gov_cap")["params"]["max"] == 650000
    data["rules"]["budget"]["rules"][0]["params"]["max"] = "lots"
    for content in (yaml.safe_dump(data, allow_unicode=True).encode(), b"\xff\xfe", b"a: [", b"- a list"):
        upload = io.BytesIO(content)
        upload.name = "bad.yaml"
        response = client.post(f"/staff/editions/{lean_draft.pk}/edit/import/", {"file": upload}, follow=True)
        assert response.status_code == 200
    lean_draft.refresh_from_db()
    assert _budget_rule(lean_draft, "gov_cap")["params"]["max"] == 650000


def test_the_diff_page_and_its_download_in_both_languages(client, admin_user, lean_draft):
    client.force_login(admin_user)
    rules = copy.deepcopy(lean_draft.rules)
    rules["budget"]["rules"][0]["params"]["max"] = 600000
    services.edition_update_draft(actor=admin_user, edition=lean_draft, data={}, rules=rules)
    page = client.get(f"/staff/editions/{lean_draft.pk}/diff/")
    assert page.context["other"].version == 1
    assert "政府補助款上限 500,000 元 → 600,000 元" in page.content.decode()
    download = client.get(f"/staff/editions/{lean_draft.pk}/diff.xlsx?against={page.context['other'].pk}")
    book = load_workbook(io.BytesIO(download.content))
    assert book.sheetnames == ["中文", "English"]
    cells = [[c.value for c in row] for row in book["English"].iter_rows(min_row=4)]
    assert any(row[4] == "government subsidy cap: NT$500,000 → NT$600,000" for row in cells)
    zh = [[c.value for c in row] for row in book["中文"].iter_rows(min_row=4)]
    assert any(row[4] == "政府補助款上限 500,000 元 → 600,000 元" for row in zh)
    client.post("/i18n/setlang/", {"language": "en"})
    assert (
        "government subsidy cap: NT$500,000 → NT$600,000"
        in client.get(f"/staff/editions/{lean_draft.pk}/diff/").content.decode()
    )
    other_programme = EditionFactory()
    assert client.get(f"/staff/editions/{lean_draft.pk}/diff/?against={other_programme.pk}").status_code == 404
    assert client.get(f"/staff/editions/{lean_draft.pk}/diff/?against=x").status_code == 404


def test_this_years_edition_against_last_years(client, admin_user):
    client.force_login(admin_user)
    lean = Edition.objects.get(code="lean-2026-basic", version=1)
    clone = services.edition_clone_to_year(actor=admin_user, edition=lean, code="lean-2027-basic", year=2027)
    page = client.get(f"/staff/editions/{clone.pk}/diff/").content.decode()
    assert "民國 115 年 9 月 30 日 → 民國 116 年 9 月 30 日" in page and "2026 → 2027" in page


def test_clone_moves_dates_and_its_readings_are_signed_off_before_publishing(
    client, admin_user, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    lean = Edition.objects.get(code="lean-2026-basic", version=1)
    client.post(f"/staff/editions/{lean.pk}/clone/", {"code": "lean-2027-basic", "year": "2027"})
    clone = Edition.objects.get(code="lean-2027-basic")
    assert clone.title["zh-hant"].startswith("116 年") and clone.title["en"].startswith("2027 ")
    assert clone.application_opens.isoformat() == "2027-01-01"
    period = {r["id"]: r for r in clone.rules["period"]}
    assert period["end_by"]["params"]["on_or_before"] == "2027-09-30"
    assert period["start_after_announcement"]["params"]["after"] == "2027-01-01"
    created = EditionEvent.objects.get(edition=clone, action="created")
    assert any("2026-09-30 → 2027-09-30" in line["en"] for c in created.changes for line in c["lines"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/editions/{clone.pk}/impact/")
    page = client.get(f"/staff/editions/{clone.pk}/").content.decode()
    entries = to_configure_entries(clone.rules)
    assert len(entries) == 7 and all(e["path"] in page for e in entries)
    client.post(f"/staff/editions/{clone.pk}/publish/")
    clone.refresh_from_db()
    assert clone.status == EditionStatus.DRAFT  # refused: readings not signed off
    for entry in entries:
        client.post(f"/staff/editions/{clone.pk}/checklist/{entry['key']}/sign/", {"comment": "checked"})
    client.post(f"/staff/editions/{clone.pk}/checklist/{entries[0]['key']}/sign/")  # twice: the first stands
    assert ConfigurationSignOff.objects.filter(edition=clone, signed_by=admin_user).count() == 7
    assert EditionEvent.objects.filter(edition=clone, action="signed_off", actor=admin_user).count() == 7
    assert AuditEvent.objects.filter(table_name="programs_configurationsignoff", actor=admin_user).count() == 7
    assert client.post(f"/staff/editions/{clone.pk}/checklist/nope/sign/").status_code == 302
    client.post(f"/staff/editions/{clone.pk}/publish/")
    clone.refresh_from_db()
    assert clone.status == EditionStatus.PUBLISHED
    assert EditionEvent.objects.filter(edition=clone, action="published", actor=admin_user).exists()


EDITOR_URLS = [
    "edit/",
    "edit/yaml/",
    "edit/section/budget/",
    "edit/rules/budget/0/",
    "edit/rules/budget/new/?kind=range",
    "edit/items/documents/",
    "diff/",
    "diff.xlsx",
    "history/",
    "export.yaml",
    "impact/",
]


@pytest.mark.parametrize("role", ["applicant", "counsellor", "reviewer", "officer"])
def test_the_editor_is_for_administrators_only(client, request, role, lean_draft):
    client.force_login(request.getfixturevalue(role))
    for url in EDITOR_URLS:
        assert client.get(f"/staff/editions/{lean_draft.pk}/{url}").status_code == 403, url
    assert client.post(f"/staff/editions/{lean_draft.pk}/edit/rules/budget/0/remove/").status_code == 403
    assert client.post(f"/staff/editions/{lean_draft.pk}/impact/").status_code == 403
    assert client.post(f"/staff/editions/{lean_draft.pk}/checklist/x/sign/").status_code == 403


def test_garbage_addresses_and_kinds_are_not_found_not_errors(client, admin_user, lean_draft):
    client.force_login(admin_user)
    base = f"/staff/editions/{lean_draft.pk}/edit"
    for url in (
        "rules/budget/99/",
        "rules/budget/0.c0/",
        "rules/budget/0.w/",
        "rules/budget/x/",
        "rules/nope/0/",
        "rules/instalment-9/0/",
        "rules/budget/new/?kind=nope",
        "rules/budget/new/?kind=all_of",
        "rules/budget/new/?kind=range&parent=77",
        "items/nope/",
        "items/catalogue:Bad/",
        "section/nope/",
    ):
        assert client.get(f"{base}/{url}").status_code == 404, url
    assert client.post(f"{base}/rules/budget/0/explode/").status_code == 404
    assert client.post(f"{base}/rules/budget/0/group/", {"kind": "range", "id": "g"}).status_code in (302, 404)
    assert client.get("/staff/editions/999999/edit/").status_code == 404
    published = Edition.objects.get(code="machinery-2025", version=1)
    assert client.get(f"/staff/editions/{published.pk}/edit/section/budget/").status_code == 302


def test_history_and_impact_lists_do_not_grow_in_queries(client, admin_user, lean_draft):
    client.force_login(admin_user)
    rules = copy.deepcopy(lean_draft.rules)

    def grow(n):
        while EditionEvent.objects.filter(edition__code="lean-2026-basic", action="edited").count() < n:
            rules["budget"]["rules"][0]["params"]["max"] += 1000
            services.edition_update_draft(actor=admin_user, edition=lean_draft, data={}, rules=copy.deepcopy(rules))

    assert_constant_queries(lambda: client.get(f"/staff/editions/{lean_draft.pk}/history/"), grow)


def test_a_draft_that_does_not_compile_is_fixed_through_yaml_and_the_history_says_it_was_replaced(admin_user):
    published = EditionFactory(code="broken-2026-draft")
    draft = services.edition_new_version(actor=admin_user, edition=published)
    broken = copy.deepcopy(draft.rules)
    broken["budget"]["rules"][0]["params"]["max"] = "lots"
    Edition.objects.filter(pk=draft.pk).update(rules=broken)  # however it came to hold it
    draft.refresh_from_db()
    fixed = copy.deepcopy(broken)
    fixed["budget"]["rules"][0]["params"]["max"] = 700000
    services.edition_update_draft(actor=admin_user, edition=draft, data={}, rules=fixed)
    [event] = EditionEvent.objects.filter(edition=draft, action="edited")
    assert "replaced" in event.changes[0]["lines"][0]["en"]


def test_the_drafts_own_fields_are_edited_and_recorded(client, admin_user, lean_draft):
    client.force_login(admin_user)
    page = client.get(f"/staff/editions/{lean_draft.pk}/edit/")
    form = page.context["form"]
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update(application_closes="2026-06-30", year="2026", application_opens="2026-01-01")
    assert client.post(f"/staff/editions/{lean_draft.pk}/edit/", data).status_code == 302
    event = EditionEvent.objects.get(edition=lean_draft, action="edited")
    assert lines_of(event) == ["受理申請迄日 （未設定） → 民國 115 年 6 月 30 日"]
    bad = {**data, "application_closes": "2025-01-01"}
    assert client.post(f"/staff/editions/{lean_draft.pk}/edit/", bad).status_code == 200


def lines_of(event) -> list[str]:
    return [line["zh-hant"] for change in event.changes for line in change["lines"]]


def test_the_editor_in_english(client, admin_user, lean_draft):
    client.force_login(admin_user)
    client.post("/i18n/setlang/", {"language": "en"})
    page = client.get(f"/staff/editions/{lean_draft.pk}/edit/rules/budget/0/").content.decode()
    assert "Left empty: no" in page and ">cap <" in page and "government subsidy at most NT$500,000" in page
    section = client.get(f"/staff/editions/{lean_draft.pk}/edit/section/instalments/").content.decode()
    assert "Conditions of instalment 1" in section
    items = client.get(f"/staff/editions/{lean_draft.pk}/edit/items/documents/").content.decode()
    assert "Any of: pdf (PDF), image (image), xlsx (Excel), docx (Word); PDF when left empty" in items


def test_the_expenses_tax_basis_is_chosen_checked_and_round_trips(client, admin_user, lean_draft):
    client.force_login(admin_user)
    url = f"/staff/editions/{lean_draft.pk}/edit/section/expense/"
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["settings"]["tax_basis"].value() == "untaxed"  # as the edition's YAML has it
    assert "未稅（不含營業稅）" in page.content.decode() and "核銷稅基" in page.content.decode()
    before = copy.deepcopy(lean_draft.rules)
    refused = client.post(url, {"tax_basis": "gross"})
    assert refused.status_code == 200 and refused.context["settings"]["tax_basis"].errors
    lean_draft.refresh_from_db()
    assert lean_draft.rules == before  # nothing saved
    assert client.post(url, {"tax_basis": "taxed"}).status_code == 302
    lean_draft.refresh_from_db()
    assert lean_draft.rules["expenses"]["tax_basis"] == "taxed"
    assert lean_draft.rules["expenses"]["rules"] == before["expenses"]["rules"]  # the rules stay as they were
    assert client.get(url).context["settings"]["tax_basis"].value() == "taxed"
    assert ruleset_for(lean_draft).tax_basis == "taxed"  # the compiled draft counts expenses with tax now
    exported = yaml.safe_load(client.get(f"/staff/editions/{lean_draft.pk}/export.yaml").content)
    assert exported["rules"]["expenses"]["tax_basis"] == "taxed"  # and the YAML export carries it
    assert client.post(url, {"tax_basis": "untaxed"}).status_code == 302
    lean_draft.refresh_from_db()
    assert lean_draft.rules["expenses"]["tax_basis"] == "untaxed"
