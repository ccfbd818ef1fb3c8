"""The pieces of a diff between two versions: one change (with its plain-language lines in both languages)
and a value written as the portal writes it (money with its currency, a share with %, a date in the
language's form, a fact by its label)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .core import Context
from .kind import amount
from .labels import Value, value_shown
from .params import Param
from .schema_text import CHOICE_TITLES, choice_title
from .text import EN, YES_NO, ZH, Text, join, pick

LANGS = (ZH, EN)
NOT_SET: Text = {ZH: "（未設定）", EN: "(not set)"}
UNIT_OF = {"min_months": "months", "max_months": "months", "months": "months"}


@dataclass(frozen=True)
class Change:
    """One thing that changed: a rule, an item or a setting of a section, said in plain language."""

    section: str  # the section key (company, budget, documents, …)
    action: str  # added | removed | changed
    subject: Text  # the rule's name or the item's label
    lines: tuple[Text, ...] = ()
    ref: str = ""  # the rule id or item code (shown on staff pages only)
    before: Text | None = None  # the rule in plain language, before and after (the kind's own describe)
    after: Text | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "action": self.action,
            "subject": self.subject,
            "lines": list(self.lines),
            "ref": self.ref,
            "before": self.before,
            "after": self.after,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Change:
        return cls(
            data["section"],
            data["action"],
            data["subject"],
            tuple(data.get("lines") or ()),
            data.get("ref", ""),
            data.get("before"),
            data.get("after"),
        )

    def text(self, lang: str) -> list[str]:
        return [pick(line, lang) for line in self.lines]


def both(write: Callable[[str], str]) -> Text:
    """The same sentence in each language."""
    return {lang: write(lang) for lang in LANGS}


def arrow(lang: str, subject: str, before: str, after: str) -> str:
    if lang == ZH:
        return f"{subject} {before} → {after}" if subject else f"{before} → {after}"
    return f"{subject}: {before} → {after}" if subject else f"{before} → {after}"


def stated(lang: str, subject: str, value: str) -> str:
    return f"{subject}：{value}" if lang == ZH else f"{subject}: {value}"


def quoted(text: str, lang: str) -> str:
    return f"「{text}」" if lang == ZH else f"“{text}”"


def value_text(param: Param, value: Any, ctx: Context, params: dict | None = None) -> str:
    """A parameter's (or an item field's) value as a reader reads it, in the context's language."""
    lang = ctx.lang
    if value is None or value == [] or value == {}:
        return pick(NOT_SET, lang)
    kind = param.type
    if kind in ("money", "percent"):
        return value_shown(Value(value, kind), lang)
    if kind in ("int", "number"):
        unit = UNIT_OF.get(param.name) or (params or {}).get("unit") or ""
        return amount(value, unit if isinstance(unit, str) else "", ctx)
    if kind == "bool":
        return pick(YES_NO[bool(value)], lang)
    if kind == "date":
        day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))
        return value_shown(Value(day, kind), lang)
    if kind in ("fact", "quantity"):
        return ctx.label(value)
    if kind == "line":
        return ctx.label(f"line.{value}.total")
    if kind == "lines":
        return join([ctx.label(f"line.{code}.total") for code in value], lang)
    if kind in ("side", "op", "unit"):
        return choice_title(kind, value, lang)
    if kind == "text":
        return quoted(pick(value, lang), lang)
    if kind == "texts":
        return "；".join(pick(v, lang) for v in value) if lang == ZH else "; ".join(pick(v, lang) for v in value)
    if kind == "str_list":
        labels = (params or {}).get("value_labels") or {}
        return join([pick(labels.get(v), lang, "") or choice_title(param.name, v, lang) for v in value], lang)
    if kind == "bands":
        return join([_band(band, lang) for band in value], lang)
    if kind == "value_labels":
        return join(
            [
                f"{code}：{pick(text, lang)}" if lang == ZH else f"{code}: {pick(text, lang)}"
                for code, text in value.items()
            ],
            lang,
        )
    if param.name in CHOICE_TITLES:
        return choice_title(param.name, value, lang)
    return str(value)


def _band(band: dict, lang: str) -> str:
    label = pick(band["label"], lang)
    high = "" if band["max"] is None else band["max"]
    return f"{label}（{band['min']}–{high}）" if lang == ZH else f"{label} ({band['min']}–{high})"


def same(before: Any, after: Any) -> bool:
    """Equal as values (30 and "30.00" are the same share; a missing optional value and None too)."""
    if before in (None, [], {}) and after in (None, [], {}):
        return True
    try:
        return bool(before == after)
    except TypeError:
        return False


__all__ = ["LANGS", "NOT_SET", "Change", "arrow", "both", "quoted", "same", "stated", "value_text"]
