"""POST /api/v1/editions/{code}/savings-check/: the numbers come from the edition and the factor library;
anonymous, throttled, storing nothing; every bad input is a 400 naming its field."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = [pytest.mark.django_db]

LOW_CARBON, GREEN, SMU = "dmmap-2023-low-carbon", "dmmap-2023-green-mfg", "smu-2024"


def url(code: str) -> str:
    return f"/api/v1/editions/{code}/savings-check/"


def post(client, code, body, **extra):
    return client.post(url(code), json.dumps(body), content_type="application/json", **extra)


def annual(saving: int) -> dict:
    """One annual electricity figure whose cost falls by ``saving``."""
    return {
        "period": "annual",
        "before": ["1500"],
        "after": ["1000"],
        "before_cost": [saving + 1_000_000],
        "after_cost": [1_000_000],
    }


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


@pytest.mark.parametrize(
    ("code", "self_funding", "saving", "passed", "exact", "rounded"),
    [(LOW_CARBON, 1_280_000, 420_000, True, "32.81", "33"),  # seed 000: 自籌款為128萬元，導入後減少42萬元
     (LOW_CARBON, 1_280_000, 416_000, True, "32.50", "33"), (LOW_CARBON, 1_280_000, 415_999, False, "32.50", "32"),
     (GREEN, 520_000, 170_000, True, "32.69", "33"),  # seed 000: 自籌款為52萬元，導入後減少17萬元
     (GREEN, 520_000, 169_000, True, "32.50", "33"), (GREEN, 520_000, 168_999, False, "32.50", "32")],
)  # fmt: skip
def test_seed_000_worked_examples_at_the_boundary(api_client, code, self_funding, saving, passed, exact, rounded):
    """減碳量達自籌款33% is read so that the slides' own examples pass: the share rounded to a whole percent."""
    with CaptureQueriesContext(connection) as queries:
        response = post(api_client, code, {"self_funding": self_funding, "electricity": annual(saving)})
    assert response.status_code == 200, response.content
    body = response.json()
    assert not writes(queries.captured_queries)
    assert body["passed"] is passed
    assert (body["annual_cost_saved"], body["share"], body["self_funding"]) == (saving, "33.00", self_funding)
    threshold = {1_280_000: 416_000, 520_000: 169_000}[self_funding]
    assert body["threshold"] == threshold
    first = body["outcomes"][0]
    assert set(first) == {"rule", "passed", "level", "message", "values"}
    assert (first["rule"], first["passed"], first["level"]) == ("saving_share_of_self", passed, "error")
    assert first["values"]["rounded_share"] == rounded
    verb = "達" if passed else "未達"
    assert first["message"] == (
        f"年節省費用 {saving:,} 元，{verb}自籌款 {self_funding:,} 元之 33.00%"
        f"（占 {exact}%，四捨五入為 {rounded}%；至少 {threshold:,} 元）"
    )


def test_the_whole_answer_with_annualised_months(api_client):
    body = post(
        api_client,
        LOW_CARBON,
        {
            "self_funding": 1_280_000,
            "electricity": {
                "before": ["25000", "25000"],
                "after": ["24500", "24500"],
                "before_cost": [100_000, 100_000],
                "after_cost": [64_800, 64_800],
            },
            "water": {
                "before": [300, 300, 300],
                "after": [200, 200, 200],
                "before_cost": [3_000] * 3,
                "after_cost": [2_000] * 3,
            },
        },
    ).json()
    assert body["edition"] == LOW_CARBON
    assert body["annual_cost_saved"] == 422_400 + 12_000
    assert body["passed"] is True
    power, water = body["utilities"]
    assert power == {
        "utility": "electricity",
        "unit": "kWh",
        "months": 2,
        "annual": False,
        "annualised": True,
        "before": "50000.00",
        "after": "49000.00",
        "saved": "1000.00",
        "annual_saved": "6000.00",
        "cost_before": 200_000,
        "cost_after": 129_600,
        "cost_saved": 70_400,
        "annual_cost_saved": 422_400,
        "tco2e": "2.9700",
        "factor": "tw-electricity-112",
        "factor_unit": "kWh",
        "factor_gases": {"CO2e": "0.495"},
    }
    assert (water["months"], water["annual_saved"], water["tco2e"], water["factor"]) == (
        3,
        "1200.00",
        "0.1932",
        "dmmap-water",
    )
    assert body["tco2e_reduced"] == "3.1632"
    assert [o["rule"] for o in body["outcomes"]] == [
        "saving_share_of_self",
        "saving.electricity",
        "saving.water",
        "tco2e_reduced",
    ]
    assert "（合計 × 12 ÷ 2）" in body["outcomes"][1]["message"]
    assert body["gwp"] == "AR6"


@pytest.mark.parametrize(("code", "tco2e"), [(SMU, "0.2545"), (LOW_CARBON, "0.2475"), (GREEN, "0.2475")])
def test_a_500_kwh_saving_with_the_editions_factor(api_client, code, tco2e):
    body = post(api_client, code, {"self_funding": 100_000, "electricity": annual(0)}).json()
    assert body["tco2e_reduced"] == tco2e
    assert body["utilities"][0]["factor"] == ("tw-electricity-111" if code == SMU else "tw-electricity-112")


