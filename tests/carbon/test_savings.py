"""The pure savings check (carbon/savings/calc.py): seed 000's worked examples at the boundary, annualisation,
negative savings, tCO2e with the library's factors. No database: the factors are read from carbon/data/,
the share from the edition YAML files, exactly as the migrations load them."""

import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from carbon.calc import FactorData, UnitError
from carbon.savings.calc import UtilityUse, annualise_money, saving_threshold, savings_check
from carbon.seed import factor_sets
from programs.rules import EN, ZH, compile_ruleset
from programs.rules.money import round_half_up

ROOT = Path(__file__).resolve().parents[2]
FACTORS = {item["code"]: item for spec in factor_sets() for item in spec["factors"]}
GWP = {"CO2": Decimal(1), "CH4": Decimal(28), "N2O": Decimal(265)}


def factor(code: str) -> FactorData:
    item = FACTORS[code]
    return FactorData(code=code, unit=item["unit"], gases={g: Decimal(str(v)) for g, v in item["gases"].items()})


def carbon_block(code: str) -> dict:
    data = yaml.safe_load((ROOT / "programs" / "editions" / f"{code}.yaml").read_text(encoding="utf-8"))
    return compile_ruleset(data["rules"]).carbon


LOW_CARBON = carbon_block("dmmap-2023-low-carbon")
GREEN = carbon_block("dmmap-2023-green-mfg")
SMU = carbon_block("smu-2024")


def electricity(before, after, cost_before, cost_after, code="tw-electricity-112", **kw) -> UtilityUse:
    return UtilityUse(
        "electricity",
        [Decimal(v) for v in before],
        [Decimal(v) for v in after],
        list(cost_before),
        list(cost_after),
        factor(code),
        **kw,
    )


def annual_cost_saving(saving: int, *, code="tw-electricity-112") -> UtilityUse:
    """One annual figure whose cost falls by ``saving``."""
    return electricity(["100000"], ["90000"], [saving + 1_000_000], [1_000_000], code=code, annual=True)


def test_the_editions_carry_the_numbers():
    assert {
        "electricity_factor": "tw-electricity-112",
        "water_factor": "dmmap-water",
        "saving_share_of_self": Decimal("33.00"),
        "saving_share_decimals": 0,
    } == LOW_CARBON
    assert (GREEN["saving_share_of_self"], GREEN["saving_share_decimals"]) == (Decimal("33.00"), 0)
    assert SMU == {"electricity_factor": "tw-electricity-111"}


@pytest.mark.parametrize(
    ("block", "self_funding", "saving"), [("low", 1_280_000, 420_000), ("green", 520_000, 170_000)]
)
def test_the_slides_own_examples_pass_with_the_editions_reading(block, self_funding, saving):
    """seed 000: 自籌款為128萬元，導入後減少42萬元 (32.81 %); 自籌款為52萬元，導入後減少17萬元 (32.69 %)
    — 減碳量達自籌款33%."""
    carbon = LOW_CARBON if block == "low" else GREEN
    result = savings_check(
        uses=[annual_cost_saving(saving)],
        gwp=GWP,
        share=carbon["saving_share_of_self"],
        self_funding=self_funding,
        share_decimals=carbon["saving_share_decimals"],
    )
    assert result.passed is True
    assert result.outcomes[0].values["rounded_share"] == "33"
    exact = savings_check(
        uses=[annual_cost_saving(saving)], gwp=GWP, share=carbon["saving_share_of_self"], self_funding=self_funding
    )
    assert exact.passed is False  # the exact 33 % would refuse the document's own example


@pytest.mark.parametrize(
    ("self_funding", "threshold"), [(1_280_000, 416_000), (520_000, 169_000), (100_000, 32_500), (1, 1), (0, 0), (3, 1)]
)
def test_the_rounded_threshold_is_the_least_saving_that_rounds_to_the_share(self_funding, threshold):
    assert saving_threshold(self_funding=self_funding, share=Decimal("33"), decimals=0) == threshold
    if self_funding:
        ok = savings_check(
            uses=[annual_cost_saving(threshold)],
            gwp=GWP,
            share=Decimal("33"),
            self_funding=self_funding,
            share_decimals=0,
        )
        assert ok.passed is True
    if threshold:
        short = savings_check(
            uses=[annual_cost_saving(threshold - 1)],
            gwp=GWP,
            share=Decimal("33"),
            self_funding=self_funding,
            share_decimals=0,
        )
        assert short.passed is False


