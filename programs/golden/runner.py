"""Run a golden case against a compiled rule set: first what the rules decide (``case_run``), then whether
that is what the case expects (``case_problems``).

A case holds one of ``screening`` / ``unit`` / ``budget`` / ``plan`` / ``period`` / ``score`` /
``disbursement`` / ``deadline`` / ``documents`` / ``describe`` (and ``factor``, answered by a listing the
caller passes: the carbon library is not this floor's) and an ``expect`` block; see README.md.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from portal.calendar import deadline_due as working_day_due
from programs import rules as R
from programs.rules.core import Context, Outcome
from programs.rules.evaluate import all_hold, evaluate

PURPOSES = (
    "screening",
    "unit",
    "budget",
    "plan",
    "period",
    "score",
    "disbursement",
    "deadline",
    "documents",
    "describe",
    "factor",
)
LISTINGS = ("deadline", "documents", "describe", "factor")
# a listing the caller adds: (rule set, the case's purpose block, language) → what the edition states
Listing = Callable[[R.RuleSet, dict, str], dict]


@dataclass
class CaseRun:
    """What the rules decided for one case."""

    purpose: str
    verdict: bool | None = None  # eligible / valid, for the purposes that have one
    outcomes: list[Outcome] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)  # totals, derived, score, instalments, or a listing's
    error: dict[str, list[tuple[str, str]]] | None = None  # the input error the rules raised


def case_purpose(case: dict) -> str:
    purposes = [p for p in PURPOSES if p in case]
    if len(purposes) != 1:
        raise ValueError(f"case {case.get('name')!r} needs exactly one of {PURPOSES}")
    return purposes[0]


def _decimal(value):
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, str)):
        return Decimal(str(value))
    raise ValueError(f"write numbers in golden files as ints or strings, not {value!r}")


def _facts(raw: Mapping) -> dict:
    facts = {}
    for key, value in raw.items():
        if isinstance(value, float):
            raise ValueError(f"{key}: write decimals as strings in golden files")
        if isinstance(value, str) and value.replace(".", "", 1).isdigit() and "." in value:
            value = Decimal(value)
        facts[key] = value
    return facts


def case_run(
    ruleset: R.RuleSet,
    case: dict,
    base: dict,
    *,
    lang: str | None = None,
    listings: Mapping[str, Listing] | None = None,
) -> CaseRun:
    """The rules on the case (in the case's language unless ``lang`` says otherwise)."""
    purpose = case_purpose(case)
    lang = lang or case.get("lang", "zh-hant")
    run = CaseRun(purpose)
    try:
        _run(ruleset, case, base, purpose, lang, run, listings or {})
    except R.InputError as exc:
        run.error = exc.errors
    return run


def _run(ruleset, case, base, purpose, lang, run: CaseRun, listings) -> None:
    if purpose in ("screening", "unit"):
        key = "company" if purpose == "screening" else "unit"
        facts = {**(base.get(key) or {}), **(case[purpose].get(key, case[purpose]) or {})}
        result = R.screen(ruleset, _facts(facts), lang=lang, part=key)
        run.verdict, run.outcomes = result.ok, result.outcomes
    elif purpose == "budget":
        context = {**(base.get("budget_context") or {}), **(case["budget"].get("context") or {})}
        result = R.budget_check(ruleset, case["budget"]["lines"], lang=lang, context=_facts(context))
        run.verdict, run.outcomes = result.ok, result.outcomes
        run.data = {"totals": result.data["totals"], "derived": result.data["derived"]}
    elif purpose in ("plan", "period"):
        facts = {**(base.get(purpose) or {}), **case[purpose]}
        lines = facts.pop("budget_lines", None)  # a plan rule may read the budget (self_total, lines)
        for key, value in list(facts.items()):
            if isinstance(value, str) and len(value) == 10 and value[4] == "-":
                facts[key] = datetime.date.fromisoformat(value)
        if purpose == "plan":
            run.outcomes = R.plan_check(ruleset, _facts(facts), lang=lang, lines=lines).outcomes
        else:
            run.outcomes = evaluate(ruleset.period_rules, Context(_facts(facts), ruleset.labels, lang))
        run.verdict = all_hold(run.outcomes)
    elif purpose == "score":
        scores = {k: _decimal(v) for k, v in (case["score"].get("scores") or {}).items()}
        bonus = {k: _decimal(v) for k, v in (case["score"].get("bonus") or {}).items()}
        result = R.score_sheet(ruleset, scores, bonus, lang=lang)
        run.outcomes, run.data = result.outcomes, result.data
    elif purpose == "disbursement":
        result = R.disbursement_plan(ruleset, _facts(case["disbursement"]), lang=lang)
        run.data = {"instalments": result.data["instalments"]}
        run.outcomes = [o for row in result.data["instalments"] for o in row["outcomes"]]
    elif purpose in listings:
        run.data = listings[purpose](ruleset, case[purpose], lang)
    elif purpose in LISTINGS:
        run.data = listing(ruleset, purpose, case[purpose], lang)


def listing(ruleset: R.RuleSet, purpose: str, given: dict, lang: str) -> dict:
    """What an edition states beside its rules: a deadline's due day from its anchor day, the documents of
    a stage, a rule's title and plain-language text."""
    if purpose == "deadline":
        item = next((d for d in ruleset.deadlines if d.code == given["code"]), None)
        if item is None:
            return {"missing": f"no deadline {given['code']}"}
        due = R.deadline_due(
            item,
            datetime.date.fromisoformat(given["anchor_day"]),
            working_days=lambda start, n: working_day_due(start=start, working_days=n),
        )
        return {"due": due.isoformat(), "anchor": item.extra["anchor"], "label": item.label[lang]}
    if purpose == "documents":
        return {"codes": [d.code for d in ruleset.documents if d.extra["stage"] == given.get("stage", "application")]}
    if purpose == "describe":
        sections = R.describe_ruleset(ruleset, lang=lang)
        row = next((r for r in sections.get(given["section"], []) if r["rule"] == given["rule"]), None)
        if row is None:
            return {"missing": f"no rule {given['rule']} in {given['section']}"}
        return {"title": row["title"], "text": row["text"]}
    raise ValueError(f"no listing for {purpose}: pass it in listings")


# --- what the case expects ----------------------------------------------------------------------------


def run_case(ruleset: R.RuleSet, case: dict, base: dict, *, listings: Mapping[str, Listing] | None = None) -> list[str]:
    """Every way the rules' decision differs from what the case expects (empty: the case holds)."""
    return case_problems(case, case_run(ruleset, case, base, listings=listings))


def case_problems(case: dict, run: CaseRun) -> list[str]:
    expect = case.get("expect") or {}
    if run.error is not None:
        if "error" not in expect:
            messages = {f: [en for en, _zh in msgs] for f, msgs in run.error.items()}
            return [f"unexpected input error {messages}"]
        missing = [f for f in expect["error"] if f not in run.error]
        return [f"input error on {sorted(run.error)}, expected {expect['error']}"] if missing else []
    problems: list[str] = []
    purpose = run.purpose
    verdict_key = "eligible" if purpose in ("screening", "unit") else "valid"
    if run.verdict is not None and verdict_key in expect and run.verdict is not expect[verdict_key]:
        problems.append(
            f"{verdict_key}={run.verdict}, expected {expect[verdict_key]}: "
            + "; ".join(o.message for o in run.outcomes if o.blocking)
        )
    if purpose == "budget":
        for block in ("totals", "derived"):
            for key, value in (expect.get(block) or {}).items():
                if run.data[block].get(key) != value:
                    problems.append(f"{block}.{key}: {run.data[block].get(key)!r}, expected {value!r}")
    elif purpose == "score":
        for key in ("total", "bonus"):
            if key in expect and run.data[key] != expect[key]:
                problems.append(f"{key}: {run.data[key]!r}, expected {expect[key]!r}")
        rows = {row["code"]: row["weighted"] for row in run.data["criteria"]}
        for code, value in (expect.get("weighted") or {}).items():
            if rows.get(code) != value:
                problems.append(f"weighted.{code}: {rows.get(code)!r}, expected {value!r}")
    if purpose == "disbursement":
        problems.extend(_instalment_problems(run.data["instalments"], expect))
    elif purpose in LISTINGS:
        problems.extend(_listing_problems(run.data, expect))
    else:
        _check_outcomes(run.outcomes, expect, problems)
    if "error" in expect:
        problems.append(f"expected an input error on {expect['error']}, got a result")
    return problems


def _instalment_problems(got: list[dict], expect: dict) -> list[str]:
    problems: list[str] = []
    for want in expect.get("instalments") or []:
        number = want["number"]
        row = next((r for r in got if r["no"] == number), None)
        if row is None:
            problems.append(f"no instalment {number}")
            continue
        for key in ("amount", "due", "share"):
            if key in want and row[key] != want[key]:
                problems.append(f"instalment {number}.{key}: {row[key]!r}, expected {want[key]!r}")
        if "outcomes" in want:
            _check_outcomes(row["outcomes"], {"outcomes": want["outcomes"]}, problems)
    return problems


def _listing_problems(got: dict, expect: dict) -> list[str]:
    if "missing" in got:
        return [got["missing"]]
    problems = []
    for key, want in expect.items():
        if key.endswith("_contains"):
            name = key.removesuffix("_contains")
            if want not in str(got.get(name)):
                problems.append(f"{name}: {got.get(name)!r} lacks {want!r}")
        elif key == "includes":
            missing = [c for c in want if c not in got["codes"]]
            if missing:
                problems.append(f"codes {got['codes']} lack {missing}")
        elif got.get(key) != want:
            problems.append(f"{key}: {got.get(key)!r}, expected {want!r}")
    return problems


def _check_outcomes(outcomes, expect: dict, problems: list[str]) -> None:
    by_id = {o.rule: o for o in outcomes}
    for block in ("levels", "message_contains", "values"):
        for rule_id, value in (expect.get(block) or {}).items():
            if rule_id not in by_id:
                problems.append(f"{block}: no outcome for rule {rule_id!r} (a YAML typo or an unquoted comma?)")
            elif block == "message_contains" and not isinstance(value, str):
                problems.append(f"message_contains.{rule_id} must be a quoted string, got {value!r}")
    for rule_id, passed in (expect.get("outcomes") or {}).items():
        if rule_id not in by_id:
            problems.append(f"no outcome for rule {rule_id}; got {sorted(by_id)}")
        elif by_id[rule_id].passed is not passed:
            problems.append(f"{rule_id}: passed={by_id[rule_id].passed}, expected {passed} — {by_id[rule_id].message}")
    for rule_id, level in (expect.get("levels") or {}).items():
        if rule_id in by_id and by_id[rule_id].level != level:
            problems.append(f"{rule_id}: level {by_id[rule_id].level}, expected {level}")
    for rule_id, text in (expect.get("message_contains") or {}).items():
        if rule_id in by_id and text not in by_id[rule_id].message:
            problems.append(f"{rule_id}: message {by_id[rule_id].message!r} lacks {text!r}")
    for rule_id, values in (expect.get("values") or {}).items():
        for key, value in values.items():
            got = by_id.get(rule_id).values.get(key) if rule_id in by_id else None
            if got != value:
                problems.append(f"{rule_id}.values.{key}: {got!r}, expected {value!r}")


__all__ = ["PURPOSES", "CaseRun", "case_problems", "case_purpose", "case_run", "listing", "run_case"]
