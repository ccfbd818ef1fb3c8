"""Kinds that judge dates: a date within a window, a period's length, a registration valid in time."""

from __future__ import annotations

import calendar
import datetime

from twlocale import roc_date_text

from .kind import Kind, register
from .params import Invalid, Param
from .text import join


@register
class DateWindow(Kind):
    name = "date_window"
    params = (
        Param("fact", "fact"),
        Param("after", "date", False),
        Param("on_or_after", "date", False),
        Param("before", "date", False),
        Param("on_or_before", "date", False),
    )
    fact_params = ("fact",)

    def finish(self, params):
        if not any(params.get(k) for k in ("after", "on_or_after", "before", "on_or_before")):
            raise Invalid("give at least one bound", "須至少提供一個日期界限")

    def _phrase(self, rule, ctx) -> str:
        p = rule.params
        parts = []
        if p.get("after"):
            parts.append(ctx.t(f"在{roc_date_text(p['after'], ctx.lang)}之後", f"after {p['after']}"))
        if p.get("on_or_after"):
            parts.append(
                ctx.t(f"在{roc_date_text(p['on_or_after'], ctx.lang)}（含）以後", f"on or after {p['on_or_after']}")
            )
        if p.get("before"):
            parts.append(ctx.t(f"在{roc_date_text(p['before'], ctx.lang)}之前", f"before {p['before']}"))
        if p.get("on_or_before"):
            parts.append(
                ctx.t(f"在{roc_date_text(p['on_or_before'], ctx.lang)}（含）以前", f"on or before {p['on_or_before']}")
            )
        return ctx.t("須" + "且".join(parts), "must be " + " and ".join(parts))

    def check(self, rule, ctx):
        p = rule.params
        fact = p["fact"]
        value = ctx.fact(fact)
        if isinstance(value, str):
            value = datetime.date.fromisoformat(value)
        passed = (
            (not p.get("after") or value > p["after"])
            and (not p.get("on_or_after") or value >= p["on_or_after"])
            and (not p.get("before") or value < p["before"])
            and (not p.get("on_or_before") or value <= p["on_or_before"])
        )
        shown = roc_date_text(value, ctx.lang)
        phrase = self._phrase(rule, ctx)
        message = (
            ctx.t(f"{ctx.label(fact)}為{shown}，符合（{phrase}）", f"{ctx.label(fact)} is {shown}: {phrase} — met")
            if passed
            else ctx.t(f"{ctx.label(fact)}為{shown}，{phrase}", f"{ctx.label(fact)} is {shown}; it {phrase}")
        )
        return passed, {fact: value.isoformat()}, message, None

    def describe(self, rule, ctx):
        return ctx.t(
            f"{ctx.label(rule.params['fact'])}{self._phrase(rule, ctx)}",
            f"{ctx.label(rule.params['fact'])} {self._phrase(rule, ctx)}",
        )


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(start: datetime.date, end: datetime.date) -> tuple[int, int]:
    """Whole months and remaining days from start to end inclusive (2026-02-01..2026-07-31 = 6, 0)."""
    stop = end + datetime.timedelta(days=1)
    months = (stop.year - start.year) * 12 + stop.month - start.month
    while months > 0 and add_months(start, months) > stop:
        months -= 1
    return months, (stop - add_months(start, months)).days


def _period(rule, ctx) -> tuple[datetime.date, datetime.date, dict]:
    """The start and end facts of a period rule as dates, and the values an outcome reports."""
    p = rule.params
    start, end = ctx.fact(p["start_fact"]), ctx.fact(p["end_fact"])
    start = datetime.date.fromisoformat(start) if isinstance(start, str) else start
    end = datetime.date.fromisoformat(end) if isinstance(end, str) else end
    return start, end, {p["start_fact"]: start.isoformat(), p["end_fact"]: end.isoformat()}


