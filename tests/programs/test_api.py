"""The public calculators answer exactly the shapes of spec/api.md; bad input is a 400, never a 500."""

import json

import pytest
from django.db import connection

from programs.models import Edition, RuleEvaluation
from tests.factories import EditionFactory
from tests.helpers import assert_constant_queries, count_queries

pytestmark = pytest.mark.django_db

COMPANY = {
    "ubn": "22099131", "name": "鴻昇金屬工業股份有限公司", "registration": "company", "factory_registered": True,
    "industry_codes": ["2912"], "business_items": ["CB01"], "employees": 48, "paid_in_capital": 30000000,
    "net_worth": 12000000, "prc_capital": False, "bank_refused": False, "tax_arrears_3y": False,
    "pcc_refused": False, "serious_violation_3y": False, "site_in_roc": True,
}  # fmt: skip
OUTCOME_KEYS = {"rule", "passed", "level", "message", "values"}


def post(client, url, body, **extra):
    return client.post(url, json.dumps(body), content_type="application/json", **extra)


def assert_outcome(outcome):
    assert set(outcome) == OUTCOME_KEYS
    assert isinstance(outcome["rule"], str) and outcome["rule"]
    assert isinstance(outcome["passed"], bool)
    assert outcome["level"] in ("error", "warning")
    assert isinstance(outcome["message"], str) and outcome["message"]
    assert all(isinstance(v, (int, str)) and not isinstance(v, bool) for v in outcome["values"].values())


# --- catalogue ------------------------------------------------------------------------------------


def test_edition_list_shape(client):
    body = client.get("/api/v1/editions/").json()
    assert isinstance(body, list) and body
    for item in body:
        assert {"code", "programme", "title", "year", "status", "track"} <= set(item)
        assert item["status"] == "published"


def test_staff_see_drafts_and_others_do_not(client, officer):
    EditionFactory(code="x-2026-draft", status="draft")
    assert "x-2026-draft" not in [e["code"] for e in client.get("/api/v1/editions/").json()]
    client.force_login(officer)
    assert "x-2026-draft" in [e["code"] for e in client.get("/api/v1/editions/").json()]


def test_edition_detail_has_the_whole_rule_set(client):
    body = client.get("/api/v1/editions/machinery-2025/").json()
    assert body["code"] == "machinery-2025"
    rules = body["rules"]
    for section in ("eligibility", "budget", "rubric", "instalments", "documents", "period"):
        assert section in rules
    assert [line["code"] for line in rules["budget"]["lines"]][:5] == [
        "direct_salary",
        "management_fee",
        "other_direct",
        "public_fee",
        "business_tax",
    ]
    assert [c["code"] for c in rules["rubric"]["criteria"]] == ["needs", "solution", "benefits", "training"]
    assert body["rules_text"]["budget"][0]["text"]


def test_unknown_edition_is_a_404_with_an_error_body(client):
    for url in ("/api/v1/editions/nope/",):
        response = client.get(url)
        assert response.status_code == 404
        assert "errors" in response.json()
    for path in ("budget-check", "score-sheet", "disbursement-plan"):
        response = post(client, f"/api/v1/editions/nope/{path}/", {})
        assert response.status_code == 404
        assert "errors" in response.json()


def test_edition_list_and_detail_queries_do_not_grow(client):
    def grow(n):
        while Edition.objects.count() < n + 15:
            EditionFactory()

    assert_constant_queries(lambda: client.get("/api/v1/editions/"), grow)
    detail_queries, response = count_queries(lambda: client.get("/api/v1/editions/machinery-2025/"))
    assert response.status_code == 200
    grow(40)
    assert count_queries(lambda: client.get("/api/v1/editions/machinery-2025/"))[0] == detail_queries


# --- screening -----------------------------------------------------------------------------------------


def test_screening_every_published_edition(client):
    response = post(client, "/api/v1/screening/", {"company": COMPANY})
    assert response.status_code == 200
    results = response.json()["results"]
    assert {r["edition"] for r in results} == set(
        Edition.objects.filter(status="published").values_list("code", flat=True)
    )
    for result in results:
        assert set(result) == {"edition", "eligible", "outcomes"}
        for outcome in result["outcomes"]:
            assert_outcome(outcome)


