"""Evaluate compiled rules on facts: one outcome per rule, with its message and numbers."""

from __future__ import annotations

from collections.abc import Iterable

from .core import ERROR, WARNING, Context, MissingFact, Outcome, Rule
from .kind import KINDS


def evaluate_rule(rule: Rule, ctx: Context) -> Outcome:
    if rule.when is not None:
        gate = evaluate_rule(rule.when, ctx)
        if "missing" in gate.values:
            return _missing(rule, ctx, gate.values["missing"])
        if not gate.passed:
            message = ctx.t(f"不適用（{gate.message}）", f"not applicable ({gate.message})")
            return Outcome(rule.id, True, rule.level, message, {"applicable": "false"})
    try:
        passed, values, message, derived = KINDS[rule.kind].check(rule, ctx)
    except MissingFact as missing:
        return _missing(rule, ctx, missing.name)
    return Outcome(rule.id, passed, rule.level, message, values, derived)


def _missing(rule: Rule, ctx: Context, name: str) -> Outcome:
    label, title = ctx.label(name), rule.title(ctx.lang)
    prefix = ctx.t(f"{title}：", f"{title}: ") if title else ""  # a sub-rule without a label: the fact says it
    if rule.on_missing == WARNING:
        message = prefix + ctx.t(
            f"尚無「{label}」資料，將於提案時檢核", f"no {label} given yet; checked when the proposal is filed"
        )
        return Outcome(rule.id, False, WARNING, message, {"missing": name})
    message = prefix + ctx.t(f"缺少「{label}」資料", f"{label} is missing")
    return Outcome(rule.id, False, rule.level, message, {"missing": name})


def evaluate(rules: Iterable[Rule], ctx: Context) -> list[Outcome]:
    return [evaluate_rule(rule, ctx) for rule in rules]


def all_hold(outcomes: Iterable[Outcome]) -> bool:
    """Only failing ``error`` outcomes make a result invalid; warnings advise."""
    return not any(o.blocking for o in outcomes)


def describe_rule(rule: Rule, ctx: Context, nested: bool = False) -> str:
    text = KINDS[rule.kind].describe(rule, ctx)
    if nested and KINDS[rule.kind].composite:
        text = f"（{text}）" if ctx.zh else f"({text})"
    if rule.when is not None:
        # a condition reads as a state, not a requirement: "員工人數至少 15 人時" / "when employees are at least 15"
        condition = describe_rule(rule.when, ctx)
        condition = condition.replace("須", "", 1) if ctx.zh else condition.replace(" must be ", " is ", 1)
        text = ctx.t(f"{condition}時：{text}", f"when {condition}: {text}")
    if rule.level != ERROR:
        text = ctx.t(f"{text}（建議）", f"{text} (recommended)")
    return text
