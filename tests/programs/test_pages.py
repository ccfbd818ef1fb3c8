"""Catalogue, edition rules, screener, budget checker (with Excel), and the administrator's edition pages."""

from io import BytesIO

import pytest
import yaml
from openpyxl import load_workbook

from programs.models import Edition, EditionEvent
from tests.factories import SMALL_RULESET, EditionFactory
from tests.helpers import assert_constant_queries

pytestmark = pytest.mark.django_db

SCREENER = {
    "registration": "company", "factory_registered": "true", "industry_codes": "2912", "business_items": "CB01",
    "employees": "48", "paid_in_capital": "30000000", "net_worth": "12000000", "site_in_roc": "true",
    "prc_capital": "false", "bank_refused": "false", "tax_arrears_3y": "false", "pcc_refused": "false",
    "serious_violation_3y": "false",
}  # fmt: skip
BUDGET = {
    "direct_salary-gov": "1,400,000",
    "direct_salary-self": "600000",
    "management_fee-gov": "700000",
    "management_fee-self": "300000",
    "other_direct-gov": "1157733",
    "other_direct-self": "496171",
    "public_fee-gov": "75600",
    "public_fee-self": "32400",
    "business_tax-gov": "166667",
    "business_tax-self": "71429",
}


# --- public pages ----------------------------------------------------------------------------------------


def test_catalogue_lists_every_published_edition(client):
    html = client.get("/programmes/").content.decode()
    for code in Edition.objects.filter(status="published").values_list("code", flat=True):
        assert code in html


def test_catalogue_queries_do_not_grow(client):
    def grow(n):
        while Edition.objects.count() < n + 15:
            EditionFactory()

    assert_constant_queries(lambda: client.get("/programmes/"), grow)


def test_edition_page_states_the_rules_in_plain_language(client):
    html = client.get("/programmes/machinery-2025/").content.decode()
    assert "政府輔導經費不得超過 3,500,000 元" in html
    assert "政府輔導經費不得超過計畫總經費之 70.00%" in html
    assert "問題需求與分析" in html and "20%" in html


def test_drafts_are_not_public(client, officer):
    EditionFactory(code="x-2026-draft", status="draft")
    assert client.get("/programmes/x-2026-draft/").status_code == 404
    client.force_login(officer)
    assert client.get("/programmes/x-2026-draft/").status_code == 200


def test_screener_checks_every_open_edition(client):
    response = client.post("/screener/", SCREENER)
    assert response.status_code == 200
    results = response.context["results"]
    assert {r["edition"].code for r in results} == set(
        Edition.objects.filter(status="published").values_list("code", flat=True)
    )
    machinery = next(r for r in results if r["edition"].code == "machinery-2025")
    assert machinery["eligible"] is True


def test_screener_says_why_not(client):
    response = client.post("/screener/", {**SCREENER, "prc_capital": "true"})
    html = response.content.decode()
    assert "陸資投資成分：是，須為「否」" in html


def test_screener_htmx_returns_only_the_results(client):
    response = client.post("/screener/", SCREENER, HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()
    assert "machinery-2025" in response.content.decode()


def test_screener_starts_from_the_applicants_profile(client, applicant):
    client.force_login(applicant)
    form = client.get("/screener/").context["form"]
    assert form.initial["employees"] == applicant.company.employees
    assert form.initial["industry_codes"] == applicant.company.industry_codes


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"employees": "-1"}, "employees"),
        ({"employees": "many"}, "employees"),
        ({"industry_codes": "29a"}, "industry_codes"),
        ({"prc_capital": ""}, "prc_capital"),
        ({"prc_capital": "maybe"}, "prc_capital"),
        ({"registration": "x"}, "registration"),
        ({"net_worth": "1e99"}, "net_worth"),
    ],
)
def test_screener_bad_input(client, change, field):
    response = client.post("/screener/", {**SCREENER, **change})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert response.context["results"] is None


def test_budget_checker_checks_as_you_type(client):
    response = client.post("/programmes/machinery-2025/budget/", BUDGET, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    result = response.context["result"]
    assert result.ok
    assert result.data["totals"]["total"] == 5_000_000
    assert "<html" not in response.content.decode()


def test_budget_checker_bad_amounts(client):
    response = client.post(
        "/programmes/machinery-2025/budget/", {**BUDGET, "direct_salary-gov": "-5", "management_fee-self": "abc"}
    )
    assert response.status_code == 200
    assert set(response.context["table"].errors) == {"direct_salary-gov", "management_fee-self"}
    assert response.context["result"] is None


def test_budget_download_is_a_formatted_workbook(client):
    response = client.post("/programmes/machinery-2025/budget.xlsx", BUDGET)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    book = load_workbook(BytesIO(response.content))
    sheet = book.worksheets[0]
    assert sheet["A1"].value.endswith("經費預算表")
    rows = {
        sheet.cell(row=r, column=1).value: (sheet.cell(row=r, column=2).value, sheet.cell(row=r, column=3).value)
        for r in range(5, 14)
    }
    assert rows["直接薪資"] == (1_400_000, 600_000)
    assert rows["營業稅"] == (166_667, 71_429)
    assert sheet["B5"].number_format == "#,##0"
    checks = book.worksheets[1]
    assert checks.max_row == 1 + 10  # one row per budget rule
    assert {checks.cell(row=r, column=2).value for r in range(2, 12)} == {"通過"}


def test_budget_download_with_bad_amounts_shows_the_errors(client):
    response = client.post("/programmes/machinery-2025/budget.xlsx", {**BUDGET, "direct_salary-gov": "x"})
    assert response["Content-Type"].startswith("text/html")
    assert "direct_salary-gov" in response.context["table"].errors


def test_home_links_the_screener_and_the_catalogue(client):
    html = client.get("/").content.decode()
    assert 'href="/screener/"' in html and 'href="/programmes/"' in html


# --- the administrator's pages -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [("applicant", 403), ("counsellor", 403), ("reviewer", 403), ("officer", 403), ("admin_user", 200)],
)
def test_edition_management_is_for_administrators(client, request, role, status):
    client.force_login(request.getfixturevalue(role))
    assert client.get("/staff/editions/").status_code == status
    edition = Edition.objects.get(code="machinery-2025")
    assert client.get(f"/staff/editions/{edition.pk}/").status_code == status
    assert client.post(f"/staff/editions/{edition.pk}/new-version/").status_code in (
        (302,) if status == 200 else (403,)
    )


