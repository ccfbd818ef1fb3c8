"""The savings check of one request: the edition's config and the validated figures → the factors and GWP set
resolved and checked (what the pure calculation cannot know), then ``calc.savings_check``. Shared by the API
(api.py) and the page (views.py); reads only, stores nothing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from carbon import selectors
from carbon.calculation import factor_data, gwp_values
from carbon.factor_checks import FactorProblem, gwp_problem, unit_problem, unknown_factor, unknown_gwp
from carbon.models import Factor, GwpSet

from .calc import UTILITIES, SavingsResult, UtilityUse, savings_check
from .selectors import SavingsConfig, gwp_default

UTILITY_NAMES = {
    "electricity": gettext_lazy("electricity"),
    "water": gettext_lazy("water"),
    "fuel": gettext_lazy("fuel"),
    "gas": gettext_lazy("gas"),
}
MONTHLY, ANNUAL = "monthly", "annual"


@dataclass
class SavingsRun:
    result: SavingsResult | None
    gwp: str | None
    errors: dict[str, list[str]]


def savings_run(
    *, config: SavingsConfig, self_funding: int | None, gwp: str | None, utilities: dict[str, dict], lang: str
) -> SavingsRun:
    """Resolve the factors and GWP set, check what the rules cannot (factor units, the edition's own
    factors, the self-funding the share needs), then run the pure check. ``utilities`` maps a utility to
    {before, after, before_cost, after_cost, period, factor, unit} as validated (equal lengths, 1–12).
    Errors come back keyed like the API's fields (``fuel.factor``, ``self_funding``)."""
    errors: dict[str, list[str]] = {}
    if config.share is not None and self_funding is None:
        errors["self_funding"] = [
            _("This edition compares the annual saving with %(share)s%% of the self-funding: enter the self-funding.")
            % {"share": config.share_text}
        ]
    codes = _factor_codes(config, utilities, errors)
    factors = selectors.factors_by_codes(codes=sorted(set(codes.values())))
    gwp_set = _gwp_set(gwp, errors)
    gwp_map = gwp_values(gwp_set) if gwp_set is not None else {}
    uses: list[UtilityUse] = []
    for utility, code in codes.items():
        use = _utility_use(utility, utilities[utility], code, factors.get(code), gwp_set, gwp_map)
        if isinstance(use, UtilityUse):
            uses.append(use)
        else:
            key, problem = use
            errors.setdefault(key, [problem.message()])  # one message for the GWP set, however many factors
    if errors:
        return SavingsRun(None, None, errors)
    result = savings_check(
        uses=uses,
        gwp=gwp_map,
        share=config.share,
        self_funding=self_funding,
        lang=lang,
        share_decimals=config.share_decimals,
    )
    return SavingsRun(result, gwp_set.code if gwp_set else None, {})


def _factor_codes(config: SavingsConfig, utilities: dict[str, dict], errors: dict[str, list[str]]) -> dict[str, str]:
    """Each utility's factor code: the edition's, else the one picked (the edition's may not be replaced)."""
    codes: dict[str, str] = {}
    for utility, item in utilities.items():
        named, given = config.factors.get(utility), item.get("factor") or None
        if named and given and given != named:
            errors[f"{utility}.factor"] = [
                _("This edition uses factor %(code)s for %(utility)s.")
                % {"code": named, "utility": UTILITY_NAMES[utility]}
            ]
        elif named or given:
            codes[utility] = named or given
        else:
            errors[f"{utility}.factor"] = [
                _("Choose an emission factor for %(utility)s from the factor library.")
                % {"utility": UTILITY_NAMES[utility]}
            ]
    return codes


def _utility_use(
    utility: str, item: dict, code: str, factor: Factor | None, gwp_set: GwpSet | None, gwp_map: dict[str, Decimal]
) -> UtilityUse | tuple[str, FactorProblem]:
    """The utility's figures ready for the calculation, or the field key and the problem that stops them."""
    if factor is None:
        return f"{utility}.factor", unknown_factor(code)
    wanted = UTILITIES[utility][0]
    if factor.unit != wanted:
        return f"{utility}.factor", FactorProblem(
            "factor_unit", {"code": code, "unit": factor.unit, "utility": UTILITY_NAMES[utility], "wanted": wanted}
        )
    data = factor_data(factor)
    unit = item.get("unit") or wanted
    if problem := unit_problem(unit=unit, factor_code=code, factor_unit=data.unit):
        return f"{utility}.unit", problem
    if problem := gwp_problem(gases=data.gases, gwp=gwp_map, gwp_code=gwp_set.code if gwp_set else None):
        return ("gwp" if gwp_set is None else f"{utility}.factor"), problem
    return UtilityUse(
        utility=utility,
        before=item["before"],
        after=item["after"],
        cost_before=item["before_cost"],
        cost_after=item["after_cost"],
        factor=data,
        unit=unit,
        annual=item.get("period") == ANNUAL,
    )


def _gwp_set(code: str | None, errors: dict[str, list[str]]) -> GwpSet | None:
    if code:
        try:
            return selectors.gwp_set_by_code(code=code)
        except GwpSet.DoesNotExist:
            errors["gwp"] = [unknown_gwp(known=selectors.gwp_codes()).message()]
            return None
    return gwp_default()
