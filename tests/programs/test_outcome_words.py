"""Outcome messages are words: whatever facts are missing or given, no message names a rule by its id (ids
are the API's `rule` field, never part of the text people read)."""

import re

import pytest

from programs.rules import budget_check, compile_ruleset, plan_check, screen
from programs.seed import seed_editions


def rule_ids(rules) -> set[str]:
    found = set()
    for rule in rules:
        found.add(rule.id)
        found |= rule_ids(rule.children)
        if rule.when is not None:
            found |= rule_ids([rule.when])
    return found


FACTS = [{}, {"employees": 48, "small_firm_declaration": True, "registration": "company"}]


@pytest.mark.parametrize("spec", seed_editions(), ids=lambda spec: spec["code"])
@pytest.mark.parametrize("lang", ["zh-hant", "en"])
def test_no_message_names_a_rule_by_its_id(spec, lang):
    ruleset = compile_ruleset(spec["rules"])
    ids = rule_ids(
        [*ruleset.company_rules, *ruleset.unit_rules, *ruleset.plan_rules, *ruleset.budget_rules, *ruleset.period_rules]
    )
    snake = {i for i in ids if "_" in i}  # ids such as "gov_cap"; a one-word id may be a word of the text
    outcomes = []
    for facts in FACTS:
        outcomes += screen(ruleset, facts, lang=lang).outcomes + screen(ruleset, facts, lang=lang, part="unit").outcomes
        outcomes += plan_check(ruleset, facts, lang=lang).outcomes
    if ruleset.budget_lines:
        line = ruleset.budget_lines[0].code
        outcomes += budget_check(ruleset, [{"code": line, "gov": 100, "self": 100}], lang=lang).outcomes
    for outcome in outcomes:
        words = set(re.findall(r"[a-z][a-z0-9_]*", outcome.message))
        assert not words & snake, f"{spec['code']}: {outcome.rule}: {outcome.message}"