def test_staff_list_queries_do_not_grow(client, admin_user):
    client.force_login(admin_user)

    def grow(n):
        while Edition.objects.count() < n + 15:
            EditionFactory()

    assert_constant_queries(lambda: client.get("/staff/editions/"), grow)


def edit_form(edition, rules) -> dict:
    return {
        "title_zh": edition.title["zh-hant"],
        "title_en": edition.title["en"],
        "track_zh": edition.track["zh-hant"],
        "track_en": edition.track["en"],
        "year": str(edition.year),
        "application_opens": "",
        "application_closes": "",
        "document_ref": "doc",
        "change_note": "raise the cap",
        "rules_yaml": yaml.safe_dump(rules, allow_unicode=True),
    }


def test_an_administrator_changes_a_number_and_publishes_it(client, admin_user, django_capture_on_commit_callbacks):
    published = EditionFactory(code="demo-2026-track")
    client.force_login(admin_user)
    response = client.post(f"/staff/editions/{published.pk}/new-version/")
    draft = Edition.objects.get(code="demo-2026-track", version=2)
    assert response["Location"] == f"/staff/editions/{draft.pk}/edit/"
    rules = yaml.safe_load(yaml.safe_dump(SMALL_RULESET))
    rules["budget"]["rules"][0]["params"]["max"] = 700000
    assert client.post(f"/staff/editions/{draft.pk}/edit/yaml/", edit_form(draft, rules)).status_code == 302
    client.post(f"/staff/editions/{draft.pk}/publish/")  # refused: the impact is not worked out yet
    draft.refresh_from_db()
    assert draft.status == "draft"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/editions/{draft.pk}/impact/")
    client.post(f"/staff/editions/{draft.pk}/publish/")
    draft.refresh_from_db()
    published.refresh_from_db()
    assert (draft.status, published.status) == ("published", "retired")
    assert (
        client.get("/api/v1/editions/demo-2026-track/").json()["rules"]["budget"]["rules"][0]["params"]["max"] == 700000
    )
    assert EditionEvent.objects.filter(edition=draft, action="published", actor=admin_user).exists()


def test_an_invalid_rule_set_is_refused_with_the_rule_and_parameter(client, admin_user):
    published = EditionFactory(code="demo-2026-bad")
    client.force_login(admin_user)
    client.post(f"/staff/editions/{published.pk}/new-version/")
    draft = Edition.objects.get(code="demo-2026-bad", version=2)
    rules = yaml.safe_load(yaml.safe_dump(SMALL_RULESET))
    rules["budget"]["rules"][0]["params"]["max"] = "lots"
    response = client.post(f"/staff/editions/{draft.pk}/edit/yaml/", edit_form(draft, rules))
    assert response.status_code == 200
    assert any("budget.rules[0] (gov_cap).params.max" in p for p in response.context["problems"])
    draft.refresh_from_db()
    assert draft.rules == SMALL_RULESET


@pytest.mark.parametrize("text", ["a: [unclosed", "- just\n- a list", "", "\x00"])
def test_unparsable_yaml_is_a_form_error(client, admin_user, text):
    published = EditionFactory(code="demo-2026-yaml")
    client.force_login(admin_user)
    client.post(f"/staff/editions/{published.pk}/new-version/")
    draft = Edition.objects.get(code="demo-2026-yaml", version=2)
    response = client.post(
        f"/staff/editions/{draft.pk}/edit/yaml/", {**edit_form(draft, SMALL_RULESET), "rules_yaml": text}
    )
    assert response.status_code == 200
    assert "rules_yaml" in response.context["form"].errors


def test_published_editions_cannot_be_opened_for_editing(client, admin_user):
    published = Edition.objects.get(code="machinery-2025")
    client.force_login(admin_user)
    response = client.get(f"/staff/editions/{published.pk}/edit/")
    assert response.status_code == 302


def test_clone_to_next_year_through_the_page(client, admin_user):
    published = Edition.objects.get(code="machinery-2025")
    client.force_login(admin_user)
    client.post(f"/staff/editions/{published.pk}/clone/", {"code": "machinery-2026", "year": "2026"})
    clone = Edition.objects.get(code="machinery-2026")
    assert (clone.status, clone.version, clone.year) == ("draft", 1, 2026)
    response = client.post(
        f"/staff/editions/{published.pk}/clone/", {"code": "Not A Code", "year": "2026"}, follow=True
    )
    assert not Edition.objects.filter(code="Not A Code").exists()
    assert response.status_code == 200


def test_unknown_actions_are_refused(client, admin_user):
    client.force_login(admin_user)
    edition = Edition.objects.get(code="machinery-2025")
    assert client.post(f"/staff/editions/{edition.pk}/explode/").status_code == 403
