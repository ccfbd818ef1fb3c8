"""Outcomes, evaluation context and compiled rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .text import DEFAULT_LABELS, EN, SIDE_LABELS, ZH, Text, pick

ERROR = "error"
WARNING = "warning"
LEVELS = (ERROR, WARNING)


@dataclass(frozen=True, slots=True)
class Outcome:
    """The verdict of one rule: stable id, pass/fail, level, a message with the numbers, the numbers."""

    rule: str
    passed: bool
    level: str
    message: str
    values: dict[str, Any]
    derived: dict[str, Any] | None = None  # values a rule computes for others (tax, caps)

    @property
    def blocking(self) -> bool:
        return not self.passed and self.level == ERROR

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "passed": self.passed,
            "level": self.level,
            "message": self.message,
            "values": self.values,
        }


class MissingFact(Exception):
    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


class Context:
    """Facts to judge (flat names: ``employees``, ``gov_total``, ``line.personnel.gov``), the labels of
    those names, and the language of the messages."""

    __slots__ = ("facts", "labels", "lang")

    def __init__(self, facts: Mapping[str, Any], labels: Mapping[str, Text] | None = None, lang: str = ZH):
        self.facts = facts
        self.labels = labels or {}
        self.lang = lang

    @property
    def zh(self) -> bool:
        return self.lang == ZH

    def fact(self, name: str) -> Any:
        try:
            value = self.facts[name]
        except KeyError:
            raise MissingFact(name) from None
        if value is None:
            raise MissingFact(name)
        return value

    def has(self, name: str) -> bool:
        return self.facts.get(name) is not None

    def money(self, name: str) -> int:
        """A money quantity; an absent line of a budget that was given counts as 0."""
        if name.startswith("line.") and name not in self.facts and "lines" in self.facts:
            return 0
        return self.fact(name)

    def label(self, name: str) -> str:
        text = self.labels.get(name) or DEFAULT_LABELS.get(name)
        if text is not None:
            return pick(text, self.lang)
        if name.startswith("line."):
            _, code, side = name.split(".", 2)
            line = pick(self.labels.get(f"line.{code}"), self.lang, code)
            if side == "total":
                return line
            side_text = pick(SIDE_LABELS[side], self.lang)
            return f"{line}（{side_text}）" if self.zh else f"{line} ({side_text})"
        return name

    def text(self, text: Text | str | None, fallback: str = "") -> str:
        return pick(text, self.lang, fallback)

    def t(self, zh: str, en: str) -> str:
        return zh if self.lang == ZH else en


@dataclass(slots=True)
class Rule:
    """A validated, compiled rule: parameters converted to their types, children compiled."""

    id: str
    kind: str
    params: dict[str, Any]
    level: str = ERROR
    label: Text | None = None
    when: Rule | None = None
    on_missing: str = ERROR
    children: list[Rule] = field(default_factory=list)
    source: dict[str, Any] = field(default_factory=dict)  # the rule as data, for display

    def title(self, lang: str) -> str:
        """The rule's name in words; "" for a rule without a label (its id is the API's, never a name)."""
        return pick(self.label, lang, "")


__all__ = ["EN", "ERROR", "LEVELS", "WARNING", "ZH", "Context", "MissingFact", "Outcome", "Rule"]
