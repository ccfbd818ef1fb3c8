"""The utility-savings check of the low-carbon and green-manufacturing tracks (and SMU's energy KPIs), pure
Python (no Django): before/after use and cost of electricity, water, fuel and gas → the annual cost saving
compared with the edition's share of the self-funding, and the tCO2e reduced.

The numbers come from the caller: the share from the edition's rule set (``carbon.saving_share_of_self``),
the factors from the factor library. Money is int NT$, rounded half up; quantities are Decimal; tCO2e
strings have four decimals. Outcomes have the shape of the rule engine's: {rule, passed, level, message,
values}, with the message in zh-Hant or English and every number in it.

Annualisation: with n < 12 monthly figures a utility's annual saving is Σ(before − after) × 12 ÷ n (and the
message says so); an annual figure (``annual=True``) is taken as it is. A negative saving (after > before)
is reported as an increase, never hidden or clipped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from carbon.calc import Activity, FactorData, calculate
from carbon.calc.compute import t4
from programs.rules import ERROR, WARNING, Outcome
from programs.rules.money import (
    least_part_reaching,
    limit_text,
    number_text,
    percent_text,
    round_half_up,
    rounded_share,
)
from programs.rules.text import EN, ZH, join

MONTHS_IN_YEAR = 12
CENT = Decimal("0.01")

# utility → (the unit its quantities are in, the ISO 14064-1 category of the emissions it causes)
UTILITIES: dict[str, tuple[str, str]] = {
    "electricity": ("kWh", "2"),
    "water": ("m3", "4"),
    "fuel": ("L", "1"),
    "gas": ("m3", "1"),
}
UTILITY_LABELS = {
    "electricity": {ZH: "用電", EN: "electricity"},
    "water": {ZH: "用水", EN: "water"},
    "fuel": {ZH: "用油", EN: "fuel"},
    "gas": {ZH: "用氣", EN: "gas"},
}
UNIT_LABELS = {
    ("electricity", "kWh"): {ZH: "度", EN: "kWh"},
    ("water", "m3"): {ZH: "度", EN: "m³"},
    ("fuel", "L"): {ZH: "公升", EN: "L"},
    ("gas", "m3"): {ZH: "立方公尺", EN: "m³"},
}


@dataclass(frozen=True)
class UtilityUse:
    """One utility's figures: n monthly values (1 ≤ n ≤ 12) or, with ``annual``, one value for the year."""

    utility: str  # electricity, water, fuel, gas
    before: Sequence[Decimal]
    after: Sequence[Decimal]
    cost_before: Sequence[int]
    cost_after: Sequence[int]
    factor: FactorData
    unit: str = ""  # the quantities' unit; empty for the utility's own (kWh, m3, L, m3)
    annual: bool = False


@dataclass
class UtilitySaving:
    utility: str
    unit: str
    months: int  # figures given (1 for an annual figure)
    annual: bool
    annualised: bool
    before: Decimal  # Σ over the figures given
    after: Decimal
    saved: Decimal  # Σ(before − after)
    annual_saved: Decimal  # saved × 12 ÷ n (exact to Decimal precision)
    cost_before: int
    cost_after: int
    cost_saved: int
    annual_cost_saved: int  # round half up
    factor: FactorData
    tco2e: Decimal = Decimal(0)

    @property
    def annual_saved_text(self) -> str:
        """For display: 6,000 or 1,234.57 (sign kept)."""
        return ("-" if self.annual_saved < 0 else "") + _qty(self.annual_saved)

    @property
    def tco2e_text(self) -> str:
        return t4(self.tco2e)

    def as_dict(self) -> dict[str, Any]:
        return {
            "utility": self.utility,
            "unit": self.unit,
            "months": self.months,
            "annual": self.annual,
            "annualised": self.annualised,
            "before": _q2(self.before),
            "after": _q2(self.after),
            "saved": _q2(self.saved),
            "annual_saved": _q2(self.annual_saved),
            "cost_before": self.cost_before,
            "cost_after": self.cost_after,
            "cost_saved": self.cost_saved,
            "annual_cost_saved": self.annual_cost_saved,
            "tco2e": t4(self.tco2e),
            "factor": self.factor.code,
            "factor_unit": self.factor.unit,
            "factor_gases": {gas: _plain(value) for gas, value in self.factor.gases.items()},
        }


