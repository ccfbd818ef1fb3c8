"""The base of every rule kind and the registry. A kind is code; its parameters are edition data."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, ClassVar

from .core import Context, Rule
from .money import money_text, number_text
from .params import Param
from .text import EN, UNITS, ZH, pick

KINDS: dict[str, Kind] = {}


def register(cls: type[Kind]) -> type[Kind]:
    KINDS[cls.name] = cls()
    return cls


class Kind:
    name: ClassVar[str]
    params: ClassVar[tuple[Param, ...]] = ()
    # parameter names holding references to facts / quantities / budget lines (checked against the vocabulary)
    fact_params: ClassVar[tuple[str, ...]] = ()
    line_params: ClassVar[tuple[str, ...]] = ()
    composite: ClassVar[bool] = False

    def check(self, rule: Rule, ctx: Context) -> tuple[bool, dict[str, Any], str, dict | None]:
        raise NotImplementedError

    def describe(self, rule: Rule, ctx: Context) -> str:
        """The rule in plain language, as the catalogue shows it."""
        raise NotImplementedError

    def finish(self, params: dict[str, Any]) -> None:
        """Cross-parameter checks after conversion (raise params.Invalid)."""


# --- formatting shared by the kinds -----------------------------------------------------------


def amount(value: int | Decimal, unit: str, ctx: Context) -> str:
    if unit == "money":
        return money_text(value, ctx.lang)
    text = number_text(value)
    suffix = pick(UNITS.get(unit, UNITS[""]), ctx.lang)
    if not suffix:
        return text
    if suffix == "%":
        return f"{text}%"
    if ctx.lang == EN and value == 1:
        suffix = SINGULAR.get(suffix, suffix)
    return f"{text} {suffix}"


SINGULAR = {
    "people": "person",
    "hours": "hour",
    "times": "time",
    "items": "item",
    "months": "month",
    "cases": "case",
    "copies": "copy",
    "students": "student",
    "schools": "school",
    "topics": "topic",
    "person-months": "person-month",
    "visits a month": "visit a month",
}


def json_value(value: Any) -> Any:
    """Values of an outcome: numbers stay numbers (Decimal as a string), everything else a string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        return f"{value:.2f}" if value == value.quantize(Decimal("0.01")) else str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    return str(value)


__all__ = ["EN", "KINDS", "ZH", "Kind", "amount", "json_value", "register"]
