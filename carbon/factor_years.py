"""The two years of an emission factor, and the electricity factor that fits an inventory year. Pure Python.

Taiwan's electricity factor is announced a year after the year it measures: the 0.495 kgCO2e/kWh factor
announced in 2023 (ROC 112) is the "111 年度" figure, the year of its data. Documents name a factor by
either year (the SMU template calls 0.509, announced in ROC 111, "111年度"), so every factor shows both,
and a factor's code keeps the announcement year that spec/api.md gives it (``tw-electricity-111`` = 0.509).

An inventory of year Y uses the factor whose data year is Y; until that one is announced, the one with the
latest data year before Y (the newest published). That is the portal's reading of the EPA inventory guidance
(use the year's own factor where it exists); the user may always pick another factor.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

ROC_OFFSET = 1911


@dataclass(frozen=True)
class FactorYear:
    code: str
    announced: int  # Gregorian year of the announcement (the factor set's year)
    data_year: int | None  # Gregorian year whose data the factor describes (None: not year-bound)


def pick_for_inventory_year(year: int, factors: Iterable[FactorYear]) -> FactorYear | None:
    """The factor of the inventory year's own data; else the newest before it; None when all are later."""
    dated = [f for f in factors if f.data_year is not None]
    same = [f for f in dated if f.data_year == year]
    if same:
        return max(same, key=lambda f: f.announced)
    earlier = [f for f in dated if f.data_year < year]
    return max(earlier, key=lambda f: (f.data_year, f.announced), default=None)


def library_electricity_factors() -> list[FactorYear]:
    """The electricity factors of the library kept as data (carbon/data/), with their years."""
    from carbon.seed import factor_sets

    return [
        FactorYear(item["code"], spec["year"], spec.get("data_year"))
        for spec in factor_sets()
        for item in spec["factors"]
        if item["kind"] == "electricity"
    ]


def factor_years(code: str) -> dict:
    """A library factor's value and years as data (for the golden cases of the editions naming it)."""
    from carbon.seed import factor_sets

    for spec in factor_sets():
        for item in spec["factors"]:
            if item["code"] == code:
                return {
                    "value": next(iter(item["gases"].values())),
                    "announced": spec["year"],
                    "data_year": spec.get("data_year"),
                }
    raise KeyError(code)


def electricity_factor_for_year(year: int) -> str | None:
    picked = pick_for_inventory_year(year, library_electricity_factors())
    return None if picked is None else picked.code


def roc(year: int | None) -> int | None:
    return None if year is None else year - ROC_OFFSET


__all__ = [
    "FactorYear",
    "electricity_factor_for_year",
    "factor_years",
    "library_electricity_factors",
    "pick_for_inventory_year",
    "roc",
]
