"""Kinds that derive money from other lines: business tax per side, capped lines, the line ratio."""

from __future__ import annotations

from decimal import Decimal

from .kind import Kind, register
from .money import HUNDRED, money_text, number_text, percent_text, round_half_up
from .params import Param


def _m(ctx, value) -> str:
    return money_text(value, ctx.lang)


def tax_of(side_total: int, rate: Decimal) -> int:
    """Business tax inside a tax-inclusive amount: round-half-up(amount ÷ (1 + r) × r)."""
    return round_half_up(Decimal(side_total) * rate / (HUNDRED + rate))


@register
class DerivedTax(Kind):
    """The business-tax line equals, per funding side, the tax contained in that side's total."""

    name = "derived_tax"
    params = (
        Param("line", "line", False, "business_tax"),
        Param("rate", "percent", False, Decimal(5)),
        Param("output", "code", False, "business_tax"),
    )
    line_params = ("line",)

    def _formula(self, rate: Decimal, ctx) -> str:
        factor = number_text((HUNDRED + rate) / HUNDRED)
        share = number_text(rate / HUNDRED)
        return ctx.t(f"合計金額 ÷ {factor} × {share}", f"side total ÷ {factor} × {share}")

    def check(self, rule, ctx):
        line, rate = rule.params.get("line", "business_tax"), rule.params.get("rate", Decimal(5))
        expected = {side: tax_of(ctx.money(f"{side}_total"), rate) for side in ("gov", "self")}
        given = {side: ctx.money(f"line.{line}.{side}") for side in ("gov", "self")}
        derived = {rule.params.get("output", "business_tax"): {**expected, "total": expected["gov"] + expected["self"]}}
        values = {
            "gov_expected": expected["gov"],
            "self_expected": expected["self"],
            "gov_given": given["gov"],
            "self_given": given["self"],
        }
        label = ctx.label(f"line.{line}.total")
        formula = self._formula(rate, ctx)
        gov, own = ctx.label("gov_total"), ctx.label("self_total")
        if expected == given:
            return (
                True,
                values,
                ctx.t(
                    f"{label}：{gov} {_m(ctx, given['gov'])}、{own} {_m(ctx, given['self'])}，與{formula}相符",
                    f"{label}: {gov} {_m(ctx, given['gov'])}, {own} {_m(ctx, given['self'])} — matches {formula}",
                ),
                derived,
            )
        return (
            False,
            values,
            ctx.t(
                f"{label}應為{gov} {_m(ctx, expected['gov'])}、{own} {_m(ctx, expected['self'])}（{formula}），"
                f"填列{gov} {_m(ctx, given['gov'])}、{own} {_m(ctx, given['self'])}",
                f"{label} should be {gov} {_m(ctx, expected['gov'])}, {own} {_m(ctx, expected['self'])} ({formula}); "
                f"entered {gov} {_m(ctx, given['gov'])}, {own} {_m(ctx, given['self'])}",
            ),
            derived,
        )

    def describe(self, rule, ctx):
        label = ctx.label(f"line.{rule.params.get('line', 'business_tax')}.total")
        formula = self._formula(rule.params.get("rate", Decimal(5)), ctx)
        return ctx.t(
            f"{label}依政府款與自籌款分別計算：{formula}，四捨五入",
            f"{label} computed per funding side: {formula}, rounded half up",
        )


