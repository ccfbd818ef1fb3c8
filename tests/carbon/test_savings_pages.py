"""The savings check page (/carbon/savings/<code>/): offered only by editions with savings data in their
``carbon`` block, live through htmx, each outcome with its numbers, nothing stored."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = [pytest.mark.django_db]

LOW_CARBON, GREEN, SMU = "dmmap-2023-low-carbon", "dmmap-2023-green-mfg", "smu-2024"
HTMX = {"HTTP_HX_REQUEST": "true"}


def page_url(code: str) -> str:
    return reverse("carbon-savings", args=[code])


def two_months(saving_per_month: int, self_funding: int = 1_280_000) -> dict:
    return {
        "self_funding": f"{self_funding:,}",
        "electricity-1-before": "25000",
        "electricity-1-after": "24500",
        "electricity-1-before_cost": "100,000",
        "electricity-1-after_cost": str(100_000 - saving_per_month),
        "electricity-2-before": "25000",
        "electricity-2-after": "24500",
        "electricity-2-before_cost": "100000",
        "electricity-2-after_cost": str(100_000 - saving_per_month),
    }


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_url_name():
    assert page_url(LOW_CARBON) == "/carbon/savings/dmmap-2023-low-carbon/"


@pytest.mark.parametrize("code", [LOW_CARBON, GREEN])
def test_the_form_of_a_dmmap_edition(client, code):
    response = client.get(page_url(code))
    assert response.status_code == 200
    html = response.content.decode()
    form = re.search(r"<form[^>]*id=\"savings-form\"[^>]*>", html).group(0)
    assert f'hx-post="{page_url(code)}"' in form
    assert 'hx-trigger="input changed delay:400ms, change"' in form
    assert 'hx-target="#savings-result"' in form
    for utility in ("electricity", "water", "fuel", "gas"):
        for month in range(1, 13):
            for column in ("before", "after", "before_cost", "after_cost"):
                assert f'name="{utility}-{month}-{column}"' in html
    assert 'name="self_funding"' in html
    assert "33.00%" in html
    assert "tw-electricity-112" in html and "dmmap-water" in html
    # the edition fixes electricity and water; fuel and gas are picked from the library
    assert 'name="fuel-factor"' in html and 'name="gas-factor"' in html
    assert 'name="electricity-factor"' not in html and 'name="water-factor"' not in html
    assert 'value="epa-6.0.4-diesel"' in html and 'value="epa-6.0.4-natural-gas"' in html
    assert 'value="epa-6.0.4-fuel-coal"' not in html  # per kg: not a fuel in litres


def test_smu_offers_it_without_a_threshold(client):
    html = client.get(page_url(SMU)).content.decode()
    assert "tw-electricity-111" in html
    assert 'name="water-factor"' in html and 'value="dmmap-water"' in html
    assert "33.00%" not in html


@pytest.mark.parametrize("code", ["machinery-2025", "dmmap-2023-carbon-inventory", "no-such-edition"])
def test_editions_without_savings_data_do_not_offer_it(client, code):
    assert client.get(page_url(code)).status_code == 404
    assert client.post(page_url(code), two_months(35_200), **HTMX).status_code == 404


def test_htmx_returns_only_the_verdict_with_its_numbers(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(page_url(LOW_CARBON), two_months(35_200), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'id="savings-verdict"' in html
    assert "年節省費用 422,400 元，達自籌款 1,280,000 元之 33.00%（占 33.00%，四捨五入為 33%；至少 416,000 元）" in html
    assert "推估全年節省 422,400 元（合計 × 12 ÷ 2）" in html
    assert "2.9700" in html
    assert "badge ok" in html
    assert not writes(queries.captured_queries)


def test_just_short_of_33_percent_to_the_whole_percent_fails(client):
    html = client.post(page_url(LOW_CARBON), two_months(34_666), **HTMX).content.decode()
    # 69,332 over two months → 415,992 a year: 32.4994 % rounds to 32 %
    assert (
        "年節省費用 415,992 元，未達自籌款 1,280,000 元之 33.00%（占 32.50%，四捨五入為 32%；至少 416,000 元）" in html
    )
    assert "badge error" in html
    html = client.post(page_url(LOW_CARBON), two_months(34_667), **HTMX).content.decode()
    assert "年節省費用 416,004 元，達自籌款 1,280,000 元之 33.00%" in html


def test_green_mfg_boundary(client):
    html = client.post(page_url(GREEN), two_months(14_300, 520_000), **HTMX).content.decode()
    assert "年節省費用 171,600 元，達自籌款 520,000 元之 33.00%（占 33.00%，四捨五入為 33%；至少 169,000 元）" in html


def test_fuel_needs_a_factor_then_counts(client):
    data = {
        **two_months(35_200),
        "fuel-3-before": "1000",
        "fuel-3-after": "0",
        "fuel-3-before_cost": "30000",
        "fuel-3-after_cost": "0",
    }
    html = client.post(page_url(LOW_CARBON), data, HTTP_ACCEPT_LANGUAGE="en", **HTMX).content.decode()
    assert "form-errors" in html and "Choose an emission factor for fuel from the factor library." in html
    html = client.post(page_url(LOW_CARBON), {**data, "fuel-factor": "epa-6.0.4-diesel"}, **HTMX).content.decode()
    assert "年減碳 31.2720 tCO2e" in html  # 1,000 L × 12 ÷ 1 × 2.606 kg
    assert "年節省費用 782,400 元" in html


@pytest.mark.parametrize(
    "changes",
    [{"electricity-1-after": ""}, {"electricity-1-before": "-5"}, {"electricity-2-after_cost": "12.5"},
     {"electricity-2-before": "lots"}, {"self_funding": "-1"}, {"self_funding": ""}, {"gwp": "AR9"}],
)  # fmt: skip
def test_bad_input_shows_an_error_and_stores_nothing(client, changes):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(page_url(LOW_CARBON), {**two_months(35_200), **changes}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "form-errors" in html and 'id="savings-verdict"' not in html
    assert not writes(queries.captured_queries)


def test_a_half_filled_month_is_named(client):
    data = {**two_months(35_200), "water-4-before": "10"}
    html = client.post(page_url(LOW_CARBON), data, HTTP_ACCEPT_LANGUAGE="en", **HTMX).content.decode()
    assert "Fill in the four figures of water in month 4, or leave them all empty." in html


def test_an_empty_form_asks_for_figures(client):
    html = client.post(page_url(LOW_CARBON), {"self_funding": "1280000"}, **HTMX).content.decode()
    assert 'class="empty"' in html and "form-errors" not in html


def test_without_javascript_the_page_keeps_what_was_typed(client):
    html = client.post(page_url(LOW_CARBON), two_months(35_200)).content.decode()
    assert "<html" in html
    assert 'name="electricity-1-after_cost" value="64800"' in html
    assert "年節省費用 422,400 元" in html


def test_english(client):
    client.cookies["django_language"] = "en"
    html = client.post(page_url(LOW_CARBON), two_months(35_200), HTTP_ACCEPT_LANGUAGE="en", **HTMX).content.decode()
    assert (
        "Annual cost saving NT$422,400 reaches 33.00% of the self-funding NT$1,280,000 "
        "(33.00%, 33% rounded; at least NT$416,000)"
    ) in html