def test_smu_has_no_threshold_and_picks_its_water_factor(api_client):
    body = post(api_client, SMU, {"electricity": annual(10_000)}).json()
    assert (body["passed"], body["threshold"], body["share"]) == (None, None, None)
    assert [o["rule"] for o in body["outcomes"]] == ["saving.electricity", "tco2e_reduced"]
    water = {"period": "annual", "before": ["1000"], "after": ["0"], "before_cost": [1], "after_cost": [0]}
    refused = post(api_client, SMU, {"water": water})
    assert refused.status_code == 400
    assert set(refused.json()["errors"]) == {"water.factor"}
    body = post(api_client, SMU, {"water": {**water, "factor": "dmmap-water"}}).json()
    assert body["tco2e_reduced"] == "0.1610"


def test_fuel_and_gas_by_the_factor_picked(api_client):
    body = post(
        api_client,
        GREEN,
        {
            "self_funding": 520_000,
            "gwp": "AR5",
            "fuel": {
                "period": "annual",
                "factor": "epa-6.0.4-diesel",
                "unit": "kL",
                "before": ["3"],
                "after": ["2"],
                "before_cost": [90_000],
                "after_cost": [60_000],
            },
            "gas": {
                "factor": "epa-6.0.4-natural-gas",
                "before": ["1000"] * 12,
                "after": ["900"] * 12,
                "before_cost": [15_000] * 12,
                "after_cost": [13_500] * 12,
            },
        },
    ).json()
    assert [(u["utility"], u["tco2e"]) for u in body["utilities"]] == [("fuel", "2.6060"), ("gas", "2.2548")]
    assert body["annual_cost_saved"] == 30_000 + 18_000
    assert body["gwp"] == "AR5"
    assert body["passed"] is False


def test_a_negative_saving_is_reported(api_client):
    body = post(
        api_client,
        LOW_CARBON,
        {
            "self_funding": 1_280_000,
            "electricity": {"before": ["1000"], "after": ["1500"], "before_cost": [4_000], "after_cost": [6_000]},
        },
    ).json()
    assert body["annual_cost_saved"] == -24_000
    assert body["tco2e_reduced"] == "-2.9700"
    assert body["utilities"][0]["annual_saved"] == "-6000.00"
    assert body["outcomes"][1]["passed"] is False
    assert "推估全年增加 24,000 元" in body["outcomes"][1]["message"]