@dataclass
class SavingsResult:
    passed: bool | None  # None when the edition sets no share of the self-funding to reach
    annual_cost_saved: int
    self_funding: int | None
    share: Decimal | Fraction | None
    threshold: int | None
    tco2e: Decimal
    utilities: list[UtilitySaving]
    outcomes: list[Outcome] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "annual_cost_saved": self.annual_cost_saved,
            "self_funding": self.self_funding,
            "share": None if self.share is None else limit_text(self.share),
            "threshold": self.threshold,
            "tco2e_reduced": t4(self.tco2e),
            "utilities": [u.as_dict() for u in self.utilities],
            "outcomes": [o.as_dict() for o in self.outcomes],
        }


# --- arithmetic ---------------------------------------------------------------------------------------


def saving_threshold(*, self_funding: int, share: Decimal | Fraction, decimals: int | None = None) -> int:
    """self-funding × share % (round half up): 1,280,000 × 33.00 % = 422,400. With ``decimals`` (the edition's
    ``saving_share_decimals``) the saving's share is compared after rounding half up to that many decimals, as
    the rule engine's share_min does: the least saving whose share rounds to the share (0: 416,000 = 32.5 %)."""
    if decimals is not None:
        return least_part_reaching(self_funding, share, decimals)
    return round_half_up(Fraction(self_funding) * Fraction(share) / 100)


def annualise_money(total: int, months: int) -> int:
    return round_half_up(Fraction(total) * MONTHS_IN_YEAR / months)


def annualise_quantity(total: Decimal, months: int) -> Decimal:
    if months == MONTHS_IN_YEAR:
        return total
    return total * MONTHS_IN_YEAR / months


def _check(use: UtilityUse) -> None:
    if use.utility not in UTILITIES:
        raise ValueError(f"unknown utility {use.utility!r}")
    n = len(use.before)
    lengths = {len(use.before), len(use.after), len(use.cost_before), len(use.cost_after)}
    if len(lengths) != 1 or not 1 <= n <= MONTHS_IN_YEAR or (use.annual and n != 1):
        raise ValueError(f"{use.utility}: before/after quantities and costs need the same 1–12 figures")
    if any(isinstance(v, float) for v in (*use.before, *use.after)):
        raise TypeError("quantities must be Decimal, not float")
    if any(isinstance(v, bool) or not isinstance(v, int) for v in (*use.cost_before, *use.cost_after)):
        raise TypeError("costs must be int NT$")
    if any(v < 0 for v in (*use.before, *use.after, *use.cost_before, *use.cost_after)):
        raise ValueError("quantities and costs cannot be negative")


def utility_saving(use: UtilityUse) -> UtilitySaving:
    """One utility's sums and annual savings (its tCO2e is filled in by :func:`savings_check`)."""
    _check(use)
    n = len(use.before)
    before = sum((Decimal(v) for v in use.before), Decimal(0))
    after = sum((Decimal(v) for v in use.after), Decimal(0))
    cost_before, cost_after = sum(use.cost_before), sum(use.cost_after)
    months = MONTHS_IN_YEAR if use.annual else n
    return UtilitySaving(
        utility=use.utility,
        unit=use.unit or UTILITIES[use.utility][0],
        months=n,
        annual=use.annual,
        annualised=not use.annual and n < MONTHS_IN_YEAR,
        before=before,
        after=after,
        saved=before - after,
        annual_saved=annualise_quantity(before - after, months),
        cost_before=cost_before,
        cost_after=cost_after,
        cost_saved=cost_before - cost_after,
        annual_cost_saved=annualise_money(cost_before - cost_after, months),
        factor=use.factor,
    )


