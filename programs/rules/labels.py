"""Labels that cannot drift from their numbers.

A label may not state a number its parameters can change: an administrator who raises ``gov_cap`` to
600,000 must not leave "每案政府補助款最高 50 萬元" beside it. So a label names the number by its parameter —
``{max}``, or ``{child_id.min}`` for a sub-rule's — and the engine writes the number in (money with its
currency, a percentage with %, a date in the language's form, a count bare: the label writes the unit).
A number in a label that no parameter sets (a document's wording: "每門課程單元為 3 小時") is written ``{=3}``.

Where a rule has numeric parameters, any other number its label states — Arabic digits, or an English
number word — is refused when the rule set is compiled, so a version whose label and parameters could
disagree is never saved or published. Enumerations ("(1)", "（一）"), codes ("SD3", "A3") and standard
references ("ISO 14064-1:2018") are not numbers of this kind; Chinese numerals are not checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import partial
from typing import Any

from twlocale import roc_date_text

from .kind import KINDS
from .money import money_text, number_text
from .params import Param
from .text import EN, ZH, Text, join

PLACEHOLDER = re.compile(r"\{(=[^{}]*|[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*)\}")
NUMERIC_TYPES = ("money", "number", "percent", "int", "date")
_NOT_NUMBERS = (
    re.compile(r"ISO\s*\d+(?:-\d+)*(?::\d{4})?"),  # ISO 14064-1:2018
    re.compile(r"[（(]\s*\d+\s*[)）]"),  # (1) enumerations
    re.compile(r"(?<![A-Za-z0-9])[A-Za-z]+\d[A-Za-z0-9]*"),  # SD3, A3, L2, CO2
)
_DIGITS = re.compile(r"\d+(?:[.,/]\d+)*")
_WORDS = re.compile(
    r"(?<![A-Za-z-])(zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundred|thousand|million|half|twice)(?![A-Za-z])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Value:
    value: Any
    type: str
    unit: str = ""

    @property
    def numeric(self) -> bool:
        return self.type in NUMERIC_TYPES


def params_scope(specs: tuple[Param, ...], params: dict[str, Any], prefix: str = "") -> dict[str, Value]:
    unit = params.get("unit") or ""
    return {
        f"{prefix}{spec.name}": Value(params[spec.name], spec.type, unit)
        for spec in specs
        if params.get(spec.name) is not None and spec.type != "rules"
    }


def rule_scope(rule) -> dict[str, Value]:
    """The values a rule's label may name: its parameters, and ``<id>.<param>`` of its sub-rules and
    conditions at any depth."""
    scope = params_scope(KINDS[rule.kind].params, rule.params)
    for sub in _descendants(rule):
        for name, value in params_scope(KINDS[sub.kind].params, sub.params, f"{sub.id}.").items():
            scope.setdefault(name, value)
    return scope


def rules_scope(rules) -> dict[str, Value]:
    """``<id>.<param>`` of a list of rules (an instalment's conditions) and of their sub-rules."""
    scope: dict[str, Value] = {}
    for rule in rules:
        for sub in [rule, *_descendants(rule)]:
            for name, value in params_scope(KINDS[sub.kind].params, sub.params, f"{sub.id}.").items():
                scope.setdefault(name, value)
    return scope


def _descendants(rule):
    for sub in [*rule.children, *([rule.when] if rule.when is not None else [])]:
        yield sub
        yield from _descendants(sub)


def problems(label: Text, scope: dict[str, Value]) -> list[tuple[str, str]]:
    """(en, zh) for each placeholder naming nothing and each number stated where parameters can change it."""
    found = []
    numeric = sorted(name for name, value in scope.items() if value.numeric)
    for lang in (ZH, EN):
        text = label[lang]
        for match in PLACEHOLDER.finditer(text):
            name = match.group(1)
            if not name.startswith("=") and name not in scope:
                known = ", ".join(sorted(scope)) or "—"
                found.append(
                    (
                        f"{{{name}}} names no parameter of this rule (known: {known})",
                        f"{{{name}}} 不是本規則的參數（可用：{known}）",
                    )
                )
        if numeric:
            for token in stated_numbers(text):
                hint = "{" + numeric[0] + "}"
                found.append(
                    (
                        f"the {lang} label states {token!r}, "
                        f"a number its parameters ({', '.join(numeric)}) can change: "
                        f"write it as a placeholder such as {hint}, or {{={token}}} when no parameter sets it",
                        f"{lang} 標籤直接寫出「{token}」，而此數字可能隨參數（{'、'.join(numeric)}）變更："
                        f"請改寫為 {hint} 等參數代號，"
                        f"若非參數所定之數字請寫作 {{={token}}}",
                    )
                )
    return list(dict.fromkeys(found))


def stated_numbers(text: str) -> list[str]:
    """Numbers a label states in its own words (outside placeholders)."""
    text = PLACEHOLDER.sub(" ", text)
    for pattern in _NOT_NUMBERS:
        text = pattern.sub(" ", text)
    return [m.group(0) for m in _DIGITS.finditer(text)] + [m.group(0) for m in _WORDS.finditer(text)]


def render(label: Text, scope: dict[str, Value]) -> Text:
    """The label with each placeholder written out in its language."""
    return {lang: PLACEHOLDER.sub(partial(_shown_match, scope=scope, lang=lang), label[lang]) for lang in (ZH, EN)}


def _shown_match(match: re.Match, *, scope: dict[str, Value], lang: str) -> str:
    return _shown(match.group(1), scope, lang)


def _shown(name: str, scope: dict[str, Value], lang: str) -> str:
    if name.startswith("="):
        return name[1:]
    item = scope.get(name)
    if item is None:
        return "{" + name + "}"
    return value_shown(item, lang)


def value_shown(item: Value, lang: str) -> str:
    """A value as a label writes it: money with its currency, a share with % (or as a fraction), a date in the
    language's form, a count bare (the label writes its unit)."""
    value, kind = item.value, item.type
    if kind == "money" or (kind in ("int", "number") and item.unit == "money"):
        return money_text(value, lang)
    if kind == "percent":
        if isinstance(value, Fraction):
            ratio = value / 100
            return f"{ratio.numerator}/{ratio.denominator}"
        return f"{number_text(Decimal(value))}%"
    if kind in ("int", "number"):
        shown = number_text(value)
        return f"{shown}%" if item.unit == "percent" else shown
    if kind == "date":
        return roc_date_text(value, lang)
    if isinstance(value, (list, tuple)):
        return join(value, lang)
    return str(value)


__all__ = ["Value", "params_scope", "problems", "render", "rule_scope", "rules_scope", "stated_numbers", "value_shown"]
