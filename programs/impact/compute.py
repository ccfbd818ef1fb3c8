"""What a draft would change, worked out with the rule engine alone (no database): each golden case and each
stored evaluation judged by the version it replaces and by the draft, and the outcomes that move — a rule
that passed and now fails (or the reverse), a verdict that turns (eligible → ineligible, a valid budget →
invalid) — with the rule's message and numbers, in the language of the run."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from programs.golden import golden_cases
from programs.golden.runner import case_problems, case_purpose, case_run
from programs.rules import InputError, Outcome, RuleSet
from programs.rules.proposal import SECTIONS, all_rules, proposal_check
from programs.rules.text import normalise_lang
from programs.rules.vocabulary import COMPANY_FACTS, PERIOD_FACTS, UNIT_FACTS, engine_value

WORSE, BETTER, CHANGED, UNJUDGED = "worse", "better", "changed", "unjudged"


def rule_titles(ruleset: RuleSet | None, lang: str) -> dict[str, str]:
    """Every rule's name (its label, or its id when it has none), sub-rules and conditions included."""
    return {} if ruleset is None else {rule.id: rule.title(lang) for rule in all_rules(ruleset)}


def _shown(outcome: Outcome | None) -> dict | None:
    if outcome is None:
        return None
    return {"passed": outcome.passed, "level": outcome.level, "message": outcome.message, "values": outcome.values}


def outcome_changes(before: list[Outcome], after: list[Outcome], titles: Mapping[str, str]) -> list[dict]:
    """The rules whose verdict moves: passed ↔ failed, a failure that now blocks or only warns, a rule that
    appears failing or disappears while it failed. A message that only restates new numbers is no change."""
    old, new = {o.rule: o for o in before}, {o.rule: o for o in after}
    changes = []
    for rule in list(dict.fromkeys([*old, *new])):
        was, now = old.get(rule), new.get(rule)
        if was is not None and now is not None and (was.passed, was.blocking) == (now.passed, now.blocking):
            continue
        if was is None and now.passed or now is None and was.passed:
            continue  # a rule added that holds, or removed while it held: nobody's verdict moves with it
        changes.append({"rule": rule, "title": titles.get(rule, rule), "before": _shown(was), "after": _shown(now)})
    return changes


# --- golden cases -------------------------------------------------------------------------------------------


def golden_rows(old: RuleSet | None, new: RuleSet, code: str, lang: str) -> list[dict]:
    """Each golden case of ``code``: does it still hold with the draft, and what moved."""
    titles = {**rule_titles(old, lang), **rule_titles(new, lang)}
    rows = []
    for number, (_code, case, base) in enumerate(golden_cases(code), start=1):
        purpose = case_purpose(case)
        if purpose == "factor":
            continue  # the carbon library's factor years: not the rules' to change
        after = case_run(new, case, base)
        before = case_run(old, case, base) if old is not None else None
        shown_after = after if lang == case.get("lang", "zh-hant") else case_run(new, case, base, lang=lang)
        shown_before = before
        if before is not None and lang != case.get("lang", "zh-hant"):
            shown_before = case_run(old, case, base, lang=lang)
        holds_after = not case_problems(case, after)
        holds_before = None if before is None else not case_problems(case, before)
        changes = outcome_changes(shown_before.outcomes if shown_before else [], shown_after.outcomes, titles)
        shown = {o.rule: o for o in shown_after.outcomes}
        unmet = [
            {"rule": rule, "title": titles.get(rule, rule), "message": shown[rule].message}
            for rule in unmet_rules(case, after)
            if rule in shown
        ]
        data = _data_changes(shown_before.data if shown_before else {}, shown_after.data)
        verdicts = [before.verdict if before else None, after.verdict]
        errors = [_error(before, lang), _error(after, lang)]
        rows.append(
            {
                "number": number,
                "name": case.get("name", ""),
                "source": case.get("source", ""),
                "purpose": purpose,
                "holds": [holds_before, holds_after],
                "verdicts": verdicts,
                "errors": errors,
                "changes": changes,
                "data": data,
                "unmet": unmet,
                "changed": bool(
                    changes
                    or data
                    or holds_before is False
                    or not holds_after
                    or errors[0] != errors[1]
                    or verdicts[0] != verdicts[1]
                    and before is not None
                ),
            }
        )
    return rows