@pytest.mark.parametrize(("self_funding", "threshold"), [(1_280_000, 422_400), (520_000, 171_600)])
def test_seed_000_thresholds(self_funding, threshold):
    assert saving_threshold(self_funding=self_funding, share=LOW_CARBON["saving_share_of_self"]) == threshold
    assert saving_threshold(self_funding=self_funding, share=GREEN["saving_share_of_self"]) == threshold


@pytest.mark.parametrize(
    ("block", "self_funding", "saving", "passed"),
    [(LOW_CARBON, 1_280_000, 422_400, True), (LOW_CARBON, 1_280_000, 422_399, False),
     (GREEN, 520_000, 171_600, True), (GREEN, 520_000, 171_599, False)],
)  # fmt: skip
def test_seed_000_worked_examples_at_the_boundary(block, self_funding, saving, passed):
    result = savings_check(
        uses=[annual_cost_saving(saving)], gwp=GWP, share=block["saving_share_of_self"], self_funding=self_funding
    )
    assert result.passed is passed
    assert result.annual_cost_saved == saving
    first = result.outcomes[0]
    assert first.rule == "saving_share_of_self"
    assert first.level == "error"
    assert first.passed is passed
    assert first.values == {
        "annual_cost_saved": saving,
        "self_funding": self_funding,
        "share": "33.00",
        "threshold": saving_threshold(self_funding=self_funding, share=Decimal("33.00")),
    }


def test_the_message_says_the_numbers_in_both_languages():
    share = LOW_CARBON["saving_share_of_self"]
    ok = savings_check(uses=[annual_cost_saving(450_000)], gwp=GWP, share=share, self_funding=1_280_000)
    assert ok.outcomes[0].message == "年節省費用 450,000 元，達自籌款 1,280,000 元之 33.00%（422,400 元）"
    short = savings_check(uses=[annual_cost_saving(422_399)], gwp=GWP, share=share, self_funding=1_280_000, lang=EN)
    assert short.outcomes[0].message == (
        "Annual cost saving NT$422,399 falls short of 33.00% of the self-funding NT$1,280,000 (NT$422,400)"
    )
    assert short.outcomes[0].as_dict().keys() == {"rule", "passed", "level", "message", "values"}


def test_twelve_months_are_summed_not_annualised():
    months = 12
    use = electricity(["1000"] * months, ["900"] * months, [4000] * months, [3600] * months)
    result = savings_check(uses=[use], gwp=GWP, share=None, self_funding=None)
    saving = result.utilities[0]
    assert (saving.annualised, saving.annual_saved, saving.annual_cost_saved) == (False, Decimal(1200), 4800)
    assert "× 12 ÷" not in result.outcomes[0].message


def test_fewer_months_are_annualised_and_say_so():
    # two months of seed 000's example: 35,200 a month saved → 422,400 a year, just enough
    use = electricity(["25000", "25000"], ["24500", "24500"], [100_000, 100_000], [64_800, 64_800])
    result = savings_check(uses=[use], gwp=GWP, share=Decimal("33.00"), self_funding=1_280_000)
    saving = result.utilities[0]
    assert saving.months == 2 and saving.annualised
    assert saving.cost_saved == 70_400 and saving.annual_cost_saved == 422_400
    assert saving.annual_saved == Decimal(6000)
    assert result.passed is True
    message = result.outcomes[1].message
    assert "用電（2 個月資料）" in message
    assert "推估全年節省 422,400 元（合計 × 12 ÷ 2）" in message
    assert "推估全年節省 6,000 度" in message
    english = savings_check(uses=[use], gwp=GWP, share=None, self_funding=None, lang=EN).outcomes[0].message
    assert "annualised NT$422,400 saved a year (sum × 12 ÷ 2)" in english