def savings_check(
    *,
    uses: Sequence[UtilityUse],
    gwp: Mapping[str, Decimal],
    share: Decimal | Fraction | None,
    self_funding: int | None,
    lang: str = ZH,
    share_decimals: int | None = None,
) -> SavingsResult:
    """The whole check. ``share`` is the edition's ``saving_share_of_self`` (None: no threshold to reach;
    then ``self_funding`` is not needed). Raises ValueError / TypeError on malformed input, UnitError
    when a quantity's unit does not fit its factor, KeyError(gas) when ``gwp`` lacks a factor's gas."""
    if not uses:
        raise ValueError("no utility given")
    if len({u.utility for u in uses}) != len(uses):
        raise ValueError("a utility is given twice")
    money = isinstance(self_funding, int) and not isinstance(self_funding, bool)
    if share is not None and not money:
        raise TypeError("self_funding must be int NT$ when a share is to be reached")
    if self_funding is not None and self_funding < 0:
        raise ValueError("self_funding cannot be negative")
    savings = [utility_saving(use) for use in sorted(uses, key=lambda u: list(UTILITIES).index(u.utility))]
    activities = [
        Activity(
            source=s.utility, category=UTILITIES[s.utility][1], factor=s.factor, quantity=s.annual_saved, unit=s.unit
        )
        for s in savings
    ]
    emissions = calculate(activities, dict(gwp))
    for saving in savings:
        saving.tco2e = emissions.by_source.get(saving.utility, Decimal(0))
    total_cost = sum(s.annual_cost_saved for s in savings)
    total_tco2e = sum((s.tco2e for s in savings), Decimal(0))
    outcomes: list[Outcome] = []
    threshold = passed = None
    if share is not None:
        threshold = saving_threshold(self_funding=self_funding, share=share, decimals=share_decimals)
        passed = total_cost >= threshold
        outcomes.append(_threshold_outcome(total_cost, self_funding, share, threshold, passed, lang, share_decimals))
    outcomes.extend(_utility_outcome(s, lang) for s in savings)
    outcomes.append(_tco2e_outcome(savings, total_tco2e, lang))
    return SavingsResult(passed, total_cost, self_funding, share, threshold, total_tco2e, savings, outcomes)


# --- messages -----------------------------------------------------------------------------------------


def _q2(value: Decimal) -> str:
    return f"{value.quantize(CENT):.2f}"


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _qty(value: Decimal) -> str:
    return number_text(abs(value).quantize(CENT))


def _money(value: int, lang: str) -> str:
    if lang == ZH:
        return f"{value:,} 元"
    return f"-NT${-value:,}" if value < 0 else f"NT${value:,}"


def _unit(saving: UtilitySaving, lang: str) -> str:
    label = UNIT_LABELS.get((saving.utility, saving.unit))
    return label[lang] if label else saving.unit


def _factor_text(factor: FactorData, lang: str, unit: str) -> str:
    parts = [f"{_plain(v)} kg{gas}" for gas, v in factor.gases.items()]
    per = f"{' + '.join(parts)}/{unit}" if len(parts) == 1 else f"({' + '.join(parts)})/{unit}"
    return f"{factor.code}：{per}" if lang == ZH else f"{factor.code}: {per}"


def _threshold_outcome(
    total: int, self_funding: int, share, threshold: int, passed: bool, lang: str, decimals: int | None = None
) -> Outcome:
    pct = limit_text(share)
    values = {"annual_cost_saved": total, "self_funding": self_funding, "share": pct, "threshold": threshold}
    rounding = ""
    if decimals is not None and self_funding > 0:
        # the share compared after rounding (seed 000's own examples: 42萬 of 128萬 = 32.81 % 達 33%)
        rounded = rounded_share(max(total, 0), self_funding, decimals)
        values["rounded_share"] = f"{rounded:.{decimals}f}"
        exact = percent_text(max(total, 0), self_funding)
        rounding = (
            f"占 {exact}%，四捨五入為 {number_text(rounded)}%；至少 "
            if lang == ZH
            else f"{exact}%, {number_text(rounded)}% rounded; at least "
        )
    if lang == ZH:
        verb = "達" if passed else "未達"
        message = f"年節省費用 {total:,} 元，{verb}自籌款 {self_funding:,} 元之 {pct}%（{rounding}{threshold:,} 元）"
        if total < 0:
            message += f"；改善後費用反增 {-total:,} 元"
    else:
        verb = "reaches" if passed else "falls short of"
        message = (
            f"Annual cost saving {_money(total, lang)} {verb} {pct}% of the self-funding "
            f"{_money(self_funding, lang)} ({rounding}{_money(threshold, lang)})"
        )
        if total < 0:
            message += f"; costs rose by NT${-total:,}"
    return Outcome("saving_share_of_self", passed, ERROR, message, values)