@register
class PeriodLength(Kind):
    name = "period_length"
    params = (
        Param("start_fact", "fact"),
        Param("end_fact", "fact"),
        Param("min_months", "int", False),
        Param("max_months", "int", False),
    )
    fact_params = ("start_fact", "end_fact")

    def finish(self, params):
        if params.get("min_months") is None and params.get("max_months") is None:
            raise Invalid("give min_months, max_months or both", "須提供 min_months、max_months 或兩者")

    def _phrase(self, rule, ctx):
        p = rule.params
        parts = []
        if p.get("min_months") is not None:
            parts.append(ctx.t(f"至少 {p['min_months']} 個月", f"at least {p['min_months']} months"))
        if p.get("max_months") is not None:
            parts.append(ctx.t(f"不超過 {p['max_months']} 個月", f"at most {p['max_months']} months"))
        return ctx.t("須" + "且".join(parts), "must last " + " and ".join(parts))

    def check(self, rule, ctx):
        p = rule.params
        start, end, values = _period(rule, ctx)
        span = ctx.t(f"{roc_date_text(start, ctx.lang)}至{roc_date_text(end, ctx.lang)}", f"{start} to {end}")
        if end < start:
            return (
                False,
                values,
                ctx.t(f"計畫期間{span}：結束日早於開始日", f"period {span}: it ends before it starts"),
                None,
            )
        months, days = months_between(start, end)
        values.update(months=months, days=days)
        stop = end + datetime.timedelta(days=1)
        passed = (p.get("min_months") is None or add_months(start, p["min_months"]) <= stop) and (
            p.get("max_months") is None or stop <= add_months(start, p["max_months"])
        )
        length = ctx.t(
            f"{months} 個月" + (f"又 {days} 日" if days else ""),
            f"{months} months" + (f" and {days} days" if days else ""),
        )
        phrase = self._phrase(rule, ctx)
        message = (
            ctx.t(f"計畫期間{span}，共 {length}，符合（{phrase}）", f"period {span}: {length} — {phrase}, met")
            if passed
            else ctx.t(f"計畫期間{span}，共 {length}，{phrase}", f"period {span}: {length}; it {phrase}")
        )
        return passed, values, message, None

    def describe(self, rule, ctx):
        return ctx.t(f"計畫期間{self._phrase(rule, ctx)}", f"the period {self._phrase(rule, ctx)}")


@register
class DateOrder(Kind):
    """A period does not end before it starts — kept as its own rule so that a period length that is only a
    principle (a warning) never lets a reversed period through."""

    name = "date_order"
    params = (Param("start_fact", "fact"), Param("end_fact", "fact"))
    fact_params = ("start_fact", "end_fact")

    def check(self, rule, ctx):
        p = rule.params
        start, end, values = _period(rule, ctx)
        s, e = roc_date_text(start, ctx.lang), roc_date_text(end, ctx.lang)
        if end >= start:
            return (
                True,
                values,
                ctx.t(
                    f"{ctx.label(p['end_fact'])}{e}不早於{ctx.label(p['start_fact'])}{s}",
                    f"{ctx.label(p['end_fact'])} {e} is not before {ctx.label(p['start_fact'])} {s}",
                ),
                None,
            )
        return (
            False,
            values,
            ctx.t(
                f"{ctx.label(p['end_fact'])}{e}早於{ctx.label(p['start_fact'])}{s}",
                f"{ctx.label(p['end_fact'])} {e} is before {ctx.label(p['start_fact'])} {s}",
            ),
            None,
        )

    def describe(self, rule, ctx):
        p = rule.params
        return ctx.t(
            f"{ctx.label(p['end_fact'])}不得早於{ctx.label(p['start_fact'])}",
            f"{ctx.label(p['end_fact'])} not before {ctx.label(p['start_fact'])}",
        )


@register
class QualificationValid(Kind):
    """The counselling unit holds a registration in one of the categories, valid after the project start."""

    name = "qualification_valid"
    params = (
        Param("fact", "fact", False, "qualifications"),
        Param("categories", "str_list"),
        Param("after_fact", "fact", False, "project_start"),
    )
    fact_params = ("fact", "after_fact")

    def check(self, rule, ctx):
        p = rule.params
        registrations = ctx.fact(p["fact"])
        start = ctx.fact(p["after_fact"])
        start = datetime.date.fromisoformat(start) if isinstance(start, str) else start
        categories = p["categories"]
        valid = []
        for reg in registrations:
            expires = reg["expires_on"]
            expires = datetime.date.fromisoformat(expires) if isinstance(expires, str) else expires
            if reg["category"] in categories and expires > start:
                valid.append((reg["category"], expires))
        options = join(categories, ctx.lang)
        values = {
            "categories": ",".join(categories),
            p["after_fact"]: start.isoformat(),
            "held": ",".join(sorted({r["category"] for r in registrations})),
        }
        if valid:
            category, expires = max(valid, key=lambda v: v[1])
            return (
                True,
                values,
                ctx.t(
                    f"能量登錄 {category} 類有效至{roc_date_text(expires, ctx.lang)}，晚於計畫起始日",
                    f"{category} registration valid until {expires}, after the project start",
                ),
                None,
            )
        return (
            False,
            values,
            ctx.t(
                f"無 {options} 類且效期在計畫起始日（{roc_date_text(start, ctx.lang)}）之後的能量登錄",
                f"no {options} registration valid after the project start ({start})",
            ),
            None,
        )

    def describe(self, rule, ctx):
        options = join(rule.params["categories"], ctx.lang)
        return ctx.t(
            f"輔導單位須具 {options} 類能量登錄，且效期截止在計畫起始日之後",
            f"the counselling unit holds a {options} registration valid after the project start",
        )
