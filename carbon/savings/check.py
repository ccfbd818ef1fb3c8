"""The savings check of one request: the edition's config and the validated figures → the factors and GWP set
resolved and checked (what the pure calculation cannot know), then ``calc.savings_check``. Shared by the API
(api.py) and the page (views.py); reads only, stores nothing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from carbon import selectors
from carbon.calc import UnitError, convert
from carbon.calculation import factor_data, gwp_values
from carbon.models import GwpSet

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


def savings_run(*, config: SavingsConfig, self_funding: int | None, gwp: str | None, utilities: dict[str, dict],
                lang: str) -> SavingsRun:  # fmt: skip
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
    codes: dict[str, str] = {}
    for utility, item in utilities.items():
        named, given = config.factors.get(utility), item.get("factor") or None
        if named and given and given != named:
            errors[f"{utility}.factor"] = [
                _("This edition uses factor %(code)s for %(utility)s.") % {"code": named, "utility": UTILITY_NAMES[utility]}
            ]  # fmt: skip
        elif named or given:
            codes[utility] = named or given
        else:
            errors[f"{utility}.factor"] = [
                _("Choose an emission factor for %(utility)s from the factor library.") % {"utility": UTILITY_NAMES[utility]}
            ]  # fmt: skip
    factors = selectors.factors_by_codes(codes=sorted(set(codes.values())))
    gwp_set = _gwp_set(gwp, errors)
    gwp_map = gwp_values(gwp_set) if gwp_set is not None else {}
    uses: list[UtilityUse] = []
    for utility, code in codes.items():
        item = utilities[utility]
        factor = factors.get(code)
        if factor is None:
            errors[f"{utility}.factor"] = [_("Unknown emission factor %(code)s.") % {"code": code}]
            continue
        wanted = UTILITIES[utility][0]
        if factor.unit != wanted:
            errors[f"{utility}.factor"] = [
                _("Factor %(code)s is per %(unit)s; %(utility)s needs a factor per %(wanted)s.")
                % {"code": code, "unit": factor.unit, "utility": UTILITY_NAMES[utility], "wanted": wanted}
            ]
            continue
        data = factor_data(factor)
        unit = item.get("unit") or wanted
        try:
            convert(Decimal(1), unit, data.unit)
        except UnitError:
            errors[f"{utility}.unit"] = [
                _("%(unit)s does not convert to %(wanted)s, the unit of factor %(factor)s.")
                % {"unit": unit, "wanted": data.unit, "factor": code}
            ]
            continue
        missing = [g for g in data.gases if g != "CO2e" and g not in gwp_map]
        if missing and gwp_set is not None:
            errors[f"{utility}.factor"] = [
                _("The GWP set %(gwp)s has no value for %(gases)s.")
                % {"gwp": gwp_set.code, "gases": ", ".join(missing)}
            ]
            continue
        if missing and "gwp" not in errors:
            errors["gwp"] = [_("The factor library has no GWP set to weigh %(gases)s.") % {"gases": ", ".join(missing)}]
            continue
        uses.append(UtilityUse(
            utility=utility, before=item["before"], after=item["after"], cost_before=item["before_cost"],
            cost_after=item["after_cost"], factor=data, unit=unit, annual=item.get("period") == ANNUAL,
        ))  # fmt: skip
    if errors:
        return SavingsRun(None, None, errors)
    result = savings_check(uses=uses, gwp=gwp_map, share=config.share, self_funding=self_funding, lang=lang)
    return SavingsRun(result, gwp_set.code if gwp_set else None, {})


def _gwp_set(code: str | None, errors: dict[str, list[str]]) -> GwpSet | None:
    if code:
        try:
            return selectors.gwp_set_by_code(code=code)
        except GwpSet.DoesNotExist:
            known = ", ".join(GwpSet.objects.order_by("code").values_list("code", flat=True))
            errors["gwp"] = [_("Unknown GWP set; use one of: %(known)s") % {"known": known}]
            return None
    return gwp_default()
