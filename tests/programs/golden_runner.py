"""Run golden YAML cases (tests/programs/golden/<edition>.yaml) against a compiled rule set.

A case holds one of ``screening`` / ``unit`` / ``budget`` / ``plan`` / ``period`` / ``score`` /
``disbursement`` / ``deadline`` / ``documents`` / ``describe`` / ``factor`` and an ``expect`` block; see
README.md in the golden folder.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from carbon.factor_years import electricity_factor_for_year, factor_years
from portal.calendar import deadline_due as working_day_due
from programs import rules as R
from programs.rules.core import Context
from programs.rules.evaluate import all_hold, evaluate

ROOT = Path(__file__).resolve().parents[2]
EDITIONS_DIR = ROOT / "programs" / "editions"
GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
PURPOSES = ("screening", "unit", "budget", "plan", "period", "score", "disbursement", "deadline", "documents",
            "describe", "factor")  # fmt: skip


def load_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def edition_files() -> dict[str, dict]:
    return {p.stem: load_yaml(p) for p in sorted(EDITIONS_DIR.glob("*.yaml")) if p.name != "programmes.yaml"}


def golden_cases() -> list[tuple[str, dict, dict]]:
    """(edition code, case, base) for every case of every golden file."""
    cases = []
    for path in sorted(GOLDEN_DIR.glob("*.yaml")):
        data = load_yaml(path)
        assert data["edition"] == path.stem, f"{path.name}: edition must be {path.stem}"
        for case in data["cases"]:
            cases.append((data["edition"], case, data.get("base") or {}))
    return cases


def _decimal(value):
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, str)):
        return Decimal(str(value))
    raise AssertionError(f"write numbers in golden files as ints or strings, not {value!r}")


def _facts(raw: dict) -> dict:
    facts = {}
    for key, value in raw.items():
        if isinstance(value, float):
            raise AssertionError(f"{key}: write decimals as strings in golden files")
        if isinstance(value, str) and value.replace(".", "", 1).isdigit() and "." in value:
            value = Decimal(value)
        facts[key] = value
    return facts


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


def run_case(ruleset: R.RuleSet, case: dict, base: dict) -> list[str]:
    purpose = [p for p in PURPOSES if p in case]
    assert len(purpose) == 1, f"case {case.get('name')!r} needs exactly one of {PURPOSES}"
    purpose = purpose[0]
    expect = case.get("expect") or {}
    problems: list[str] = []
    lang = case.get("lang", "zh-hant")
    try:
        if purpose in ("screening", "unit"):
            key = "company" if purpose == "screening" else "unit"
            facts = {**(base.get(key) or {}), **(case[purpose].get(key, case[purpose]) or {})}
            result = R.screen(ruleset, _facts(facts), lang=lang, part=key)
            if "eligible" in expect and result.ok is not expect["eligible"]:
                problems.append(f"eligible={result.ok}, expected {expect['eligible']}: " +
                                "; ".join(o.message for o in result.outcomes if o.blocking))  # fmt: skip
            _check_outcomes(result.outcomes, expect, problems)
        elif purpose == "budget":
            context = {**(base.get("budget_context") or {}), **(case["budget"].get("context") or {})}
            result = R.budget_check(ruleset, case["budget"]["lines"], lang=lang, context=_facts(context))
            if "valid" in expect and result.ok is not expect["valid"]:
                problems.append(f"valid={result.ok}, expected {expect['valid']}: " +
                                "; ".join(o.message for o in result.outcomes if o.blocking))  # fmt: skip
            for key, value in (expect.get("totals") or {}).items():
                if result.data["totals"].get(key) != value:
                    problems.append(f"totals.{key}: {result.data['totals'].get(key)!r}, expected {value!r}")
            for key, value in (expect.get("derived") or {}).items():
                if result.data["derived"].get(key) != value:
                    problems.append(f"derived.{key}: {result.data['derived'].get(key)!r}, expected {value!r}")
            _check_outcomes(result.outcomes, expect, problems)
        elif purpose in ("plan", "period"):
            facts = {**(base.get(purpose) or {}), **case[purpose]}
            lines = facts.pop("budget_lines", None)  # a plan rule may read the budget (self_total, lines)
            for key, value in list(facts.items()):
                if isinstance(value, str) and len(value) == 10 and value[4] == "-":
                    facts[key] = datetime.date.fromisoformat(value)
            if purpose == "plan":
                outcomes = R.plan_check(ruleset, _facts(facts), lang=lang, lines=lines).outcomes
            else:
                outcomes = evaluate(ruleset.period_rules, Context(_facts(facts), ruleset.labels, lang))
            if "valid" in expect and all_hold(outcomes) is not expect["valid"]:
                problems.append(f"valid={all_hold(outcomes)}, expected {expect['valid']}: " +
                                "; ".join(o.message for o in outcomes if o.blocking))  # fmt: skip
            _check_outcomes(outcomes, expect, problems)
        elif purpose == "score":
            scores = {k: _decimal(v) for k, v in (case["score"].get("scores") or {}).items()}
            bonus = {k: _decimal(v) for k, v in (case["score"].get("bonus") or {}).items()}
            result = R.score_sheet(ruleset, scores, bonus, lang=lang)
            for key in ("total", "bonus"):
                if key in expect and result.data[key] != expect[key]:
                    problems.append(f"{key}: {result.data[key]!r}, expected {expect[key]!r}")
            rows = {row["code"]: row["weighted"] for row in result.data["criteria"]}
            for code, value in (expect.get("weighted") or {}).items():
                if rows.get(code) != value:
                    problems.append(f"weighted.{code}: {rows.get(code)!r}, expected {value!r}")
            _check_outcomes(result.outcomes, expect, problems)
        elif purpose == "disbursement":
            facts = _facts(case["disbursement"])
            result = R.disbursement_plan(ruleset, facts, lang=lang)
            got = result.data["instalments"]
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
        elif purpose in ("deadline", "documents", "describe", "factor"):
            problems.extend(_check_listing(ruleset, purpose, case[purpose], expect, lang))
        if "error" in expect:
            problems.append(f"expected an input error on {expect['error']}, got a result")
    except R.InputError as exc:
        if "error" not in expect:
            problems.append(f"unexpected input error {exc.messages('en')}")
        else:
            missing = [f for f in expect["error"] if f not in exc.errors]
            if missing:
                problems.append(f"input error on {sorted(exc.errors)}, expected {expect['error']}")
    return problems


def _check_listing(ruleset: R.RuleSet, purpose: str, given: dict, expect: dict, lang: str) -> list[str]:
    """What an edition states beside its rules: a deadline's due day from its anchor day, the documents of
    a stage, a rule's title and plain-language text, the electricity factor it names and its years."""
    problems = []
    if purpose == "deadline":
        item = next((d for d in ruleset.deadlines if d.code == given["code"]), None)
        if item is None:
            return [f"no deadline {given['code']}"]
        due = R.deadline_due(item, datetime.date.fromisoformat(given["anchor_day"]),
                             working_days=lambda start, n: working_day_due(start=start, working_days=n))  # fmt: skip
        got = {"due": due.isoformat(), "anchor": item.extra["anchor"], "label": item.label[lang]}
    elif purpose == "documents":
        got = {"codes": [d.code for d in ruleset.documents if d.extra["stage"] == given.get("stage", "application")]}
    elif purpose == "describe":
        sections = R.describe_ruleset(ruleset, lang=lang)
        row = next((r for r in sections[given["section"]] if r["rule"] == given["rule"]), None)
        if row is None:
            return [f"no rule {given['rule']} in {given['section']}"]
        got = {"title": row["title"], "text": row["text"]}
    else:
        code = ruleset.carbon.get("electricity_factor")
        years = factor_years(given.get("code", code))
        got = {"code": code, **years}
        if "inventory_year" in given:
            got["for_inventory_year"] = electricity_factor_for_year(given["inventory_year"])
    for key, want in expect.items():
        if key.endswith("_contains"):
            field = key.removesuffix("_contains")
            if want not in str(got.get(field)):
                problems.append(f"{field}: {got.get(field)!r} lacks {want!r}")
        elif key == "includes":
            missing = [c for c in want if c not in got["codes"]]
            if missing:
                problems.append(f"codes {got['codes']} lack {missing}")
        elif got.get(key) != want:
            problems.append(f"{key}: {got.get(key)!r}, expected {want!r}")
    return problems