@register
class DerivedCap(Kind):
    """A line capped at a rate of other lines (public fee ≤ (gov salary + gov management fee) × 3.6 %)."""

    name = "derived_cap"
    params = (
        Param("line", "line"),
        Param("side", "side", False, "gov"),
        Param("base", "lines"),
        Param("base_side", "side", False, "gov"),
        Param("rate", "percent"),
        Param("output", "code", False, "cap"),
    )
    line_params = ("line", "base")

    def _base(self, rule, ctx):
        side = rule.params.get("base_side", "gov")
        return sum(ctx.money(f"line.{code}.{side}") for code in rule.params["base"])

    def _base_label(self, rule, ctx):
        names = [ctx.label(f"line.{code}.total") for code in rule.params["base"]]
        side = ctx.label("gov_total" if rule.params.get("base_side", "gov") == "gov" else "self_total")
        return ctx.t(f"{side}之（{'＋'.join(names)}）", f"{side} ({' + '.join(names)})")

    def check(self, rule, ctx):
        p = rule.params
        base = self._base(rule, ctx)
        cap = round_half_up(Decimal(base) * p["rate"] / HUNDRED)
        name = f"line.{p['line']}.{p.get('side', 'gov')}"
        value = ctx.money(name)
        derived = {p.get("output", "cap"): cap}
        values = {name: value, "base": base, "rate": f"{p['rate']:.2f}", "cap": cap}
        how = ctx.t(
            f"{self._base_label(rule, ctx)} {_m(ctx, base)} × {number_text(p['rate'])}%",
            f"{self._base_label(rule, ctx)} {_m(ctx, base)} × {number_text(p['rate'])}%",
        )
        if value <= cap:
            return (
                True,
                values,
                ctx.t(
                    f"{ctx.label(name)} {_m(ctx, value)}，未超過上限 {_m(ctx, cap)}（{how}）",
                    f"{ctx.label(name)} {_m(ctx, value)}, within the cap of {_m(ctx, cap)} ({how})",
                ),
                derived,
            )
        return (
            False,
            values,
            ctx.t(
                f"{ctx.label(name)} {_m(ctx, value)}，超過上限 {_m(ctx, cap)}（{how}）",
                f"{ctx.label(name)} {_m(ctx, value)} exceeds the cap of {_m(ctx, cap)} ({how})",
            ),
            derived,
        )

    def describe(self, rule, ctx):
        name = f"line.{rule.params['line']}.{rule.params.get('side', 'gov')}"
        rate = number_text(rule.params["rate"])
        return ctx.t(
            f"{ctx.label(name)}不得超過{self._base_label(rule, ctx)} × {rate}%",
            f"{ctx.label(name)} at most {self._base_label(rule, ctx)} × {rate}%",
        )


@register
class LineRatio(Kind):
    """Every line is split in the gov : self ratio of the whole budget, within a tolerance of NT$."""

    name = "line_ratio"
    params = (Param("tolerance", "money", False, 1), Param("exclude", "lines", False, []))
    line_params = ("exclude",)

    def check(self, rule, ctx):
        tolerance = rule.params.get("tolerance", 1)
        excluded = set(rule.params.get("exclude") or [])
        gov_total, total = ctx.money("gov_total"), ctx.money("total")
        values = {"gov_share": percent_text(gov_total, total), "tolerance": tolerance}
        if total == 0:
            return True, values, ctx.t("尚無經費", "no budget yet"), None
        off = []
        for code in ctx.facts.get("lines", ()):
            if code in excluded:
                continue
            line_total = ctx.money(f"line.{code}.total")
            if line_total == 0:
                continue
            expected = Decimal(line_total) * Decimal(gov_total) / Decimal(total)
            given = ctx.money(f"line.{code}.gov")
            if abs(Decimal(given) - expected) > tolerance:
                off.append((code, given, round_half_up(expected)))
        ratio = f"{percent_text(gov_total, total)}% : {percent_text(total - gov_total, total)}%"
        if not off:
            return (
                True,
                values,
                ctx.t(
                    f"各會計科目均依政府款與自籌款比例（{ratio}）編列",
                    f"every line follows the government : self ratio ({ratio})",
                ),
                None,
            )
        values["lines_off"] = ",".join(code for code, _, _ in off)
        details = "；".join(
            ctx.t(
                f"{ctx.label(f'line.{c}.total')}政府款 {_m(ctx, g)}，依比例應為 {_m(ctx, e)}",
                f"{ctx.label(f'line.{c}.total')}: government {_m(ctx, g)}, by the ratio {_m(ctx, e)}",
            )
            for c, g, e in off
        )
        return (
            False,
            values,
            ctx.t(
                f"未依政府款與自籌款比例（{ratio}）編列：{details}",
                f"not split in the government : self ratio ({ratio}): {details}",
            ),
            None,
        )

    def describe(self, rule, ctx):
        return ctx.t(
            f"各會計科目金額應按政府款與自籌款比例編列（誤差 {rule.params.get('tolerance', 1)} 元以內）",
            f"every line split in the government : self ratio (within NT${rule.params.get('tolerance', 1)})",
        )


__all__ = ["tax_of"]
