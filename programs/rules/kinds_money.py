"""Kinds that judge money: caps, shares, per-line restrictions, derived tax and caps."""

from __future__ import annotations

from decimal import Decimal

from .core import Context
from .kind import Kind, amount, json_value, register
from .money import (
    compare_share,
    limit_text,
    money_text,
    number_text,
    percent_text,
    rounded_share,
    share_display,
)
from .params import Invalid, Param


def _m(ctx: Context, value) -> str:
    return money_text(value, ctx.lang)


@register
class AmountMax(Kind):
    name = "amount_max"
    params = (Param("quantity", "quantity"), Param("max", "money"), Param("strict", "bool", False, False))
    fact_params = ("quantity",)

    def check(self, rule, ctx):
        q, cap, strict = rule.params["quantity"], rule.params["max"], rule.params.get("strict", False)
        value = ctx.money(q)
        passed = value < cap if strict else value <= cap
        if passed:
            message = ctx.t(
                f"{ctx.label(q)} {_m(ctx, value)}，未超過上限 {_m(ctx, cap)}",
                f"{ctx.label(q)} {_m(ctx, value)}, within the cap of {_m(ctx, cap)}",
            )
        elif strict and value == cap:
            message = ctx.t(
                f"{ctx.label(q)} {_m(ctx, value)}，須低於 {_m(ctx, cap)}",
                f"{ctx.label(q)} {_m(ctx, value)}; it must be below {_m(ctx, cap)}",
            )
        else:
            message = ctx.t(
                f"{ctx.label(q)} {_m(ctx, value)}，超過上限 {_m(ctx, cap)}",
                f"{ctx.label(q)} {_m(ctx, value)} exceeds the cap of {_m(ctx, cap)}",
            )
        return passed, {q: value, "max": cap}, message, None

    def describe(self, rule, ctx):
        q, cap = rule.params["quantity"], _m(ctx, rule.params["max"])
        if rule.params.get("strict"):
            return ctx.t(f"{ctx.label(q)}須低於 {cap}", f"{ctx.label(q)} below {cap}")
        return ctx.t(f"{ctx.label(q)}不得超過 {cap}", f"{ctx.label(q)} at most {cap}")


@register
class AmountMin(Kind):
    name = "amount_min"
    params = (Param("quantity", "quantity"), Param("min", "money"), Param("strict", "bool", False, False))
    fact_params = ("quantity",)

    def check(self, rule, ctx):
        q, floor, strict = rule.params["quantity"], rule.params["min"], rule.params.get("strict", False)
        value = ctx.money(q)
        passed = value > floor if strict else value >= floor
        message = (
            ctx.t(
                f"{ctx.label(q)} {_m(ctx, value)}，達下限 {_m(ctx, floor)}",
                f"{ctx.label(q)} {_m(ctx, value)}, at least the minimum of {_m(ctx, floor)}",
            )
            if passed
            else ctx.t(
                f"{ctx.label(q)} {_m(ctx, value)}，低於下限 {_m(ctx, floor)}",
                f"{ctx.label(q)} {_m(ctx, value)} is below the minimum of {_m(ctx, floor)}",
            )
        )
        return passed, {q: value, "min": floor}, message, None

    def describe(self, rule, ctx):
        q, floor = rule.params["quantity"], _m(ctx, rule.params["min"])
        return ctx.t(f"{ctx.label(q)}至少 {floor}", f"{ctx.label(q)} at least {floor}")


