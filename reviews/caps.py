"""The edition's caps on an approved amount. The officer may reduce the government funds (seed 004: 依審查委員
通過之評分酌減補助經費); the self-funding stays as proposed (seed 003: 自籌款不可調降). The budget rules that
read only the totals (gov_total, self_total, total) are evaluated again with gov_total = the approved amount;
rules about single budget lines judged the proposal already and are not re-run on a total they cannot see."""

from __future__ import annotations

from django.utils.translation import gettext as _

from applications.facts import company_facts, proposal_facts
from applications.models import Case
from programs.rules import ERROR, KINDS, Context, Outcome, Rule, RuleSet, describe_rule, evaluate
from programs.rules.money import money_text
from programs.rulesets import ruleset_for

TOTALS = frozenset({"gov_total", "self_total", "total"})


def _reads(rule: Rule) -> set[str]:
    """The quantities a rule judges (its condition aside); a rule about budget lines reads "line"."""
    kind = KINDS[rule.kind]
    names = {rule.params.get(param) for param in kind.fact_params} - {None}
    names = {str(name) for name in names}
    if kind.line_params or any(name.startswith("line.") for name in names):
        names.add("line")
    for child in rule.children:
        names |= _reads(child)
    return names


def cap_rules(ruleset: RuleSet) -> list[Rule]:
    """The budget rules that judge only the totals: the caps and shares an approved amount must respect."""
    return [rule for rule in ruleset.budget_rules if (reads := _reads(rule)) and reads <= TOTALS]


def cap_texts(case: Case, *, lang: str) -> list[str]:
    """The caps in plain language, as the decision page lists them."""
    ruleset = ruleset_for(case.edition)
    ctx = Context({}, ruleset.labels, lang)
    return [describe_rule(rule, ctx) for rule in cap_rules(ruleset)]


def approved_facts(case: Case, approved_gov: int) -> dict:
    return {"gov_total": approved_gov, "self_total": case.requested_self, "total": approved_gov + case.requested_self}


def request_outcome(case: Case, approved_gov: int, *, lang: str) -> Outcome:
    """The approved amount against the request (cases-api.md: ``approved_gov`` ≤ requested gov)."""
    values = {"approved_gov": approved_gov, "requested_gov": case.requested_gov}
    approved, requested = money_text(approved_gov, lang), money_text(case.requested_gov, lang)
    if approved_gov <= case.requested_gov:
        message = _("The approved amount %(approved)s is within the %(requested)s requested.")
        return Outcome(
            "approved_within_request", True, ERROR, message % {"approved": approved, "requested": requested}, values
        )
    message = _("The approved amount %(approved)s exceeds the %(requested)s requested.")
    return Outcome(
        "approved_within_request", False, ERROR, message % {"approved": approved, "requested": requested}, values
    )


def cap_outcomes(case: Case, approved_gov: int, *, lang: str) -> list[Outcome]:
    """The request check and every cap of the edition on the approved amount, each with its numbers."""
    ruleset = ruleset_for(case.edition)
    # conditions ("when the company has fewer than 50 employees…") read the company and the proposal
    facts = {**company_facts(case.company), **proposal_facts(case, ruleset), **approved_facts(case, approved_gov)}
    outcomes = evaluate(cap_rules(ruleset), Context(facts, ruleset.labels, lang))
    return [request_outcome(case, approved_gov, lang=lang), *outcomes]
