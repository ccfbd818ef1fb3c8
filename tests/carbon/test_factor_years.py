"""Electricity factors carry two years — the year of announcement (the code of spec/api.md) and the year of
the data they measure — shown on every factor, and an inventory year picks its factor without guessing."""

import json

import pytest

from carbon.factor_years import FactorYear, electricity_factor_for_year, factor_years, pick_for_inventory_year
from carbon.models import Factor, FactorSet
from tests.carbon.workspace_data import inventory_with

CODES = {
    "tw-electricity-111": ("0.509", 2022, 2021),
    "tw-electricity-112": ("0.495", 2023, 2022),
    "tw-electricity-113": ("0.494", 2024, 2023),
}


@pytest.mark.parametrize("code", sorted(CODES))
def test_the_library_keeps_the_codes_of_api_md_with_both_years(code):
    value, announced, data_year = CODES[code]
    assert factor_years(code) == {"value": value, "announced": announced, "data_year": data_year}


def test_the_pick_by_inventory_year():
    factors = [
        FactorYear("a", 2022, 2021),
        FactorYear("b", 2023, 2022),
        FactorYear("c", 2024, 2023),
        FactorYear("water", 2023, None),
    ]
    assert [
        getattr(pick_for_inventory_year(year, factors), "code", None) for year in (2020, 2021, 2022, 2023, 2026)
    ] == [None, "a", "b", "c", "c"]
    corrected = [*factors, FactorYear("b2", 2024, 2022)]  # a re-announced figure for the same data year
    assert pick_for_inventory_year(2022, corrected).code == "b2"
    assert electricity_factor_for_year(2022) == "tw-electricity-112"


@pytest.mark.django_db
def test_migrate_records_the_data_year_and_names_both_years():
    sets = {s.code: s for s in FactorSet.objects.filter(code__startswith="moea-electricity-")}
    assert {code: (s.year, s.data_year) for code, s in sets.items()} == {
        "moea-electricity-111": (2022, 2021),
        "moea-electricity-112": (2023, 2022),
        "moea-electricity-113": (2024, 2023),
    }
    assert FactorSet.objects.get(code="dmmap-water").data_year is None
    assert (
        Factor.objects.get(code="tw-electricity-112").name["zh-hant"] == "台灣電力排碳係數（112 年公告，111 年度資料）"
    )


@pytest.mark.django_db
def test_the_library_page_shows_both_years(client):
    html = client.get("/carbon/factors/").content.decode()
    assert "公告：民國 112 年" in html and "資料年度：民國 111 年" in html and "2023 年" not in html  # ROC years only
    client.cookies["django_language"] = "en"
    html = client.get("/carbon/factors/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "announced 2022 (ROC 111)" in html and "data year 2021 (ROC 110)" in html


@pytest.mark.django_db
def test_the_calculation_states_both_years_of_the_factor_used(client):
    body = client.post(
        "/api/v1/carbon/calculate/",
        json.dumps(
            {
                "gwp": "AR5",
                "activities": [
                    {
                        "source": "廠區用電",
                        "category": "2",
                        "factor": "tw-electricity-111",
                        "quantity": "2000",
                        "unit": "kWh",
                    }
                ],
            }
        ),
        content_type="application/json",
    ).json()
    factor = body["lines"][0]["factor"]
    assert (factor["code"], factor["year"], factor["data_year"]) == ("tw-electricity-111", 2022, 2021)
    assert body["total_tco2e"] == "1.0180"  # seed 002: 2,000 度 × 0.509 = 1.018 t


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("year", "code"), [(2023, "tw-electricity-113"), (2022, "tw-electricity-112"), (2025, "tw-electricity-113")]
)
def test_the_source_form_marks_the_factor_of_the_inventory_year(client, applicant, year, code):
    import datetime

    inventory = inventory_with(applicant, [])
    inventory.period_start, inventory.period_end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    inventory.save()
    client.force_login(applicant)
    html = client.get(f"/carbon/inventories/{inventory.pk}/sources/new/").content.decode()
    assert f"{code} — " in html
    assert f"★ 符合 {year} 年度盤查" in html
    assert html.count("★") == 1
    assert f"{year} 年度盤查之電力：{code}" in html