def test_screening_chosen_editions_and_a_failing_rule_names_itself(client):
    body = post(
        client, "/api/v1/screening/", {"company": {**COMPANY, "prc_capital": True}, "editions": ["machinery-2025"]}
    ).json()
    (result,) = body["results"]
    assert result["eligible"] is False
    failing = [o for o in result["outcomes"] if not o["passed"] and o["level"] == "error"]
    assert [o["rule"] for o in failing] == ["no_prc_capital"]
    assert failing[0]["values"] == {"prc_capital": "true"}


def test_screening_in_english(client):
    body = post(
        client, "/api/v1/screening/", {"company": COMPANY, "editions": ["machinery-2025"]}, HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    assert body["results"][0]["outcomes"][0]["message"].startswith("registration is company registration")


def test_screening_stores_nothing(client):
    before = (RuleEvaluation.objects.count(), Edition.objects.count())
    post(client, "/api/v1/screening/", {"company": COMPANY})
    assert (RuleEvaluation.objects.count(), Edition.objects.count()) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "company"),
        ({"company": {**COMPANY, "ubn": "22099130"}}, "company.ubn"),
        ({"company": {**COMPANY, "ubn": "abc"}}, "company.ubn"),
        ({"company": {**COMPANY, "employees": -1}}, "company.employees"),
        ({"company": {**COMPANY, "employees": "48"}}, "company.employees"),
        ({"company": {**COMPANY, "employees": 1.5}}, "company.employees"),
        ({"company": {**COMPANY, "paid_in_capital": 1e20}}, "company.paid_in_capital"),
        ({"company": {**COMPANY, "net_worth": "many"}}, "company.net_worth"),
        ({"company": {**COMPANY, "prc_capital": "no"}}, "company.prc_capital"),
        ({"company": {**COMPANY, "registration": "llc"}}, "company.registration"),
        ({"company": {**COMPANY, "industry_codes": ["29a"]}}, "company.industry_codes"),
        ({"company": {**COMPANY, "industry_codes": "2912"}}, "company.industry_codes"),
        ({"company": {**COMPANY, "business_items": ["cb01"]}}, "company.business_items"),
        ({"company": {**COMPANY, "colour": "red"}}, "company.colour"),
        ({"company": {k: v for k, v in COMPANY.items() if k != "site_in_roc"}}, "company.site_in_roc"),
        ({"company": COMPANY, "editions": ["nope"]}, "editions"),
        ({"company": COMPANY, "editions": "machinery-2025"}, "editions"),
        ({"company": COMPANY, "editions": ["machinery-2025", "machinery-2025"]}, "editions"),
        ({"company": COMPANY, "extra": 1}, "extra"),
        ({"company": [1, 2]}, "company"),
    ],
)
def test_screening_bad_input_is_a_400_with_field_messages(client, body, field):
    response = post(client, "/api/v1/screening/", body)
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert field in errors, errors
    assert all(isinstance(m, str) and m for m in errors[field])


@pytest.mark.parametrize("raw", ["{not json", "[]", "null", "1", '"text"', "\x00"])
def test_malformed_bodies_are_400s(client, raw):
    response = client.post("/api/v1/screening/", raw, content_type="application/json")
    assert response.status_code == 400
    assert "errors" in response.json()


