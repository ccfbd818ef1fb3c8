"""Combinators: every child must hold (all_of) or at least one (any_of)."""

from __future__ import annotations

from .kind import Kind, register
from .params import Param


def _children(rule, ctx):
    from .evaluate import evaluate_rule

    return [evaluate_rule(child, ctx) for child in rule.children]


def _merge_values(outcomes) -> dict:
    values = {}
    for outcome in outcomes:
        for key, value in outcome.values.items():
            values[f"{outcome.rule}.{key}"] = value
        values[f"{outcome.rule}.passed"] = "true" if outcome.passed else "false"
    return values


@register
class AllOf(Kind):
    name = "all_of"
    params = (Param("rules", "rules"),)
    composite = True

    def check(self, rule, ctx):
        outcomes = _children(rule, ctx)
        failed = [o for o in outcomes if not o.passed]
        sep = "；" if ctx.zh else "; "
        if not failed:
            return True, _merge_values(outcomes), sep.join(o.message for o in outcomes), None
        return False, _merge_values(outcomes), sep.join(o.message for o in failed), None

    def describe(self, rule, ctx):
        from .evaluate import describe_rule

        return ("；" if ctx.zh else "; ").join(describe_rule(child, ctx, nested=True) for child in rule.children)


@register
class AnyOf(Kind):
    name = "any_of"
    params = (Param("rules", "rules"),)
    composite = True

    def check(self, rule, ctx):
        outcomes = _children(rule, ctx)
        passing = [o for o in outcomes if o.passed]
        if passing:
            return True, _merge_values(outcomes), passing[0].message, None
        sep = "；" if ctx.zh else "; "
        joined = sep.join(o.message for o in outcomes)
        return (
            False,
            _merge_values(outcomes),
            ctx.t(f"下列條件皆不符合：{joined}", f"none of these holds: {joined}"),
            None,
        )

    def describe(self, rule, ctx):
        from .evaluate import describe_rule

        parts = [describe_rule(child, ctx, nested=True) for child in rule.children]
        return ctx.t("符合其一：" + "；或".join(parts), "one of: " + "; or ".join(parts))


@register
class NoneOf(Kind):
    """No child holds — a negation (``when`` a firm is not an SME)."""

    name = "none_of"
    params = (Param("rules", "rules"),)
    composite = True

    def check(self, rule, ctx):
        outcomes = _children(rule, ctx)
        holding = [o for o in outcomes if o.passed]
        sep = "；" if ctx.zh else "; "
        if not holding:
            joined = sep.join(o.message for o in outcomes)
            return (
                True,
                _merge_values(outcomes),
                ctx.t(f"下列條件皆不成立：{joined}", f"none of these holds: {joined}"),
                None,
            )
        joined = sep.join(o.message for o in holding)
        return False, _merge_values(outcomes), ctx.t(f"不得符合：{joined}", f"must not hold: {joined}"), None

    def describe(self, rule, ctx):
        from .evaluate import describe_rule

        parts = [describe_rule(child, ctx, nested=True) for child in rule.children]
        return ctx.t("不符合：" + "；".join(parts), "not: " + "; ".join(parts))
