"""The public calculators of spec/api.md give the corrected answers of issue 11 (the savings check is tested in
tests/carbon/test_savings_api.py, the electricity factor years in tests/carbon/test_factor_years.py)."""

import json

import pytest

from tests.programs.test_api import COMPANY, assert_outcome

pytestmark = pytest.mark.django_db


def post(client, url, body, **extra):
    return client.post(url, json.dumps(body), content_type="application/json", **extra)


def screening(client, editions, **company):
    body = post(client, "/api/v1/screening/", {"company": {**COMPANY, **company}, "editions": editions}).json()
    return {r["edition"]: r for r in body["results"]}


def outcome(result, rule_id):
    return next(o for o in result["outcomes"] if o["rule"] == rule_id)


def test_an_owner_run_firm_with_no_employees_is_micro(client):
    """seed 000 產學合作 備註: 微型企業：員工人數≤ 5人 — the entry plan takes micro firms."""
    results = screening(
        client, ["dmmap-2023-academia-entry", "dmmap-2023-academia-advanced"], employees=0, industry_codes=["2599"]
    )
    entry = results["dmmap-2023-academia-entry"]
    assert entry["eligible"] is True
    assert outcome(entry, "company_size")["values"]["band"] == "micro"
    advanced = outcome(results["dmmap-2023-academia-advanced"], "company_size")
    assert (advanced["passed"], advanced["values"]["band"]) == (False, "micro")


def test_the_lean_bars_are_warnings_the_office_checks_at_filing(client):
    result = screening(client, ["lean-2026-basic"])["lean-2026-basic"]
    assert result["eligible"] is True
    for rule_id in ("not_debarred_this_subsidy", "not_debarred_government_plans"):
        bar = outcome(result, rule_id)
        assert_outcome(bar)
        assert (bar["passed"], bar["level"], bar["values"]) == (
            False,
            "warning",
            {"missing": rule_id.replace("not_", "")},
        )


def test_the_lean_budget_must_be_split_by_party(client):
    url = "/api/v1/editions/dmmap-2023-lean/budget-check/"
    body = post(client, url, {"lines": [{"code": "total", "gov": 400000, "self": 0}]}).json()
    assert body["valid"] is False
    split = outcome(body, "split_by_party")
    assert (split["passed"], split["level"]) == (False, "error")
    assert split["message"] == "計畫經費（未分列）填列 400,000 元：經費須按執行單位經費、合作單位經費分列"
    body = post(
        client,
        url,
        {
            "lines": [
                {"code": "executing_unit", "gov": 300000, "self": 0},
                {"code": "cooperating_company", "gov": 100000, "self": 0},
            ]
        },
    ).json()
    assert body["valid"] is True
    body = post(client, url, {"lines": [{"code": "executing_unit", "gov": 400000, "self": 0}]}).json()
    assert body["valid"] is False and outcome(body, "executing_unit_gov_cap")["passed"] is False


def test_a_caller_still_sending_the_old_self_funding_fact_is_not_refused(client):
    response = post(
        client,
        "/api/v1/editions/dmmap-2023-low-carbon/budget-check/",
        {"lines": [{"code": "total", "gov": 2000000, "self": 1280000}], "context": {"self_funding": 1280000}},
    )
    assert response.status_code == 200
    assert response.json()["valid"] is True


@pytest.mark.parametrize("code", ["lean-2026-basic", "lean-2026-advanced"])
def test_one_bonus_item_may_take_the_whole_bonus(client, code):
    """seed 004 六(一)2 加分項目 10% — only the total is capped."""
    url = f"/api/v1/editions/{code}/score-sheet/"
    scores = {"situation": 80, "feasibility": 90, "benefits": 70}
    body = post(client, url, {"scores": scores, "bonus": {"industry_29": 7}}).json()
    assert (body["total"], body["bonus"]) == ("87.50", "7.00")
    body = post(client, url, {"scores": scores, "bonus": {"carbon": 8, "ai_tools": 8}}).json()
    assert body["bonus"] == "10.00"
    refused = post(client, url, {"scores": scores, "bonus": {"carbon": "10.01"}})
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["bonus.carbon"]


def test_the_rules_as_text_state_the_parameters_numbers_and_the_data_keeps_the_placeholder(client):
    body = client.get("/api/v1/editions/lean-2026-basic/").json()
    cap = next(r for r in body["rules_text"]["budget"] if r["rule"] == "gov_cap")
    assert cap["title"] == "每案政府補助款最高 500,000 元（依審查委員通過之評分酌減補助經費）"
    data = next(r for r in body["rules"]["budget"]["rules"] if r["id"] == "gov_cap")
    assert data["label"]["zh-hant"] == "每案政府補助款最高 {max}（依審查委員通過之評分酌減補助經費）"
    period = next(r for r in body["rules_text"]["period"] if r["rule"] == "period_min_6_months")
    assert period["text"].endswith("（建議）")
