"""What the portal computes with a rule set: eligibility, budgets, score sheets, instalment plans."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .core import ERROR, Context, Outcome
from .evaluate import all_hold, describe_rule, evaluate
from .money import HUNDRED, money_text, number_text, percent_text, quantize2, round_half_up
from .ruleset import RuleSet
from .text import pick


class InputError(Exception):
    """Input the rules cannot judge: {field: [(en, zh), ...]}."""

    def __init__(self, errors: dict[str, list[tuple[str, str]]]):
        super().__init__(errors)
        self.errors = errors

    def messages(self, lang: str) -> dict[str, list[str]]:
        return {f: [zh if lang == "zh-hant" else en for en, zh in msgs] for f, msgs in self.errors.items()}


@dataclass
class Result:
    ok: bool
    outcomes: list[Outcome]
    data: dict[str, Any]


# --- screening --------------------------------------------------------------------------------


def screen(ruleset: RuleSet, facts: Mapping[str, Any], *, lang: str, part: str = "company") -> Result:
    rules = ruleset.company_rules if part == "company" else ruleset.unit_rules
    outcomes = evaluate(rules, Context(facts, ruleset.labels, lang))
    return Result(all_hold(outcomes), outcomes, {})


# --- budget -----------------------------------------------------------------------------------


def budget_facts(lines: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    facts: dict[str, Any] = {"lines": [line["code"] for line in lines]}
    gov = own = 0
    for line in lines:
        code, g, s = line["code"], line["gov"], line["self"]
        facts[f"line.{code}.gov"], facts[f"line.{code}.self"], facts[f"line.{code}.total"] = g, s, g + s
        gov, own = gov + g, own + s
    facts.update(gov_total=gov, self_total=own, total=gov + own)
    return facts


def _check_lines(ruleset: RuleSet, lines: Sequence[Mapping[str, Any]], field: str = "lines") -> None:
    known = set(ruleset.line_codes)
    errors: dict[str, list[tuple[str, str]]] = {}
    seen = set()
    for index, line in enumerate(lines):
        code = line["code"]
        if code not in known:
            errors.setdefault(f"{field}.{index}.code", []).append(
                (
                    f"unknown budget line {code!r}; this edition's lines: {', '.join(ruleset.line_codes)}",
                    f"不明的經費科目 {code!r}；本年度版本科目：{'、'.join(ruleset.line_codes)}",
                )
            )
        elif code in seen:
            errors.setdefault(f"{field}.{index}.code", []).append((f"{code} is given twice", f"{code} 重複填列"))
        seen.add(code)
    if errors:
        raise InputError(errors)


def budget_check(
    ruleset: RuleSet, lines: Sequence[Mapping[str, Any]], *, lang: str, context: Mapping[str, Any] | None = None
) -> Result:
    _check_lines(ruleset, lines)
    facts = {**(context or {}), **budget_facts(lines)}
    outcomes = evaluate(ruleset.budget_rules, Context(facts, ruleset.labels, lang))
    derived: dict[str, Any] = {}
    for outcome in outcomes:
        if outcome.derived:
            derived.update(outcome.derived)
    totals = {
        "gov": facts["gov_total"],
        "self": facts["self_total"],
        "total": facts["total"],
        "gov_share": percent_text(facts["gov_total"], facts["total"]) if facts["total"] else "0.00",
        "self_share": percent_text(facts["self_total"], facts["total"]) if facts["total"] else "0.00",
    }
    return Result(all_hold(outcomes), outcomes, {"totals": totals, "derived": derived})


# --- plan ------------------------------------------------------------------------------------------


def plan_check(
    ruleset: RuleSet, facts: Mapping[str, Any], *, lang: str, lines: Sequence[Mapping[str, Any]] | None = None
) -> Result:
    """The plan rules on the plan's facts and, when given, the budget lines: a plan rule may read the
    budget totals (``self_total``) and lines, which then come from the budget and nowhere else."""
    merged = dict(facts)
    for name in ("lines", "gov_total", "self_total", "total"):
        merged.pop(name, None)
    merged = {k: v for k, v in merged.items() if not k.startswith("line.")}
    if lines is not None:
        _check_lines(ruleset, lines, "budget")
        merged.update(budget_facts(lines))
    outcomes = evaluate(ruleset.plan_rules, Context(merged, ruleset.labels, lang))
    return Result(all_hold(outcomes), outcomes, {})


# --- review score sheet --------------------------------------------------------------------------


def score_sheet(ruleset: RuleSet, scores: Mapping[str, Decimal], bonus: Mapping[str, Decimal], *, lang: str) -> Result:
    rubric = ruleset.rubric
    if rubric is None:
        raise InputError({"scores": [("this edition has no review rubric", "本年度版本無審查評分項目")]})
    errors: dict[str, list[tuple[str, str]]] = {}
    codes = {c.code for c in rubric.criteria}
    bonus_codes = {b.code: b for b in rubric.bonus}
    low, high = number_text(rubric.scale_min), number_text(rubric.scale_max)
    for code in codes - set(scores):
        errors.setdefault(f"scores.{code}", []).append(("a score is required", "須給分"))
    for code, value in scores.items():
        if code not in codes:
            errors.setdefault(f"scores.{code}", []).append(
                (
                    f"unknown criterion; this rubric's: {', '.join(sorted(codes))}",
                    f"不明的評分項目；本評分表項目：{'、'.join(sorted(codes))}",
                )
            )
        elif not rubric.scale_min <= value <= rubric.scale_max:
            errors.setdefault(f"scores.{code}", []).append(
                (f"must be between {low} and {high}", f"須介於 {low} 至 {high}")
            )
    for code, value in bonus.items():
        item = bonus_codes.get(code)
        if item is None:
            known = ", ".join(sorted(bonus_codes)) or "—"
            errors.setdefault(f"bonus.{code}", []).append(
                (f"unknown bonus item; this rubric's: {known}", f"不明的加分項目；本評分表加分項目：{known}")
            )
        elif not 0 <= value <= item.max:
            errors.setdefault(f"bonus.{code}", []).append(
                (f"must be between 0 and {number_text(item.max)}", f"須介於 0 至 {number_text(item.max)}")
            )
    if errors:
        raise InputError(errors)
    zh = lang == "zh-hant"
    rows, weighted_sum = [], Decimal(0)
    for criterion in rubric.criteria:
        score = Decimal(scores[criterion.code])
        weighted = score * criterion.weight / HUNDRED
        weighted_sum += weighted
        rows.append(
            {
                "code": criterion.code,
                "weight": f"{quantize2(criterion.weight):.2f}",
                "score": f"{quantize2(score):.2f}",
                "weighted": f"{quantize2(weighted):.2f}",
            }
        )
    bonus_given = sum((Decimal(v) for v in bonus.values()), Decimal(0))
    bonus_counted = min(bonus_given, rubric.bonus_max)
    total = quantize2(weighted_sum + bonus_counted)
    parts = "；".join(
        f"{pick(c.label, lang)} {number_text(Decimal(scores[c.code]))} × {number_text(c.weight)}% = {r['weighted']}"
        for c, r in zip(rubric.criteria, rows, strict=True)
    )
    outcomes = [
        Outcome(
            "rubric_weighted",
            True,
            ERROR,
            (
                f"加權分數 {quantize2(weighted_sum):.2f} 分（{parts}）"
                if zh
                else f"weighted score {quantize2(weighted_sum):.2f} ({parts.replace('；', '; ')})"
            ),
            {"weighted": f"{quantize2(weighted_sum):.2f}"},
        )
    ]
    if rubric.bonus:
        capped = bonus_given > rubric.bonus_max
        cap = f"{quantize2(rubric.bonus_max):.2f}"
        message = (
            (
                f"加分合計 {quantize2(bonus_given):.2f} 分，超過上限，以 {cap} 分計"
                if capped
                else f"加分 {quantize2(bonus_given):.2f} 分（上限 {cap} 分）"
            )
            if zh
            else (
                f"bonus {quantize2(bonus_given):.2f} exceeds the cap; {cap} counted"
                if capped
                else f"bonus {quantize2(bonus_given):.2f} (cap {cap})"
            )
        )
        outcomes.append(
            Outcome(
                "rubric_bonus_cap",
                True,
                ERROR,
                message,
                {"bonus_given": f"{quantize2(bonus_given):.2f}", "bonus_max": cap},
            )
        )
    outcomes.append(
        Outcome(
            "rubric_total",
            True,
            ERROR,
            f"總分 {total:.2f} 分" if zh else f"total score {total:.2f}",
            {"total": f"{total:.2f}"},
        )
    )
    data = {"total": f"{total:.2f}", "criteria": rows, "bonus": f"{quantize2(bonus_counted):.2f}"}
    return Result(True, outcomes, data)


# --- disbursement plan ----------------------------------------------------------------------------


def disbursement_plan(ruleset: RuleSet, facts: Mapping[str, Any], *, lang: str) -> Result:
    approved = facts["approved_gov"]
    disbursed = facts.get("disbursed") or 0
    ctx = Context(facts, ruleset.labels, lang)
    plans = []
    for instalment in ruleset.instalments:
        share_amount = round_half_up(Decimal(approved) * instalment.share / HUNDRED)
        outcomes = evaluate(instalment.conditions, ctx)
        amount = share_amount
        if instalment.final:
            remaining = max(approved - disbursed, 0)
            amount = min(share_amount, remaining)
            actual = facts.get("actual_spent_total")
            if instalment.settle_on_actual and actual is not None:
                amount = max(min(amount, actual - disbursed), 0)
            outcomes.append(
                _final_outcome(
                    ctx,
                    share=instalment.share,
                    share_amount=share_amount,
                    remaining=remaining,
                    disbursed=disbursed,
                    actual=actual if instalment.settle_on_actual else None,
                    amount=amount,
                )
            )
        plans.append(
            {
                "no": instalment.no,
                "share": f"{quantize2(instalment.share):.2f}",
                "amount": amount,
                "due": all_hold(outcomes),
                "outcomes": outcomes,
            }
        )
    return Result(True, [], {"instalments": plans})


def _final_outcome(
    ctx: Context, *, share: Decimal, share_amount: int, remaining: int, actual: int | None, disbursed: int, amount: int
) -> Outcome:
    m = lambda v: money_text(v, ctx.lang)  # noqa: E731
    zh = [f"核定金額之 {number_text(share)}% 為 {m(share_amount)}", f"核定金額減已撥付 {m(remaining)}"]
    en = [f"{number_text(share)}% of the approved amount is {m(share_amount)}", f"approved less paid is {m(remaining)}"]
    values = {"share_amount": share_amount, "remaining": remaining, "amount": amount}
    if actual is not None:
        settled = max(actual - disbursed, 0)
        zh.append(f"實際支用 {m(actual)} 減已撥付為 {m(settled)}")
        en.append(f"actual spending {m(actual)} less paid is {m(settled)}")
        values["actual_spent_total"] = actual
    message = ctx.t(
        f"尾款 {m(amount)}：{'；'.join(zh)}，取其最低者",
        f"final instalment {m(amount)}: {'; '.join(en)}; the lowest applies",
    )
    return Outcome("final_settlement", True, ERROR, message, values)


# --- plain language -----------------------------------------------------------------------------


def describe_ruleset(ruleset: RuleSet, *, lang: str) -> dict[str, list[dict[str, str]]]:
    ctx = Context({}, ruleset.labels, lang)
    sections = {
        "company": ruleset.company_rules,
        "unit": ruleset.unit_rules,
        "budget": ruleset.budget_rules,
        "plan": ruleset.plan_rules,
        "period": ruleset.period_rules,
    }
    result = {
        name: [{"rule": r.id, "title": r.title(lang), "text": describe_rule(r, ctx)} for r in rules]
        for name, rules in sections.items()
    }
    result["instalments"] = [
        {
            "rule": f"instalment_{i.no}",
            "title": pick(i.label, lang),
            "text": "；".join(describe_rule(r, ctx) for r in i.conditions) if i.conditions else "",
        }
        for i in ruleset.instalments
    ]
    return result