def test_english(api_client):
    body = post(
        api_client, LOW_CARBON, {"self_funding": 1_280_000, "electricity": annual(450_000)}, HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    assert body["outcomes"][0]["message"] == (
        "Annual cost saving NT$450,000 reaches 33.00% of the self-funding NT$1,280,000 "
        "(35.16%, 35% rounded; at least NT$416,000)"
    )


def test_anonymous_even_with_a_session(client, applicant):
    client.force_login(applicant)
    assert post(client, LOW_CARBON, {"self_funding": 1, "electricity": annual(1)}).status_code == 200


GOOD = {
    "self_funding": 1_280_000,
    "electricity": {
        "before": ["1000", "1000"],
        "after": ["900", "900"],
        "before_cost": [4_000, 4_000],
        "after_cost": [3_600, 3_600],
    },
}


def with_electricity(**changes) -> dict:
    return {**GOOD, "electricity": {**GOOD["electricity"], **changes}}


FUEL = {"period": "annual", "before": ["10"], "after": ["5"], "before_cost": [300], "after_cost": [150]}

BAD = [
    ("negative quantity", LOW_CARBON, with_electricity(before=["-1", "1000"]), "electricity.before.0"),
    ("quantity not a number", LOW_CARBON, with_electricity(after=["many", "900"]), "electricity.after.0"),
    ("quantity as a bool", LOW_CARBON, with_electricity(after=[True, "900"]), "electricity.after.0"),
    ("cost as a float", LOW_CARBON, with_electricity(before_cost=[4000.0, 4000]), "electricity.before_cost.0"),
    ("cost as a decimal", LOW_CARBON, with_electricity(after_cost=[3600, 3600.5]), "electricity.after_cost.1"),
    ("cost as a string", LOW_CARBON, with_electricity(after_cost=["3600", 3600]), "electricity.after_cost.0"),
    ("negative cost", LOW_CARBON, with_electricity(after_cost=[-1, 3600]), "electricity.after_cost.0"),
    ("13 months", LOW_CARBON, with_electricity(before=["1"] * 13, after=["1"] * 13, before_cost=[1] * 13,
                                               after_cost=[1] * 13), "electricity.before"),
    ("no months", LOW_CARBON, with_electricity(before=[], after=[], before_cost=[], after_cost=[]), "electricity.before"),  # noqa: E501
    ("after shorter than before", LOW_CARBON, with_electricity(after=["900"]), "electricity.after"),
    ("costs shorter than before", LOW_CARBON, with_electricity(before_cost=[4000]), "electricity.before_cost"),
    ("two annual figures", LOW_CARBON, with_electricity(period="annual"), "electricity.before"),
    ("unknown period", LOW_CARBON, with_electricity(period="weekly"), "electricity.period"),
    ("list instead of months", LOW_CARBON, with_electricity(before="1000"), "electricity.before"),
    ("unknown field", LOW_CARBON, {**GOOD, "steam": {}}, "steam"),
    ("unknown utility field", LOW_CARBON, with_electricity(colour="red"), "electricity.colour"),
    ("null utility", LOW_CARBON, {**GOOD, "water": None}, "water"),
    ("no utility", LOW_CARBON, {"self_funding": 1_280_000}, "non_field_errors"),
    ("not an object", LOW_CARBON, [GOOD], "non_field_errors"),
    ("no self-funding", LOW_CARBON, {"electricity": GOOD["electricity"]}, "self_funding"),
    ("self-funding as a float", LOW_CARBON, {**GOOD, "self_funding": 1280000.0}, "self_funding"),
    ("negative self-funding", GREEN, {**GOOD, "self_funding": -520_000}, "self_funding"),
    ("unknown GWP set", LOW_CARBON, {**GOOD, "gwp": "AR9"}, "gwp"),
    ("unknown factor code", LOW_CARBON, {**GOOD, "fuel": {**FUEL, "factor": "epa-6.0.4-unobtainium"}}, "fuel.factor"),
    ("fuel factor not per L", LOW_CARBON, {**GOOD, "fuel": {**FUEL, "factor": "epa-6.0.4-fuel-coal"}}, "fuel.factor"),
    ("fuel factor per m3", GREEN, {**GOOD, "fuel": {**FUEL, "factor": "epa-6.0.4-natural-gas"}}, "fuel.factor"),
    ("gas factor per L", LOW_CARBON, {**GOOD, "gas": {**FUEL, "factor": "epa-6.0.4-diesel"}}, "gas.factor"),
    ("fuel without a factor", LOW_CARBON, {**GOOD, "fuel": FUEL}, "fuel.factor"),
    ("another electricity factor", LOW_CARBON, with_electricity(factor="tw-electricity-111"), "electricity.factor"),
    ("unit that does not convert", LOW_CARBON, with_electricity(unit="kg"), "electricity.unit"),
    ("edition with no carbon block", "machinery-2025", GOOD, "edition"),
    ("edition whose carbon block has no savings", "dmmap-2023-carbon-inventory", GOOD, "edition"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "code", "body", "field"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_a_400_and_stores_nothing(api_client, case, code, body, field):
    with CaptureQueriesContext(connection) as queries:
        response = post(api_client, code, body, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400, (case, response.content)
    errors = response.json()["errors"]
    assert field in errors, (case, errors)
    assert all(isinstance(m, str) and m for messages in errors.values() for m in messages)
    assert not writes(queries.captured_queries)


def test_bad_input_messages_are_clear(api_client):
    errors = post(api_client, LOW_CARBON, with_electricity(after=["900"]), HTTP_ACCEPT_LANGUAGE="en").json()["errors"]
    assert errors["electricity.after"] == ["Give as many figures here as before the change (2), not 1."]
    errors = post(
        api_client, LOW_CARBON, {**GOOD, "fuel": {**FUEL, "factor": "epa-6.0.4-fuel-coal"}}, HTTP_ACCEPT_LANGUAGE="en"
    ).json()["errors"]
    assert errors["fuel.factor"] == ["Factor epa-6.0.4-fuel-coal is per kg; fuel needs a factor per L."]
    errors = post(api_client, LOW_CARBON, {"electricity": GOOD["electricity"]}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert "33.00%" in errors["errors"]["self_funding"][0]
    errors = post(api_client, "machinery-2025", GOOD, HTTP_ACCEPT_LANGUAGE="en").json()["errors"]
    assert errors == {"edition": ["This edition has no utility-savings check."]}


def test_unknown_edition_is_a_404(api_client):
    response = post(api_client, "no-such-edition", GOOD)
    assert response.status_code == 404
    assert list(response.json()) == ["errors"]


def test_only_post(api_client):
    assert api_client.get(url(LOW_CARBON)).status_code == 405


def test_throttled_with_the_calculators(api_client):
    from rest_framework.settings import api_settings

    rates = api_settings.DEFAULT_THROTTLE_RATES
    original = rates["calculator"]
    rates["calculator"] = "2/min"
    try:
        codes = [post(api_client, LOW_CARBON, GOOD).status_code for _ in range(3)]
    finally:
        rates["calculator"] = original
    assert codes == [200, 200, 429]


def test_documented_in_the_schema_without_warnings():
    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out, stderr=out)
    schema = out.getvalue()
    assert "/api/v1/editions/{code}/savings-check/" in schema
    assert "SavingsCheckRequest" in schema and "SavingsCheckResponse" in schema
