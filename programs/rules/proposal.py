"""A whole proposal judged by its edition: the company, the counselling unit, the budget, the plan and the
period, each section's outcomes kept apart so that pages can say where a problem lies."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .core import Context, Outcome
from .evaluate import all_hold, evaluate
from .operations import budget_check, budget_facts, plan_check
from .ruleset import RuleSet

SECTIONS = ("company", "unit", "budget", "plan", "period")


@dataclass
class ProposalResult:
    sections: dict[str, list[Outcome]]
    budget: dict[str, Any]

    @property
    def outcomes(self) -> list[Outcome]:
        return [o for name in SECTIONS for o in self.sections.get(name, [])]

    @property
    def ok(self) -> bool:
        return all_hold(self.outcomes)

    def blocking(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.blocking]

    def warnings(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.passed and not o.blocking]


def proposal_check(
    ruleset: RuleSet,
    *,
    company: Mapping[str, Any],
    unit: Mapping[str, Any] | None,
    facts: Mapping[str, Any],
    lines: Sequence[Mapping[str, Any]],
    lang: str,
) -> ProposalResult:
    """Every rule of the edition on one proposal. ``facts`` are the proposal's own (declared and derived,
    with ``project_start``/``project_end``); company and unit facts are judged by their own sections.
    Plan and period rules see the budget totals too (a plan rule may read ``self_total``)."""
    budget = budget_check(ruleset, lines, lang=lang, context={**company, **facts})  # InputError: bad lines
    proposal = {**company, **budget_facts(lines), **facts}
    sections = {
        "company": evaluate(ruleset.company_rules, Context({**company, **facts}, ruleset.labels, lang)),
        "unit": (
            evaluate(ruleset.unit_rules, Context({**(unit or {}), **facts}, ruleset.labels, lang))
            if ruleset.unit_rules
            else []
        ),
        "budget": budget.outcomes,
        "plan": plan_check(ruleset, {**company, **facts}, lang=lang, lines=lines).outcomes,
        "period": evaluate(ruleset.period_rules, Context(proposal, ruleset.labels, lang)),
    }
    return ProposalResult(sections, {**budget.data, "valid": budget.ok})


def all_rules(ruleset: RuleSet):
    stack = [
        *ruleset.company_rules,
        *ruleset.unit_rules,
        *ruleset.budget_rules,
        *ruleset.plan_rules,
        *ruleset.period_rules,
        *(rule for instalment in ruleset.instalments for rule in instalment.conditions),
    ]
    while stack:
        rule = stack.pop()
        yield rule
        stack.extend(rule.children)
        if rule.when is not None:
            stack.append(rule.when)


def fact_choices(ruleset: RuleSet, name: str) -> list[tuple[str, Any]] | None:
    """The codes a fact may take, with their labels (Text), when the edition lists them: the catalogue of the
    same name, a catalogue a rule judges the fact against, or the values a rule names; None when free."""
    if name in ruleset.catalogues:
        return [(item.code, item.label) for item in ruleset.catalogues[name]]
    named: dict[str, Any] = {}
    for rule in all_rules(ruleset):
        params = rule.params
        if params.get("fact") != name:
            continue
        catalogue = params.get("catalogue")
        if catalogue and catalogue in ruleset.catalogues:
            return [(item.code, item.label) for item in ruleset.catalogues[catalogue]]
        labels = params.get("value_labels") or {}
        for value in params.get("values") or []:
            if isinstance(value, str):
                named.setdefault(value, labels.get(value) or value)
    return list(named.items()) or None