def test_an_over_large_body_is_a_400(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = post(client, "/api/v1/screening/", {"company": {**COMPANY, "name": "x" * 20_000}})
    assert response.status_code == 400


def test_calculators_are_rate_limited(client, settings):
    from rest_framework.settings import api_settings

    rates = api_settings.DEFAULT_THROTTLE_RATES
    original = rates["calculator"]
    rates["calculator"] = "3/min"
    try:
        codes = [
            post(client, "/api/v1/screening/", {"company": COMPANY, "editions": ["machinery-2025"]}).status_code
            for _ in range(4)
        ]
    finally:
        rates["calculator"] = original
    assert codes == [200, 200, 200, 429]


# --- budget check ----------------------------------------------------------------------------------------

MACHINERY_LINES = [
    {"code": "direct_salary", "gov": 1400000, "self": 600000},
    {"code": "management_fee", "gov": 700000, "self": 300000},
    {"code": "other_direct", "gov": 1157733, "self": 496171},
    {"code": "public_fee", "gov": 75600, "self": 32400},
    {"code": "business_tax", "gov": 166667, "self": 71429},
]


def test_budget_check_shape_and_numbers(client):
    body = post(client, "/api/v1/editions/machinery-2025/budget-check/", {"lines": MACHINERY_LINES}).json()
    assert set(body) == {"valid", "totals", "derived", "outcomes"}
    assert body["valid"] is True
    assert body["totals"] == {
        "gov": 3500000,
        "self": 1500000,
        "total": 5000000,
        "gov_share": "70.00",
        "self_share": "30.00",
    }
    assert body["derived"] == {"business_tax": {"gov": 166667, "self": 71429, "total": 238096}, "public_fee_cap": 75600}
    for outcome in body["outcomes"]:
        assert_outcome(outcome)


def test_budget_check_failing_rule_carries_its_numbers(client):
    lines = [{"code": "direct_salary", "gov": 4000000, "self": 1000000}]
    body = post(client, "/api/v1/editions/machinery-2025/budget-check/", {"lines": lines}).json()
    assert body["valid"] is False
    share = next(o for o in body["outcomes"] if o["rule"] == "gov_share_max")
    assert share["passed"] is False
    assert share["values"]["share"] == "80.00"
    assert share["message"] == "政府輔導經費 4,000,000 元占計畫總經費 5,000,000 元之 80.00%，超過上限 70.00%"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "lines"),
        ({"lines": []}, "lines"),
        ({"lines": [{"code": "personnel", "gov": 1, "self": 1}]}, "lines.0.code"),
        (
            {"lines": [{"code": "direct_salary", "gov": 1, "self": 1}, {"code": "direct_salary", "gov": 1, "self": 1}]},
            "lines.1.code",
        ),
        ({"lines": [{"code": "direct_salary", "gov": -1, "self": 1}]}, "lines.0.gov"),
        ({"lines": [{"code": "direct_salary", "gov": 1.5, "self": 1}]}, "lines.0.gov"),
        ({"lines": [{"code": "direct_salary", "gov": "100", "self": 1}]}, "lines.0.gov"),
        ({"lines": [{"code": "direct_salary", "gov": True, "self": 1}]}, "lines.0.gov"),
        ({"lines": [{"code": "direct_salary", "gov": 1}]}, "lines.0.self"),
        ({"lines": [{"code": "direct_salary", "gov": 1, "self": 1, "note": "x"}]}, "lines.0.note"),
        ({"lines": "direct_salary"}, "lines"),
        ({"lines": [{"code": "direct_salary", "gov": 1, "self": 1}], "context": {"colour": "red"}}, "context.colour"),
        ({"lines": [{"code": "direct_salary", "gov": 10**13, "self": 1}]}, "lines.0.gov"),
    ],
)
def test_budget_check_bad_input(client, body, field):
    response = post(client, "/api/v1/editions/machinery-2025/budget-check/", body)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"], response.json()


def test_budget_errors_in_english(client):
    response = post(
        client,
        "/api/v1/editions/machinery-2025/budget-check/",
        {"lines": [{"code": "personnel", "gov": 1, "self": 1}]},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.json()["errors"]["lines.0.code"][0].startswith("unknown budget line 'personnel'")


# --- score sheet ----------------------------------------------------------------------------------------------


def test_score_sheet_shape(client):
    body = post(
        client,
        "/api/v1/editions/machinery-2025/score-sheet/",
        {"scores": {"needs": 90, "solution": 85, "benefits": 80, "training": 95}},
    ).json()
    assert set(body) == {"total", "criteria", "bonus", "outcomes"}
    assert body["total"] == "86.00"
    assert body["bonus"] == "0.00"
    assert body["criteria"][0] == {"code": "needs", "weight": "20.00", "score": "90.00", "weighted": "18.00"}


def test_score_sheet_accepts_decimal_strings(client):
    body = post(
        client,
        "/api/v1/editions/machinery-2025/score-sheet/",
        {"scores": {"needs": "87.5", "solution": 77.25, "benefits": "66.6", "training": 50}},
    ).json()
    assert body["total"] == "74.45"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "scores"),
        ({"scores": {}}, "scores"),
        ({"scores": {"needs": 90, "solution": 85, "benefits": 80}}, "scores.training"),
        ({"scores": {"needs": 101, "solution": 85, "benefits": 80, "training": 95}}, "scores.needs"),
        ({"scores": {"needs": -0.01, "solution": 85, "benefits": 80, "training": 95}}, "scores.needs"),
        ({"scores": {"needs": "ninety", "solution": 85, "benefits": 80, "training": 95}}, "scores.needs"),
        ({"scores": {"needs": True, "solution": 85, "benefits": 80, "training": 95}}, "scores.needs"),
        ({"scores": {"needs": "NaN", "solution": 85, "benefits": 80, "training": 95}}, "scores.needs"),
        ({"scores": {"needs": 90, "solution": 85, "benefits": 80, "training": 95, "style": 5}}, "scores.style"),
        ({"scores": {"needs": 90, "solution": 85, "benefits": 80, "training": 95}, "bonus": {"x": 1}}, "bonus.x"),
    ],
)
def test_score_sheet_bad_input(client, body, field):
    response = post(client, "/api/v1/editions/machinery-2025/score-sheet/", body)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"], response.json()