def _utility_outcome(s: UtilitySaving, lang: str) -> Outcome:
    unit = _unit(s, lang)
    label = UTILITY_LABELS[s.utility][lang]
    factor = _factor_text(s.factor, lang, _factor_unit(s, lang))
    if lang == ZH:
        head = f"{label}（{s.months} 個月資料）" if s.annualised else (f"{label}（全年資料）" if s.annual else label)
        use = f"改善前 {_qty(s.before)} {unit}、改善後 {_qty(s.after)} {unit}"
        cost = f"費用改善前 {s.cost_before:,} 元、改善後 {s.cost_after:,} 元"
        if s.annualised:
            use += (
                f"，{_zh_change(s.saved, _qty(s.saved) + ' ' + unit)}，"
                f"推估全年{_zh_change(s.annual_saved, _qty(s.annual_saved) + ' ' + unit)}（合計 × 12 ÷ {s.months}）"
            )
            cost += (
                f"，{_zh_change(s.cost_saved, _money(abs(s.cost_saved), lang))}，"
                f"推估全年{_zh_change(s.annual_cost_saved, _money(abs(s.annual_cost_saved), lang))}"
                f"（合計 × 12 ÷ {s.months}）"
            )
        else:
            use += f"，年{_zh_change(s.annual_saved, _qty(s.annual_saved) + ' ' + unit)}"
            cost += f"，年{_zh_change(s.annual_cost_saved, _money(abs(s.annual_cost_saved), lang))}"
        carbon = f"年減碳 {t4(s.tco2e)} tCO2e" if s.tco2e >= 0 else f"年排放增加 {t4(-s.tco2e)} tCO2e"
        message = f"{head}：{use}；{cost}；{carbon}（{factor}）"
    else:
        head = label.capitalize()
        if s.annualised:
            head += f" ({s.months} months of data)"
        elif s.annual:
            head += " (annual figures)"
        use = f"{_qty(s.before)} {unit} before, {_qty(s.after)} {unit} after"
        cost = f"cost NT${s.cost_before:,} before, NT${s.cost_after:,} after"
        if s.annualised:
            use += (
                f", {_en_change(s.saved, _qty(s.saved) + ' ' + unit)}, "
                f"annualised {_en_change(s.annual_saved, _qty(s.annual_saved) + ' ' + unit)} a year "
                f"(sum × 12 ÷ {s.months})"
            )
            cost += (
                f", {_en_change(s.cost_saved, _money(abs(s.cost_saved), lang))}, "
                f"annualised {_en_change(s.annual_cost_saved, _money(abs(s.annual_cost_saved), lang))} a year "
                f"(sum × 12 ÷ {s.months})"
            )
        else:
            use += f", {_en_change(s.annual_saved, _qty(s.annual_saved) + ' ' + unit)} a year"
            cost += f", {_en_change(s.annual_cost_saved, _money(abs(s.annual_cost_saved), lang))} a year"
        carbon = f"{t4(s.tco2e)} tCO2e a year reduced" if s.tco2e >= 0 else f"{t4(-s.tco2e)} tCO2e a year more emitted"
        message = f"{head}: {use}; {cost}; {carbon} ({factor})"
    values = s.as_dict()
    return Outcome(f"saving.{s.utility}", s.annual_cost_saved >= 0 and s.annual_saved >= 0, WARNING, message, values)


def _factor_unit(s: UtilitySaving, lang: str) -> str:
    label = UNIT_LABELS.get((s.utility, s.factor.unit))
    return label[lang] if label else s.factor.unit


def _zh_change(value, text: str) -> str:
    return f"節省 {text}" if value >= 0 else f"增加 {text}"


def _en_change(value, text: str) -> str:
    return f"{text} saved" if value >= 0 else f"{text} more"


def _tco2e_outcome(savings: list[UtilitySaving], total: Decimal, lang: str) -> Outcome:
    parts = [f"{UTILITY_LABELS[s.utility][lang]} {t4(s.tco2e)}" for s in savings]
    if lang == ZH:
        head = f"年減碳量合計 {t4(total)} tCO2e" if total >= 0 else f"年排放增加合計 {t4(-total)} tCO2e"
        message = f"{head}（{join(parts, lang)}）"
    else:
        head = (
            f"Emissions reduced by {t4(total)} tCO2e a year in total"
            if total >= 0
            else f"Emissions rose by {t4(-total)} tCO2e a year in total"
        )
        message = f"{head} ({join(parts, lang)})"
    values = {"tco2e_reduced": t4(total), **{s.utility: t4(s.tco2e) for s in savings}}
    return Outcome("tco2e_reduced", total >= 0, WARNING, message, values)
