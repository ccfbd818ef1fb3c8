"""POST /api/v1/carbon/calculate/ answers the contract of spec/api.md; bad input is a 400."""

import json

import pytest

from carbon.models import InventoryCalculation

pytestmark = pytest.mark.django_db

EXAMPLE = {"gwp": "AR5", "activities": [
    {"source": "廠區用電", "category": "2", "factor": "tw-electricity-111", "quantity": "2000", "unit": "kWh"},
    {"source": "堆高機", "category": "1", "factor": "epa-6.0.4-diesel-mobile", "quantity": "1000", "unit": "L"},
]}  # fmt: skip


def post(client, body, **extra):
    return client.post("/api/v1/carbon/calculate/", json.dumps(body), content_type="application/json", **extra)


def test_the_contract_example():
    from django.test import Client

    body = post(Client(), EXAMPLE).json()
    assert body["total_tco2e"] == "3.6240"
    assert body["by_category"] == {"1": "2.6060", "2": "1.0180"}
    assert body["by_gas"] == {"CO2": "2.6060", "CO2e": "1.0180"}
    first = body["lines"][0]
    assert {"source", "category", "tco2e", "by_gas", "factor"} <= set(first)
    assert first["factor"]["code"] == "tw-electricity-111"
    assert first["factor"]["gases"] == {"CO2e": "0.50900000"}
    assert first["factor"]["year"] == 2022


@pytest.mark.parametrize(("code", "value"), [("tw-electricity-112", "0.9900"), ("tw-electricity-113", "0.9880")])
def test_electricity_by_year_of_announcement(client, code, value):
    body = post(
        client,
        {
            "gwp": "AR5",
            "activities": [{"source": "a", "category": "2", "factor": code, "quantity": "2", "unit": "MWh"}],
        },
    ).json()
    assert body["total_tco2e"] == value


def test_water_and_natural_gas_factors(client):
    body = post(
        client,
        {
            "gwp": "AR6",
            "activities": [
                {"source": "水", "category": "4", "factor": "dmmap-water", "quantity": "1000", "unit": "度"},
                {
                    "source": "爐",
                    "category": "1",
                    "factor": "epa-6.0.4-natural-gas",
                    "quantity": "1",
                    "unit": "千立方公尺",
                },
                {"source": "鍋爐", "category": "1", "factor": "epa-6.0.4-fuel-coal", "quantity": "1", "unit": "公噸"},
            ],
        },
    ).json()
    assert [line["tco2e"] for line in body["lines"]] == ["0.1610", "1.8790", "2.4081"]


def test_refrigerants_use_the_gwp_of_the_chosen_set(client):
    for gwp, value in (("AR4", "2.0875"), ("AR5", "1.9235"), ("AR6", "2.2555")):
        body = post(
            client,
            {
                "gwp": gwp,
                "activities": [
                    {"source": "冷氣", "category": "1", "factor": "refrigerant-r-410a", "quantity": "1", "unit": "kg"}
                ],
            },
        ).json()
        assert body["total_tco2e"] == value, gwp


def test_english_errors_and_nothing_stored(client):
    before = InventoryCalculation.objects.count()
    response = post(client, {**EXAMPLE, "gwp": "AR9"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["errors"]["gwp"][0].startswith("Unknown GWP set")
    assert InventoryCalculation.objects.count() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"factor": "nope"}, "activities.0.factor"),
        ({"unit": "L"}, "activities.0.unit"),
        ({"unit": "bananas"}, "activities.0.unit"),
        ({"quantity": "-1"}, "activities.0.quantity"),
        ({"quantity": "lots"}, "activities.0.quantity"),
        ({"quantity": "NaN"}, "activities.0.quantity"),
        ({"quantity": True}, "activities.0.quantity"),
        ({"category": "7"}, "activities.0.category"),
        ({"category": 2}, "activities.0.category"),  # the schema's enum is of strings (issue 15, point 11)
        ({"colour": "red"}, "activities.0.colour"),
    ],
)
def test_bad_activities(client, change, field):
    body = {"gwp": "AR5", "activities": [{**EXAMPLE["activities"][0], **change}]}
    response = post(client, body)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"], response.json()


@pytest.mark.parametrize(
    "body", [{}, {"gwp": "AR5"}, {"gwp": "AR5", "activities": []}, {"gwp": "AR5", "activities": "x"}, []]
)
def test_bad_bodies(client, body):
    response = post(client, body)
    assert response.status_code == 400
    assert response.json()["errors"]


def test_an_administrator_adds_a_new_announcement_without_a_deploy(client, admin_user):
    """The 2024 announcement arrives: a new set and factor through the admin site; old factors stay."""
    client.force_login(admin_user)
    response = client.post(
        "/admin/carbon/factorset/add/",
        {
            "code": "moea-electricity-114",
            "title": '{"zh-hant": "114 年度電力排碳係數", "en": "2025 electricity factor"}',
            "source_document": "經濟部能源署公告",
            "year": "2025",
            "note": "",
            "factors-TOTAL_FORMS": "0",
            "factors-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    from carbon.models import Factor, FactorSet

    response = client.post(
        "/admin/carbon/factor/add/",
        {
            "factor_set": FactorSet.objects.get(code="moea-electricity-114").pk,
            "code": "tw-electricity-114",
            "name": '{"zh-hant": "台灣電力排碳係數（114 年度公告）", "en": "Taiwan grid (2025)"}',
            "ipcc_name": "",
            "kind": "electricity",
            "unit": "kWh",
            "uncertainty": "5",
            "quality": "2",
            "gases-TOTAL_FORMS": "1",
            "gases-INITIAL_FORMS": "0",
            "gases-0-gas": "CO2e",
            "gases-0-value": "0.474",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    body = post(
        client,
        {
            "gwp": "AR6",
            "activities": [
                {"source": "電", "category": "2", "factor": "tw-electricity-114", "quantity": "1000", "unit": "kWh"},
                {"source": "舊", "category": "2", "factor": "tw-electricity-111", "quantity": "1000", "unit": "kWh"},
            ],
        },
    ).json()
    assert [line["tco2e"] for line in body["lines"]] == ["0.4740", "0.5090"]
    assert Factor.objects.filter(code__startswith="tw-electricity-").count() == 4


def test_only_administrators_edit_the_library(client, officer):
    client.force_login(officer)
    assert client.get("/admin/carbon/factorset/add/").status_code in (302, 403)
