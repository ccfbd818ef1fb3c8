"""The rule engine: typed rule kinds whose parameters are edition data, evaluated into outcomes that
explain themselves with their numbers. Pure Python — no Django imports — so it runs anywhere, fast."""

from . import kinds_dates, kinds_derived, kinds_expenses, kinds_facts, kinds_lists, kinds_logic, kinds_money  # noqa: F401
from .core import ERROR, WARNING, Context, Outcome, Rule
from .deadlines import deadline_due
from .evaluate import all_hold, describe_rule, evaluate, evaluate_rule
from .kind import KINDS
from .operations import (
    InputError,
    Result,
    budget_check,
    budget_facts,
    describe_ruleset,
    disbursement_plan,
    plan_check,
    score_sheet,
    screen,
)
from .params import Problem
from .ruleset import RuleSet, RuleSetInvalid, compile_ruleset, validate_ruleset
from .text import EN, ZH, normalise_lang

__all__ = [
    "EN", "ERROR", "KINDS", "WARNING", "ZH", "Context", "InputError", "Outcome", "Problem", "Result", "Rule",
    "RuleSet", "RuleSetInvalid", "all_hold", "budget_check", "budget_facts", "compile_ruleset", "deadline_due",
    "describe_rule",
    "describe_ruleset", "disbursement_plan", "evaluate", "evaluate_rule", "normalise_lang", "plan_check",
    "score_sheet", "screen", "validate_ruleset",
]  # fmt: skip
