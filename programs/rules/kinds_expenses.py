"""Kinds that judge one expense of a case's ledger (核銷): its day within the project's period, its budget line's
spending against the approved line, a line on which nothing may be spent."""

from __future__ import annotations

import datetime

from twlocale import roc_date_text

from .kind import Kind, register
from .money import money_text
from .params import Param
from .text import join


def _day(value) -> datetime.date:
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


@register
class DateBetween(Kind):
    """A day on or after one fact's day and on or before another's (支出日期須在計畫執行期間內)."""

    name = "date_between"
    params = (Param("fact", "fact"), Param("start_fact", "fact"), Param("end_fact", "fact"))
    fact_params = ("fact", "start_fact", "end_fact")

    def check(self, rule, ctx):
        p = rule.params
        day, start, end = (_day(ctx.fact(p[name])) for name in ("fact", "start_fact", "end_fact"))
        passed = start <= day <= end
        shown, first, last = (roc_date_text(d, ctx.lang) for d in (day, start, end))
        what = ctx.label(p["fact"])
        message = (
            ctx.t(f"{what}{shown}在{first}至{last}之間", f"{what} {shown} is within {first} to {last}")
            if passed
            else ctx.t(f"{what}{shown}不在{first}至{last}之間", f"{what} {shown} is outside {first} to {last}")
        )
        values = {p["fact"]: day.isoformat(), p["start_fact"]: start.isoformat(), p["end_fact"]: end.isoformat()}
        return passed, values, message, None

    def describe(self, rule, ctx):
        p = rule.params
        return ctx.t(
            f"{ctx.label(p['fact'])}須在{ctx.label(p['start_fact'])}至{ctx.label(p['end_fact'])}之間",
            f"{ctx.label(p['fact'])} between the {ctx.label(p['start_fact'])} and the {ctx.label(p['end_fact'])}",
        )


@register
class SpendingWithin(Kind):
    """Spending on a line up to the approved amount of that line; the over-spend is in the outcome's numbers.
    Whether an over-spend blocks is the rule's level (error: refused; warning: shown)."""

    name = "spending_within"
    params = (Param("spent", "quantity"), Param("approved", "quantity"))
    fact_params = ("spent", "approved")

    def check(self, rule, ctx):
        spent_name, approved_name = rule.params["spent"], rule.params["approved"]
        spent, approved = ctx.money(spent_name), ctx.money(approved_name)
        over = max(spent - approved, 0)
        m = lambda v: money_text(v, ctx.lang)  # noqa: E731
        line = ctx.label(f"line.{ctx.facts.get('expense_line', '')}")
        if not over:
            message = ctx.t(
                f"{line}累計支出 {m(spent)}，未超過核定 {m(approved)}",
                f"{line}: spending {m(spent)} within the approved {m(approved)}",
            )
        else:
            message = ctx.t(
                f"{line}累計支出 {m(spent)}，超過核定 {m(approved)} 計 {m(over)}",
                f"{line}: spending {m(spent)} exceeds the approved {m(approved)} by {m(over)}",
            )
        return not over, {spent_name: spent, approved_name: approved, "over": over}, message, None

    def describe(self, rule, ctx):
        return ctx.t("各經費科目累計支出不得超過核定金額", "spending on each line at most its approved amount")


@register
class LineNotIn(Kind):
    """An expense's budget line is none of ``lines`` (資本設備支出、國外差旅費不得報支)."""

    name = "line_not_in"
    params = (Param("fact", "fact"), Param("lines", "lines"))
    fact_params = ("fact",)
    line_params = ("lines",)

    def check(self, rule, ctx):
        value = str(ctx.fact(rule.params["fact"]))
        shown = ctx.label(f"line.{value}")
        passed = value not in rule.params["lines"]
        message = (
            ctx.t(f"經費科目「{shown}」可報支", f"the line {shown} may be claimed")
            if passed
            else ctx.t(f"經費科目「{shown}」不得報支", f"nothing may be claimed on the line {shown}")
        )
        return passed, {rule.params["fact"]: value}, message, None

    def describe(self, rule, ctx):
        names = join([ctx.label(f"line.{code}") for code in rule.params["lines"]], ctx.lang)
        return ctx.t(f"下列科目不得報支：{names}", f"nothing claimed on: {names}")