def unmet_rules(case: dict, run) -> list[str]:
    """The rules whose outcome is not what the case expects of them (passed, level, message, values)."""
    expect, by_id = case.get("expect") or {}, {o.rule: o for o in run.outcomes}
    unmet = []
    for rule, outcome in by_id.items():
        checks = [
            rule not in (expect.get("outcomes") or {}) or outcome.passed is expect["outcomes"][rule],
            rule not in (expect.get("levels") or {}) or outcome.level == expect["levels"][rule],
            rule not in (expect.get("message_contains") or {})
            or str(expect["message_contains"][rule]) in outcome.message,
            all(outcome.values.get(k) == v for k, v in ((expect.get("values") or {}).get(rule) or {}).items()),
        ]
        if not all(checks):
            unmet.append(rule)
    return unmet


def _error(run, lang: str) -> str:
    if run is None or run.error is None:
        return ""
    zh = normalise_lang(lang) == "zh-hant"
    return "; ".join(f"{field}: {zh_text if zh else en}" for field, msgs in run.error.items() for en, zh_text in msgs)


def _data_changes(before: dict, after: dict) -> list[dict]:
    """Figures beside the outcomes that move: totals, derived amounts, a score, instalment amounts, what a
    listing states (a deadline's due day, a rule's text)."""
    flat_before, flat_after = _flatten(before), _flatten(after)
    return [
        {"name": key, "before": flat_before.get(key), "after": flat_after.get(key)}
        for key in dict.fromkeys([*flat_before, *flat_after])
        if flat_before.get(key) != flat_after.get(key)
    ]


def _flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(data, dict):
        flat: dict[str, Any] = {}
        for key, value in data.items():
            if key == "outcomes":
                continue
            flat.update(_flatten(value, f"{prefix}{key}."))
        return flat
    if isinstance(data, list) and data and isinstance(data[0], dict):
        flat = {}
        for index, value in enumerate(data, start=1):
            flat.update(_flatten(value, f"{prefix}{value.get('no', index)}."))
        return flat
    value = ", ".join(map(str, data)) if isinstance(data, list) else data
    return {prefix.rstrip("."): value if isinstance(value, (int, bool)) or value is None else str(value)}


# --- stored evaluations ------------------------------------------------------------------------------------


def fact_types(*rulesets: RuleSet | None) -> dict[str, str]:
    types: dict[str, str] = {**PERIOD_FACTS}
    for ruleset in rulesets:
        if ruleset is not None:
            types.update({name: spec["type"] for name, spec in ruleset.facts.items()})
    return types


def engine_facts(raw: Mapping[str, Any] | None, types: Mapping[str, str]) -> dict[str, Any]:
    return {name: engine_value(types.get(name, ""), value) for name, value in (raw or {}).items()}


def submission_inputs(inputs: Mapping[str, Any], types: Mapping[str, str]) -> dict[str, Any]:
    """A stored submission's inputs (JSON) as proposal_check takes them."""
    unit = inputs.get("unit") or None
    return {
        "company": engine_facts(inputs.get("company"), COMPANY_FACTS),
        "unit": engine_facts(unit, {**UNIT_FACTS, **types}) if unit else None,
        "facts": engine_facts(inputs.get("facts"), types),
        "lines": list((inputs.get("budget") or {}).get("lines") or []),
    }


def evaluation_impact(
    old: RuleSet,
    new: RuleSet,
    inputs: Mapping[str, Any],
    *,
    lang: str,
    types: Mapping[str, str],
    titles: Mapping[str, str],
) -> dict | None:
    """How the draft would judge one stored submission against the version it replaces: None when no rule's
    verdict moves, else the direction, each section's verdict before and after, and the rules that move."""
    given = submission_inputs(inputs, types)
    try:
        before = proposal_check(old, **given, lang=lang)
    except InputError as exc:  # not judgeable by its own version any more: nothing to compare with
        return {"direction": UNJUDGED, "sections": {}, "changes": [], "error": exc.messages(lang)}
    try:
        after = proposal_check(new, **given, lang=lang)
    except InputError as exc:  # a budget line the draft no longer has
        return {"direction": UNJUDGED, "sections": {}, "changes": [], "error": exc.messages(lang)}
    changes = outcome_changes(before.outcomes, after.outcomes, titles)
    if not changes:
        return None
    sections = {name: [_holds(before.sections.get(name)), _holds(after.sections.get(name))] for name in SECTIONS}
    if before.ok and not after.ok:
        direction = WORSE
    elif after.ok and not before.ok:
        direction = BETTER
    else:
        direction = CHANGED
    return {"direction": direction, "sections": sections, "changes": changes}


def _holds(outcomes: list[Outcome] | None) -> bool:
    return not any(o.blocking for o in outcomes or [])


__all__ = [
    "BETTER", "CHANGED", "UNJUDGED", "WORSE", "engine_facts", "evaluation_impact", "fact_types", "golden_rows",
    "outcome_changes", "rule_titles", "submission_inputs",
]  # fmt: skip