def _share_check(
    ctx: Context,
    part: str,
    whole: str,
    limit: Decimal,
    strict: bool,
    upper: bool,
    unit: str = "money",
    places: int | None = None,
):
    part_value, whole_value = ctx.money(part), ctx.money(whole)
    values = {
        part: part_value,
        whole: whole_value,
        "share": percent_text(part_value, whole_value),
        "limit": limit_text(limit),
    }
    if whole_value == 0:
        return (
            False,
            values,
            ctx.t(f"{ctx.label(whole)}為 0，無法計算比例", f"{ctx.label(whole)} is 0: no share can be computed"),
            None,
        )
    sign = compare_share(part_value, whole_value, limit, places)
    if upper:
        passed = sign < 0 if strict else sign <= 0
    else:
        passed = sign > 0 if strict else sign >= 0
    share = f"{share_display(part_value, whole_value, limit)}%"
    if places is not None:
        rounded = rounded_share(part_value, whole_value, places)
        values["rounded_share"] = f"{rounded:.{places}f}"
        share = ctx.t(
            f"{percent_text(part_value, whole_value)}%（四捨五入為 {number_text(rounded)}%）",
            f"{percent_text(part_value, whole_value)}% ({number_text(rounded)}% rounded)",
        )
    part_text = f"{ctx.label(part)} {amount(part_value, unit, ctx)}"
    whole_text = f"{ctx.label(whole)} {amount(whole_value, unit, ctx)}"
    lead = ctx.t(f"{part_text}占{whole_text}之 {share}", f"{part_text} is {share} of the {whole_text}")
    if upper:
        if passed:
            tail = (
                ctx.t(f"低於 {limit_text(limit)}%", f"below {limit_text(limit)}%")
                if strict
                else ctx.t(f"未超過上限 {limit_text(limit)}%", f"within the cap of {limit_text(limit)}%")
            )
        elif strict and sign == 0:
            tail = ctx.t(f"須低於 {limit_text(limit)}%", f"it must be below {limit_text(limit)}%")
        else:
            tail = ctx.t(f"超過上限 {limit_text(limit)}%", f"above the cap of {limit_text(limit)}%")
    else:
        if passed:
            tail = (
                ctx.t(f"高於 {limit_text(limit)}%", f"above {limit_text(limit)}%")
                if strict
                else ctx.t(f"達下限 {limit_text(limit)}%", f"at least the minimum of {limit_text(limit)}%")
            )
        elif strict and sign == 0:
            tail = ctx.t(f"須高於 {limit_text(limit)}%", f"it must be above {limit_text(limit)}%")
        else:
            tail = ctx.t(f"低於下限 {limit_text(limit)}%", f"below the minimum of {limit_text(limit)}%")
    return passed, values, f"{lead}，{tail}" if ctx.zh else f"{lead}, {tail}", None


def _share_describe(ctx, part, whole, limit, strict, upper, places=None):
    if upper:
        rel = ctx.t("須低於" if strict else "不得超過", "below" if strict else "at most")
    else:
        rel = ctx.t("須高於" if strict else "至少", "above" if strict else "at least")
    text = ctx.t(
        f"{ctx.label(part)}{rel}{ctx.label(whole)}之 {limit_text(limit)}%",
        f"{ctx.label(part)} {rel} {limit_text(limit)}% of the {ctx.label(whole)}",
    )
    if places is None:
        return text
    step = ctx.t(
        "整數百分比" if places == 0 else f"小數 {places} 位", "a whole percent" if places == 0 else f"{places} decimals"
    )
    return ctx.t(f"{text}（比例四捨五入至{step}後比較）", f"{text} (the share rounded half up to {step})")


class _Share(Kind):
    """A quantity as a share of another, against a cap (share_max) or a floor (share_min)."""

    upper: bool
    bound: str
    fact_params = ("part", "whole")

    def check(self, rule, ctx):
        p = rule.params
        return _share_check(
            ctx,
            p["part"],
            p.get("whole", "total"),
            p[self.bound],
            p.get("strict", False),
            self.upper,
            p.get("unit", "money"),
            p.get("share_decimals"),
        )

    def describe(self, rule, ctx):
        p = rule.params
        return _share_describe(
            ctx,
            p["part"],
            p.get("whole", "total"),
            p[self.bound],
            p.get("strict", False),
            self.upper,
            p.get("share_decimals"),
        )

    def finish(self, params):
        places = params.get("share_decimals")
        if places is not None and not 0 <= places <= 4:
            raise Invalid("share_decimals must be from 0 to 4", "share_decimals 須為 0 至 4")


@register
class ShareMax(_Share):
    name, upper, bound = "share_max", True, "max"
    params = (
        Param("part", "quantity"),
        Param("whole", "quantity", False, "total"),
        Param("max", "percent"),
        Param("strict", "bool", False, False),
        Param("unit", "unit", False, "money"),
        Param("share_decimals", "int", False),
    )


@register
class ShareMin(_Share):
    name, upper, bound = "share_min", False, "min"
    params = (
        Param("part", "quantity"),
        Param("whole", "quantity", False, "total"),
        Param("min", "percent"),
        Param("strict", "bool", False, False),
        Param("unit", "unit", False, "money"),
        Param("share_decimals", "int", False),
    )