def test_annualising_rounds_half_up_once():
    # 7 months: Σ × 12 ÷ 7, exact, then rounded; 8 months of 1 NT$ give exactly 1.5 → 2
    assert annualise_money(1, 7) == 2  # 1.714…
    assert annualise_money(3, 7) == 5  # 5.142…
    assert annualise_money(1, 8) == 2  # 1.5 → 2
    assert annualise_money(-1, 8) == -2  # ties away from zero, like Decimal's ROUND_HALF_UP
    use = electricity(["10"] * 7, ["9"] * 7, [101, 100, 100, 100, 100, 100, 100], [100] * 7)
    saving = savings_check(uses=[use], gwp=GWP, share=None, self_funding=None).utilities[0]
    assert saving.annual_cost_saved == 2
    assert saving.annual_saved == Decimal(12)


@given(st.integers(min_value=-(10**12), max_value=10**12), st.integers(min_value=1, max_value=12))
def test_round_half_up_matches_decimal(total, months):
    exact = Fraction(total) * 12 / months
    expected = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal(1), rounding="ROUND_HALF_UP")
    assert round_half_up(exact) == int(expected)


def test_a_negative_saving_is_reported_not_hidden():
    use = electricity(["1000"], ["1500"], [4_000], [6_000], annual=True)
    result = savings_check(uses=[use], gwp=GWP, share=Decimal("33.00"), self_funding=1_280_000)
    assert result.annual_cost_saved == -2_000
    assert result.tco2e == Decimal("-0.2475")
    assert result.passed is False
    threshold, utility, total = result.outcomes
    assert (
        threshold.message
        == "年節省費用 -2,000 元，未達自籌款 1,280,000 元之 33.00%（422,400 元）；改善後費用反增 2,000 元"
    )
    assert utility.passed is False and utility.level == "warning"
    assert "年增加 500 度" in utility.message and "年增加 2,000 元" in utility.message
    assert "年排放增加 0.2475 tCO2e" in utility.message
    assert total.values["tco2e_reduced"] == "-0.2475"
    assert total.message.startswith("年排放增加合計 0.2475 tCO2e")
    english = savings_check(uses=[use], gwp=GWP, share=None, self_funding=None, lang=EN).outcomes[0].message
    assert "500 kWh more a year" in english and "0.2475 tCO2e a year more emitted" in english


def test_a_negative_utility_offsets_a_positive_one():
    power = electricity(["1000"], ["500"], [10_000], [5_000], annual=True)
    water = UtilityUse("water", [Decimal(100)], [Decimal(200)], [1_000], [2_000], factor("dmmap-water"), annual=True)
    result = savings_check(uses=[power, water], gwp=GWP, share=None, self_funding=None)
    assert result.annual_cost_saved == 4_000
    assert [u.tco2e for u in result.utilities] == [Decimal("0.2475"), Decimal("-0.0161")]
    assert result.outcomes[-1].values == {"tco2e_reduced": "0.2314", "electricity": "0.2475", "water": "-0.0161"}


@pytest.mark.parametrize(("block", "tco2e"), [(SMU, "0.2545"), (LOW_CARBON, "0.2475"), (GREEN, "0.2475")])
def test_a_500_kwh_saving_with_each_editions_factor(block, tco2e):
    """Seed 002: a 500 kWh saving → 0.2545 t at 0.509 (SMU's tw-electricity-111); the DMMAP editions use 0.495."""
    use = electricity(["1500"], ["1000"], [6_000], [4_000], code=block["electricity_factor"], annual=True)
    result = savings_check(uses=[use], gwp=GWP, share=None, self_funding=None)
    assert result.as_dict()["tco2e_reduced"] == tco2e
    assert result.as_dict()["utilities"][0]["tco2e"] == tco2e
    assert f"年減碳 {tco2e} tCO2e" in result.outcomes[0].message


