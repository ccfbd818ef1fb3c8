"""The pure GHG arithmetic on the seed's worked examples; exact units; uncertainty; data quality."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carbon.calc import Activity, FactorData, UnitError, calculate, convert
from carbon.calc.compute import t4

ELECTRICITY_111 = FactorData("tw-electricity-111", "kWh", {"CO2e": Decimal("0.509")}, Decimal(5), 2)
DIESEL = FactorData("epa-6.0.4-diesel", "L", {"CO2": Decimal("2.6060")}, Decimal(5), 2)
R410A = FactorData("refrigerant-r-410a", "kg", {"R-410A": Decimal(1)}, Decimal(10), 1)
AR5 = {"CO2": Decimal(1), "CH4": Decimal(28), "N2O": Decimal(265), "R-410A": Decimal("1923.5")}


def line(factor, quantity, unit, source="x", category="1", **kw):
    return Activity(source=source, category=category, factor=factor, quantity=Decimal(quantity), unit=unit, **kw)


def test_seed_example_2000_kwh_is_1_018_tonnes():
    assert t4(calculate([line(ELECTRICITY_111, 2000, "度", category="2")], AR5).total) == "1.0180"


def test_seed_example_1800_kwh_is_0_9162_tonnes():
    assert t4(calculate([line(ELECTRICITY_111, 1800, "kWh", category="2")], AR5).total) == "0.9162"


def test_seed_example_saving_500_kwh_is_0_2545_tonnes():
    assert t4(calculate([line(ELECTRICITY_111, 500, "kWh", category="2")], AR5).total) == "0.2545"


def test_seed_example_diesel_2_6060_kg_per_litre():
    result = calculate([line(DIESEL, 1, "公秉")], AR5)
    assert result.mass_by_gas_kg == {"CO2": Decimal("2606.0000")}
    assert t4(result.total) == "2.6060"


def test_each_gas_is_kept_and_gwp_applied_after():
    result = calculate([line(R410A, 2, "kg", category="1"), line(DIESEL, 100, "L")], AR5)
    assert result.mass_by_gas_kg == {"R-410A": Decimal(2), "CO2": Decimal("260.6")}
    assert t4(result.by_gas["R-410A"]) == "3.8470"  # 2 kg × 1,923.5 ÷ 1,000
    assert t4(result.total) == "4.1076"


def test_a_gas_missing_from_the_gwp_set_is_an_error():
    with pytest.raises(KeyError):
        calculate([line(R410A, 1, "kg")], {"CO2": Decimal(1)})


@pytest.mark.parametrize(
    ("quantity", "unit", "to", "expected"),
    [
        ("1", "MWh", "kWh", "1000"),
        ("2.5", "千度", "kWh", "2500"),
        ("3", "度", "m3", "3"),
        ("1", "千立方公尺", "m3", "1000"),
        ("1", "m³", "m3", "1"),
        ("2", "kL", "L", "2000"),
        ("1", "公秉", "L", "1000"),
        ("1", "公噸", "kg", "1000"),
        ("1", "t", "kg", "1000"),
        ("250", "g", "kg", "0.250"),
        ("1", "KWH", "kWh", "1"),
    ],
)
def test_units_convert_exactly(quantity, unit, to, expected):
    assert convert(Decimal(quantity), unit, to) == Decimal(expected)


@pytest.mark.parametrize(("unit", "to"), [("L", "kWh"), ("kg", "L"), ("kWh", "m3"), ("bananas", "kg"), ("", "kWh")])
def test_a_unit_that_does_not_fit_the_factor_is_an_error(unit, to):
    with pytest.raises(UnitError):
        convert(Decimal(1), unit, to)


def test_uncertainty_by_ipcc_approach_1():
    # source A: 10 t with activity ±3 %, factor ±4 % → ±5 %; source B: 10 t, ±0 and ±0 → 0 %
    a = FactorData("a", "kg", {"CO2": Decimal(1)}, Decimal(4))
    b = FactorData("b", "kg", {"CO2": Decimal(1)}, Decimal(0))
    result = calculate(
        [line(a, 10_000, "kg", source="A", uncertainty=Decimal(3)), line(b, 10_000, "kg", source="B")], AR5
    )
    assert result.source_uncertainty["A"] == Decimal(5)
    assert result.uncertainty == Decimal("2.5")  # √((5 × 10)²) ÷ 20


def test_quality_grade_is_the_emission_weighted_score():
    good = FactorData("g", "kg", {"CO2": Decimal(1)}, quality=1)
    poor = FactorData("p", "kg", {"CO2": Decimal(1)}, quality=3)
    bands = [(Decimal(2), "A"), (Decimal(4), "B"), (Decimal(6), "C"), (Decimal(9), "D")]
    result = calculate([line(good, 3000, "kg", quality=1), line(poor, 1000, "kg", quality=3)], AR5, bands)
    assert result.quality_score == Decimal(3)  # (3 × 1 + 1 × 9) ÷ 4
    assert result.quality_grade == "B"


def test_an_empty_inventory_is_zero_without_uncertainty():
    result = calculate([], AR5)
    assert result.total == 0 and result.uncertainty is None


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["kWh", "MWh", "度", "千度"]))
def test_emissions_are_linear_in_the_activity(quantity, unit):
    one = calculate([line(ELECTRICITY_111, 1, unit)], AR5).total
    many = calculate([line(ELECTRICITY_111, quantity, unit)], AR5).total
    assert many == one * quantity