@register
class LineShareMax(Kind):
    """One side of one budget line as a share of a whole (new equipment gov ≤ 30 % of the case total)."""

    name = "line_share_max"
    params = (
        Param("line", "line"),
        Param("side", "side", False, "gov"),
        Param("of", "quantity", False, "total"),
        Param("max", "percent"),
        Param("strict", "bool", False, False),
    )
    line_params = ("line",)
    fact_params = ("of",)

    def _part(self, rule):
        return f"line.{rule.params['line']}.{rule.params.get('side', 'gov')}"

    def check(self, rule, ctx):
        p = rule.params
        return _share_check(ctx, self._part(rule), p.get("of", "total"), p["max"], p.get("strict", False), True)

    def describe(self, rule, ctx):
        p = rule.params
        return _share_describe(ctx, self._part(rule), p.get("of", "total"), p["max"], p.get("strict", False), True)


@register
class LineSideForbidden(Kind):
    """A budget line may not be funded by one side (personnel: self-funded only)."""

    name = "line_side_forbidden"
    params = (Param("line", "line"), Param("side", "side", False, "gov"))
    line_params = ("line",)

    def check(self, rule, ctx):
        line, side = rule.params["line"], rule.params.get("side", "gov")
        name = f"line.{line}.{side}"
        value = ctx.money(name)
        side_label = ctx.label("gov_total" if side == "gov" else "self_total")
        if value == 0:
            return (
                True,
                {name: 0},
                ctx.t(
                    f"{ctx.label(f'line.{line}.total')}未由{side_label}支應",
                    f"{ctx.label(f'line.{line}.total')} is not paid from {side_label}",
                ),
                None,
            )
        return (
            False,
            {name: value},
            ctx.t(
                f"{ctx.label(f'line.{line}.total')}不得由{side_label}支應（填列 {_m(ctx, value)}）",
                f"{ctx.label(f'line.{line}.total')} may not be paid from {side_label} ({_m(ctx, value)} entered)",
            ),
            None,
        )

    def describe(self, rule, ctx):
        line, side = rule.params["line"], rule.params.get("side", "gov")
        side_label = ctx.label("gov_total" if side == "gov" else "self_total")
        return ctx.t(
            f"{ctx.label(f'line.{line}.total')}不得由{side_label}支應",
            f"{ctx.label(f'line.{line}.total')} may not be paid from {side_label}",
        )


@register
class LineNonzero(Kind):
    name = "line_nonzero"
    params = (Param("line", "line"), Param("side", "side", False, "total"))
    line_params = ("line",)

    def check(self, rule, ctx):
        name = f"line.{rule.params['line']}.{rule.params.get('side', 'total')}"
        value = ctx.money(name)
        if value > 0:
            return (
                True,
                {name: value},
                ctx.t(f"{ctx.label(name)} {_m(ctx, value)}", f"{ctx.label(name)}: {_m(ctx, value)}"),
                None,
            )
        return False, {name: value}, ctx.t(f"{ctx.label(name)}不得為零", f"{ctx.label(name)} must not be zero"), None

    def describe(self, rule, ctx):
        name = f"line.{rule.params['line']}.{rule.params.get('side', 'total')}"
        return ctx.t(f"{ctx.label(name)}不得為零", f"{ctx.label(name)} must not be zero")


@register
class LineForbidden(Kind):
    name = "line_forbidden"
    params = (Param("line", "line"),)
    line_params = ("line",)

    def check(self, rule, ctx):
        name = f"line.{rule.params['line']}.total"
        value = ctx.money(name)
        if value == 0:
            return True, {name: 0}, ctx.t(f"未編列{ctx.label(name)}", f"no {ctx.label(name)} budgeted"), None
        return (
            False,
            {name: value},
            ctx.t(
                f"不得編列{ctx.label(name)}（填列 {_m(ctx, value)}）",
                f"{ctx.label(name)} may not be budgeted ({_m(ctx, value)} entered)",
            ),
            None,
        )

    def describe(self, rule, ctx):
        name = f"line.{rule.params['line']}.total"
        return ctx.t(f"不得編列{ctx.label(name)}", f"no {ctx.label(name)} may be budgeted")


OP_TEXT = {
    ">=": ("不得低於", "must be at least"),
    ">": ("須高於", "must be more than"),
    "<=": ("不得超過", "must be at most"),
    "<": ("須低於", "must be less than"),
    "==": ("須等於", "must equal"),
}