def test_fuel_water_and_gas_with_their_factors():
    uses = [
        UtilityUse("fuel", [Decimal(1000)], [Decimal(0)], [30_000], [0], factor("epa-6.0.4-diesel"), annual=True),
        UtilityUse("gas", [Decimal(1000)], [Decimal(0)], [15_000], [0], factor("epa-6.0.4-natural-gas"), annual=True),
        UtilityUse("water", [Decimal(1000)], [Decimal(0)], [12_000], [0], factor("dmmap-water"), annual=True),
    ]
    result = savings_check(uses=uses, gwp=GWP, share=None, self_funding=None)
    assert [(u.utility, str(u.tco2e.quantize(Decimal("0.0001")))) for u in result.utilities] == [
        ("water", "0.1610"),
        ("fuel", "2.6060"),
        ("gas", "1.8790"),
    ]
    assert result.as_dict()["tco2e_reduced"] == "4.6460"
    assert result.annual_cost_saved == 57_000
    assert "用油（全年資料）" in result.outcomes[1].message and "公升" in result.outcomes[1].message


def test_fuel_in_kilolitres_converts_exactly():
    use = UtilityUse(
        "fuel", [Decimal(2)], [Decimal(1)], [30_000], [0], factor("epa-6.0.4-diesel"), unit="kL", annual=True
    )
    result = savings_check(uses=[use], gwp=GWP, share=None, self_funding=None)
    assert result.as_dict()["tco2e_reduced"] == "2.6060"
    with pytest.raises(UnitError):
        savings_check(
            uses=[
                UtilityUse(
                    "fuel", [Decimal(2)], [Decimal(1)], [1], [0], factor("epa-6.0.4-diesel"), unit="kWh", annual=True
                )
            ],
            gwp=GWP,
            share=None,
            self_funding=None,
        )


@pytest.mark.parametrize(
    "use",
    [
        UtilityUse("electricity", [Decimal(1)] * 13, [Decimal(1)] * 13, [1] * 13, [1] * 13, factor("tw-electricity-112")),  # noqa: E501
        UtilityUse("electricity", [Decimal(1)] * 2, [Decimal(1)], [1] * 2, [1] * 2, factor("tw-electricity-112")),
        UtilityUse("electricity", [Decimal(1)] * 2, [Decimal(1)] * 2, [1] * 2, [1] * 2, factor("tw-electricity-112"), annual=True),  # noqa: E501
        UtilityUse("electricity", [], [], [], [], factor("tw-electricity-112")),
        UtilityUse("electricity", [Decimal(-1)], [Decimal(1)], [1], [1], factor("tw-electricity-112")),
        UtilityUse("steam", [Decimal(1)], [Decimal(1)], [1], [1], factor("tw-electricity-112")),
    ],
)  # fmt: skip
def test_malformed_input_is_refused(use):
    with pytest.raises(ValueError):
        savings_check(uses=[use], gwp=GWP, share=None, self_funding=None)


def test_floats_are_refused():
    with pytest.raises(TypeError):
        savings_check(uses=[electricity(["1"], ["1"], [1.5], [1], annual=True)], gwp=GWP, share=None, self_funding=None)
    with pytest.raises(TypeError):
        savings_check(
            uses=[UtilityUse("electricity", [1.0], [Decimal(1)], [1], [1], factor("tw-electricity-112"))],
            gwp=GWP,
            share=None,
            self_funding=None,
        )
    with pytest.raises(TypeError):
        savings_check(uses=[annual_cost_saving(1)], gwp=GWP, share=Decimal(33), self_funding=1_280_000.0)


def test_outcomes_have_the_rule_engine_shape_and_language():
    result = savings_check(uses=[annual_cost_saving(1)], gwp=GWP, share=Decimal("33.00"), self_funding=100)
    assert [o.rule for o in result.outcomes] == ["saving_share_of_self", "saving.electricity", "tco2e_reduced"]
    assert [o.level for o in result.outcomes] == ["error", "warning", "warning"]
    assert all("元" in o.message or "tCO2e" in o.message for o in result.outcomes)
    assert ZH == "zh-hant"


def test_the_module_imports_no_django():
    code = "import sys, carbon.savings; sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False).returncode == 0
