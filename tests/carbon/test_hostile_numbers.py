"""Numbers written with huge exponents (issue 15, point 3): a monthly quantity of 1e-999999999 used to reach
PostgreSQL as such and overflow its numeric type (a 500); 9e999999999 is a short text that writes out as a
billion digits. The pages round to the four decimals kept; the API bounds the digits it accepts."""

import json
from decimal import Decimal

import pytest

from tests.carbon.workspace_data import inventory_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def inventory(applicant):
    return inventory_with(applicant, [("堆高機", "1.2", "epa-6.0.4-diesel-mobile", "L", [300] * 12)])


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1e-999999999", Decimal(0)),
        ("0e999999999", Decimal(0)),
        ("2.00005", Decimal("2.0001")),
        ("1E+3", Decimal(1000)),
    ],
)
def test_a_monthly_quantity_in_any_notation_is_stored_rounded_to_four_decimals(
    client, applicant, inventory, typed, stored
):
    source = inventory.sources.get(name="堆高機")
    client.force_login(applicant)
    response = client.post(
        f"/carbon/inventories/{inventory.pk}/sources/{source.pk}/activity/", {"q-2025-01": typed, "u-2025-01": "L"}
    )
    assert response.status_code == 302
    assert source.records.get(month__month=1).quantity == stored


@pytest.mark.parametrize("quantity", ["1e-999999999", "9e999999999", "1E+3", " 60", "1e-11", "1" + "0" * 15])
def test_the_calculator_refuses_decimal_strings_it_does_not_document(client, quantity):
    body = {
        "gwp": "AR5",
        "activities": [
            {"source": "s", "category": "1", "factor": "epa-6.0.4-diesel-mobile", "quantity": quantity, "unit": "L"}
        ],
    }
    response = client.post("/api/v1/carbon/calculate/", json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["activities.0.quantity"]


def calculate(client, quantity_json: str):
    """The calculator called with ``quantity_json`` written as is into the JSON text (a number with an exponent)."""
    body = (
        '{"gwp": "AR5", "activities": [{"source": "s", "category": "1", "factor": "epa-6.0.4-diesel-mobile", '
        f'"quantity": {quantity_json}, "unit": "L"}}]}}'
    )
    return client.post("/api/v1/carbon/calculate/", body, content_type="application/json")


@pytest.mark.parametrize(("quantity", "total"), [("0e999999999", "0.0000"), ("1E+3", "2.6060")])
def test_the_calculator_reads_a_json_number_with_an_exponent_as_the_plain_number(client, quantity, total):
    response = calculate(client, quantity)
    assert response.status_code == 200, response.content
    assert response.json()["total_tco2e"] == total


@pytest.mark.parametrize("quantity", ["9e999999999", "1e-11", "1e15"])  # 1e-999999999 is the float 0.0
def test_a_json_number_of_too_many_digits_is_refused(client, quantity):
    response = calculate(client, quantity)
    assert response.status_code == 400, response.content