@register
class CompareLines(Kind):
    """Two quantities compared (lean: self-funding ≥ government funding)."""

    name = "compare_lines"
    params = (
        Param("left", "quantity"),
        Param("op", "op"),
        Param("right", "quantity"),
        Param("unit", "unit", False, "money"),
    )
    fact_params = ("left", "right")

    def check(self, rule, ctx):
        left, op, right = rule.params["left"], rule.params["op"], rule.params["right"]
        lv, rv = ctx.money(left), ctx.money(right)
        if rule.params.get("unit", "money") != "money":
            return self._compare_numbers(rule, ctx, lv, rv)
        passed = {">=": lv >= rv, ">": lv > rv, "<=": lv <= rv, "<": lv < rv, "==": lv == rv}[op]
        zh_op, en_op = OP_TEXT[op]
        message = (
            ctx.t(
                f"{ctx.label(left)} {_m(ctx, lv)}，符合「{zh_op}{ctx.label(right)}」（{_m(ctx, rv)}）",
                f"{ctx.label(left)} {_m(ctx, lv)} {en_op} the {ctx.label(right)} ({_m(ctx, rv)}) — met",
            )
            if passed
            else ctx.t(
                f"{ctx.label(left)} {_m(ctx, lv)}，{zh_op}{ctx.label(right)} {_m(ctx, rv)}",
                f"{ctx.label(left)} {_m(ctx, lv)} {en_op} the {ctx.label(right)} {_m(ctx, rv)}",
            )
        )
        return passed, {left: lv, right: rv}, message, None

    def _compare_numbers(self, rule, ctx, lv, rv):
        left, op, right, unit = rule.params["left"], rule.params["op"], rule.params["right"], rule.params["unit"]
        passed = {">=": lv >= rv, ">": lv > rv, "<=": lv <= rv, "<": lv < rv, "==": lv == rv}[op]
        zh_op, en_op = OP_TEXT[op]
        a, b = amount(lv, unit, ctx), amount(rv, unit, ctx)
        message = (
            ctx.t(
                f"{ctx.label(left)} {a}，符合「{zh_op}{ctx.label(right)}」（{b}）",
                f"{ctx.label(left)} {a} {en_op} the {ctx.label(right)} ({b}) — met",
            )
            if passed
            else ctx.t(
                f"{ctx.label(left)} {a}，{zh_op}{ctx.label(right)} {b}",
                f"{ctx.label(left)} {a} {en_op} the {ctx.label(right)} {b}",
            )
        )
        return passed, {left: json_value(lv), right: json_value(rv)}, message, None

    def describe(self, rule, ctx):
        left, op, right = rule.params["left"], rule.params["op"], rule.params["right"]
        zh_op, en_op = OP_TEXT[op]
        return ctx.t(f"{ctx.label(left)}{zh_op}{ctx.label(right)}", f"{ctx.label(left)} {en_op} the {ctx.label(right)}")


@register
class SplitRequired(Kind):
    """Where caps bind each party separately (DMMAP lean: executing unit ≤ 300,000, cooperating company
    ≤ 100,000), an unsplit line would let the whole cap go to one party: its amount must be entered in the
    per-party lines instead."""

    name = "split_required"
    params = (Param("line", "line"), Param("into", "lines"))
    line_params = ("line", "into")

    def _parties(self, rule, ctx) -> str:
        return ("、" if ctx.zh else ", ").join(ctx.label(f"line.{code}.total") for code in rule.params["into"])

    def check(self, rule, ctx):
        name = f"line.{rule.params['line']}.total"
        value, parties = ctx.money(name), self._parties(rule, ctx)
        if value == 0:
            return True, {name: 0}, ctx.t(f"經費已按{parties}分列", f"the budget is split into {parties}"), None
        return (
            False,
            {name: value},
            ctx.t(
                f"{ctx.label(name)}填列 {_m(ctx, value)}：經費須按{parties}分列",
                f"{ctx.label(name)}: {_m(ctx, value)} entered; the budget must be split into {parties}",
            ),
            None,
        )

    def describe(self, rule, ctx):
        parties, unsplit = self._parties(rule, ctx), ctx.label(f"line.{rule.params['line']}.total")
        return ctx.t(
            f"經費須按{parties}分列，不得以{unsplit}合併填列",
            f"the budget is split into {parties}, not entered as {unsplit}",
        )