# --- disbursement plan -----------------------------------------------------------------------------------------

CONTRACT = {
    "approved_gov": 3500000,
    "signed": True,
    "progress": "60.00",
    "disbursed": 1400000,
    "spent": 1050000,
    "accepted": False,
    "actual_spent_total": None,
}


def test_disbursement_plan_is_the_contract_example(client):
    body = post(client, "/api/v1/editions/machinery-2025/disbursement-plan/", CONTRACT).json()
    rows = [(i["no"], i["share"], i["amount"], i["due"]) for i in body["instalments"]]
    assert rows == [(1, "40.00", 1400000, True), (2, "40.00", 1400000, True), (3, "20.00", 700000, False)]
    for instalment in body["instalments"]:
        assert set(instalment) == {"no", "share", "amount", "due", "outcomes"}
        for outcome in instalment["outcomes"]:
            assert_outcome(outcome)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"approved_gov": -1}, "approved_gov"),
        ({"approved_gov": "3500000"}, "approved_gov"),
        ({"signed": "yes"}, "signed"),
        ({"progress": "101"}, "progress"),
        ({"progress": "-1"}, "progress"),
        ({"progress": "sixty"}, "progress"),
        ({"disbursed": 3500001}, "disbursed"),
        ({"spent": -5}, "spent"),
        ({"actual_spent_total": 1.5}, "actual_spent_total"),
        ({"mood": "good"}, "mood"),
    ],
)
def test_disbursement_bad_input(client, change, field):
    response = post(client, "/api/v1/editions/machinery-2025/disbursement-plan/", {**CONTRACT, **change})
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"], response.json()


def test_disbursement_missing_required_fields(client):
    response = post(client, "/api/v1/editions/machinery-2025/disbursement-plan/", {})
    assert response.status_code == 400
    assert {"approved_gov", "signed", "progress"} <= set(response.json()["errors"])


# --- the schema documents every calculator ------------------------------------------------------------------------


def test_openapi_documents_the_calculators(client):
    paths = json.loads(client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content)["paths"]
    for path in (
        "/api/v1/editions/",
        "/api/v1/editions/{code}/",
        "/api/v1/screening/",
        "/api/v1/editions/{code}/budget-check/",
        "/api/v1/editions/{code}/score-sheet/",
        "/api/v1/editions/{code}/disbursement-plan/",
        "/api/v1/calendar/deadline/",
    ):
        assert path in paths, path


def test_anonymous_calculators_need_no_csrf_even_with_a_session(client, applicant):
    client.force_login(applicant)
    csrf_client = type(client)(enforce_csrf_checks=True)
    csrf_client.force_login(applicant)
    response = post(csrf_client, "/api/v1/screening/", {"company": COMPANY, "editions": ["machinery-2025"]})
    assert response.status_code == 200
    assert connection.vendor in ("postgresql", "sqlite")


def test_field_messages_carry_their_numbers(client):
    body = post(
        client,
        "/api/v1/editions/machinery-2025/disbursement-plan/",
        {**CONTRACT, "progress": "101"},
        HTTP_ACCEPT_LANGUAGE="en",
    ).json()
    assert body["errors"]["progress"] == ["Enter a number from 0 to 100."]
    body = post(
        client, "/api/v1/screening/", {"company": {**COMPANY, "paid_in_capital": 10**13}}, HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    assert body["errors"]["company.paid_in_capital"] == ["An amount cannot exceed NT$1,000,000,000,000."]
