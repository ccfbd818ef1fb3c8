"""What can be wrong between activity data, the factor library and a GWP set: the checks, and their messages
in one table (as imports/problems.py keeps the workbook's). The calculate API, the savings check, the
workspace's activity grid, the services and the workbook import all check with these, so a unit that does
not fit its factor reads the same everywhere."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from carbon.calc import UnitError, convert
from carbon.calc.compute import CO2E

MESSAGES = {
    "unknown_factor": _("Unknown emission factor %(code)s."),
    "unit_mismatch": _("%(unit)s does not convert to %(wanted)s, the unit of factor %(factor)s."),
    "factor_unit": _("Factor %(code)s is per %(unit)s; %(utility)s needs a factor per %(wanted)s."),
    "unknown_gwp": _("Unknown GWP set; use one of: %(known)s"),
    "gwp_missing": _("The GWP set %(gwp)s has no value for %(gases)s."),
    "no_gwp_set": _("The factor library has no GWP set to weigh %(gases)s."),
    "inventory_gwp_missing": _("The GWP set of the inventory has no value for %(gas)s; choose another GWP set."),
    "not_calculable": _("The activity data cannot be calculated: %(error)s"),
}


@dataclass(frozen=True)
class FactorProblem:
    code: str
    params: dict = field(default_factory=dict)

    def message(self) -> str:
        """Worded in the active language."""
        return str(MESSAGES[self.code]) % self.params


def unknown_factor(code: str) -> FactorProblem:
    return FactorProblem("unknown_factor", {"code": code})


def unknown_gwp(*, known: Iterable[str]) -> FactorProblem:
    return FactorProblem("unknown_gwp", {"known": ", ".join(known)})


def unit_problem(*, unit: str, factor_code: str, factor_unit: str) -> FactorProblem | None:
    """None when quantities in ``unit`` convert to the factor's unit (kWh → MWh, 度 → kWh, L → 公秉 …)."""
    try:
        convert(Decimal(1), unit, factor_unit)
    except UnitError:
        return FactorProblem("unit_mismatch", {"unit": unit, "wanted": factor_unit, "factor": factor_code})
    return None


def gwp_problem(*, gases: Iterable[str], gwp: Mapping[str, Decimal], gwp_code: str | None) -> FactorProblem | None:
    """None when the GWP set weighs every gas of the factor (CO2e needs none); ``gwp_code`` None: no set at all."""
    missing = [gas for gas in gases if gas != CO2E and gas not in gwp]
    if not missing:
        return None
    if gwp_code is None:
        return FactorProblem("no_gwp_set", {"gases": ", ".join(missing)})
    return FactorProblem("gwp_missing", {"gwp": gwp_code, "gases": ", ".join(missing)})
