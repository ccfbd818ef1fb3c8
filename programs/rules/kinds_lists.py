"""Kinds over lists: required items present, sequences rising, every item under a limit."""

from __future__ import annotations

from decimal import Decimal

from .core import Context, Rule
from .kind import Kind, amount, json_value, register
from .params import Invalid, Param
from .text import join, pick


def _labels_of(rule: Rule, codes, ctx: Context) -> str:
    labels = rule.params.get("value_labels") or {}
    return join([pick(labels.get(c), ctx.lang, c) for c in codes], ctx.lang)


@register
class ContainsAll(Kind):
    """A list fact holds every required item (mandatory checkpoint items, mandatory KPIs)."""

    name = "contains_all"
    params = (
        Param("fact", "fact"),
        Param("values", "str_list", False),
        Param("catalogue", "code", False),
        Param("value_labels", "value_labels", False, {}),
    )
    fact_params = ("fact",)

    def finish(self, params):
        if not params.get("values") and not params.get("catalogue"):
            raise Invalid("give values or a catalogue", "須提供 values 或 catalogue")

    def _required(self, rule) -> list[str]:
        return rule.params.get("values") or rule.params.get("among") or []

    def check(self, rule, ctx):
        fact = rule.params["fact"]
        present = set(ctx.fact(fact))
        missing = [v for v in self._required(rule) if v not in present]
        values = {fact: json_value(sorted(present)), "lacking": ",".join(missing)}
        if not missing:
            return (
                True,
                values,
                ctx.t(f"{ctx.label(fact)}已包含全部必要項目", f"{ctx.label(fact)} holds every required item"),
                None,
            )
        shown = _labels_of(rule, missing, ctx)
        return (
            False,
            values,
            ctx.t(f"{ctx.label(fact)}缺少必要項目：{shown}", f"{ctx.label(fact)} lacks: {shown}"),
            None,
        )

    def describe(self, rule, ctx):
        shown = _labels_of(rule, self._required(rule), ctx)
        return ctx.t(
            f"{ctx.label(rule.params['fact'])}須包含：{shown}",
            f"{ctx.label(rule.params['fact'])} must include: {shown}",
        )


@register
class Increasing(Kind):
    """A sequence (cumulative progress % of the checkpoints) rises strictly and ends at a value."""

    name = "increasing"
    params = (Param("fact", "fact"), Param("end", "number", False), Param("unit", "unit", False, ""))
    fact_params = ("fact",)

    def check(self, rule, ctx):
        fact, unit = rule.params["fact"], rule.params.get("unit", "")
        seq = [v if isinstance(v, (int, Decimal)) else Decimal(str(v)) for v in ctx.fact(fact)]
        shown = " → ".join(amount(v, unit, ctx) for v in seq)
        values = {fact: json_value([str(v) for v in seq])}
        if not seq:
            return False, values, ctx.t(f"{ctx.label(fact)}尚未填列", f"{ctx.label(fact)} is empty"), None
        broken = next((i for i in range(1, len(seq)) if seq[i] <= seq[i - 1]), None)
        if broken is not None:
            return (
                False,
                values,
                ctx.t(
                    f"{ctx.label(fact)} {shown}：第 {broken + 1} 項未高於前一項",
                    f"{ctx.label(fact)} {shown}: item {broken + 1} does not rise",
                ),
                None,
            )
        end = rule.params.get("end")
        if end is not None and seq[-1] != end:
            return (
                False,
                values,
                ctx.t(
                    f"{ctx.label(fact)} {shown}：最後一項須為 {amount(end, unit, ctx)}",
                    f"{ctx.label(fact)} {shown}: the last item must be {amount(end, unit, ctx)}",
                ),
                None,
            )
        return (
            True,
            values,
            ctx.t(f"{ctx.label(fact)} {shown}，逐項遞增", f"{ctx.label(fact)} {shown} rises throughout"),
            None,
        )

    def describe(self, rule, ctx):
        end, unit = rule.params.get("end"), rule.params.get("unit", "")
        tail = (
            ""
            if end is None
            else ctx.t(f"，最後一項為 {amount(end, unit, ctx)}", f", ending at {amount(end, unit, ctx)}")
        )
        return ctx.t(
            f"{ctx.label(rule.params['fact'])}須逐項遞增{tail}",
            f"{ctx.label(rule.params['fact'])} rises strictly{tail}",
        )


@register
class EachMax(Kind):
    """Every number of a list (unit prices of material items) stays within a limit."""

    name = "each_max"
    params = (
        Param("fact", "fact"),
        Param("max", "number"),
        Param("strict", "bool", False, False),
        Param("unit", "unit", False, "money"),
    )
    fact_params = ("fact",)

    def _bound(self, rule, ctx) -> str:
        limit = amount(rule.params["max"], rule.params.get("unit", "money"), ctx)
        if rule.params.get("strict"):
            return ctx.t(f"須低於 {limit}", f"below {limit}")
        return ctx.t(f"不得超過 {limit}", f"at most {limit}")

    def check(self, rule, ctx):
        p = rule.params
        fact, limit, unit = p["fact"], p["max"], p.get("unit", "money")
        items = [v if isinstance(v, (int, Decimal)) else Decimal(str(v)) for v in ctx.fact(fact)]
        over = [v for v in items if (v >= limit if p.get("strict") else v > limit)]
        values = {"items": len(items), "max": json_value(limit), "over": len(over)}
        if not over:
            return (
                True,
                values,
                ctx.t(
                    f"{ctx.label(fact)}共 {len(items)} 項，每項皆{self._bound(rule, ctx)}",
                    f"all {len(items)} {ctx.label(fact)} {self._bound(rule, ctx)}",
                ),
                None,
            )
        shown = join([amount(v, unit, ctx) for v in over], ctx.lang)
        return (
            False,
            values,
            ctx.t(
                f"{ctx.label(fact)}有 {len(over)} 項（{shown}）不符：每項{self._bound(rule, ctx)}",
                f"{len(over)} of {ctx.label(fact)} ({shown}) break the limit: each {self._bound(rule, ctx)}",
            ),
            None,
        )

    def describe(self, rule, ctx):
        return ctx.t(
            f"{ctx.label(rule.params['fact'])}每項{self._bound(rule, ctx)}",
            f"each of {ctx.label(rule.params['fact'])} {self._bound(rule, ctx)}",
        )
