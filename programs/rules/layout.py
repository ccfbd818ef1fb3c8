"""Where things sit in an edition's rule set as data, and the edits made to it there.

A rule list is named by a key — ``company``, ``unit``, ``budget``, ``plan``, ``period``, or ``instalment-N``
(the conditions of instalment N) — and a rule in it by an address: its index, then ``w`` for its condition
(``when``) or ``cN`` for its N-th sub-rule (``all_of``/``any_of``/``none_of``): ``3``, ``3.w``, ``3.c0.w``.
Each located rule also knows the path the compiler names it by (``budget.rules[0] (gov_cap)``), so a problem
the compiler finds can be shown beside the field that caused it.

Lists of coded items (documents, deadlines, budget lines, catalogue entries, the rubric, instalments) and
the mappings of facts and names are described by ``ItemList``: where they sit, what keys an entry, which
fields it has (as parameter schemas, like a kind's).
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import re
from dataclasses import dataclass
from typing import Any

from .kind import KINDS
from .params import Param
from .ruleset import DEADLINE_SPECS, DOCUMENT_SPECS, KPI_SPECS
from .vocabulary import FACT_TYPES

RULE_LISTS: dict[str, tuple[tuple[str, ...], str]] = {
    "company": (("eligibility", "company"), "eligibility.company"),
    "unit": (("eligibility", "unit"), "eligibility.unit"),
    "budget": (("budget", "rules"), "budget.rules"),
    "plan": (("plan",), "plan"),
    "period": (("period",), "period"),
    "expense": (("expenses", "rules"), "expenses.rules"),
}
INSTALMENT = re.compile(r"^instalment-([1-9][0-9]?)$")
STEP = re.compile(r"^(?:w|c(0|[1-9][0-9]*))$")


class NotFound(LookupError):
    """No rule list, rule or item at that key or address."""


# --- rule lists ---------------------------------------------------------------------------------------


def rule_list_keys(data: dict) -> list[str]:
    keys = list(RULE_LISTS)
    keys += [f"instalment-{n}" for n in range(1, len(data.get("instalments") or []) + 1)]
    return keys


def rule_list_prefix(key: str) -> str:
    if key in RULE_LISTS:
        return RULE_LISTS[key][1]
    match = INSTALMENT.match(key)
    if not match:
        raise NotFound(key)
    return f"instalments[{int(match.group(1)) - 1}].conditions"


def rule_list(data: dict, key: str, *, create: bool = False) -> list:
    """The list itself (inside ``data``); with ``create``, made when the edition has none yet."""
    match = INSTALMENT.match(key)
    if match:
        instalments = data.get("instalments") or []
        index = int(match.group(1)) - 1
        if index >= len(instalments) or not isinstance(instalments[index], dict):
            raise NotFound(key)
        holder, name = instalments[index], "conditions"
    elif key in RULE_LISTS:
        *parents, name = RULE_LISTS[key][0]
        holder = data
        for part in parents:
            if not isinstance(holder.get(part), dict):
                if not create:
                    return []
                holder[part] = {}
            holder = holder[part]
    else:
        raise NotFound(key)
    if not isinstance(holder.get(name), list):
        if not create:
            return []
        holder[name] = []
    return holder[name]


def section_of(key: str) -> str:
    return "instalments" if INSTALMENT.match(key) else key


@dataclass
class Located:
    container: list | dict  # the list holding the rule, or the rule holding it as ``when``
    slot: int | str  # its index in the list, or "when"
    rule: dict
    path: str  # as the compiler names it
    address: str

    @property
    def parent_address(self) -> str | None:
        return self.address.rpartition(".")[0] if "." in self.address else None


def _rule_path(base: str, rule: Any) -> str:
    rule_id = rule.get("id") if isinstance(rule, dict) else None
    return f"{base} ({rule_id})" if isinstance(rule_id, str) else base


def locate(data: dict, key: str, address: str) -> Located:
    steps = address.split(".")
    if not steps[0].isdigit() or not all(STEP.match(s) for s in steps[1:]):
        raise NotFound(address)
    rules = rule_list(data, key)
    index = int(steps[0])
    if index >= len(rules) or not isinstance(rules[index], dict):
        raise NotFound(address)
    here = Located(rules, index, rules[index], _rule_path(f"{rule_list_prefix(key)}[{index}]", rules[index]), steps[0])
    for step in steps[1:]:
        rule = here.rule
        if step == "w":
            child = rule.get("when")
            if not isinstance(child, dict):
                raise NotFound(address)
            here = Located(rule, "when", child, _rule_path(f"{here.path}.when", child), f"{here.address}.w")
            continue
        children = (rule.get("params") or {}).get("rules") if isinstance(rule.get("params"), dict) else None
        number = int(step[1:])
        if not isinstance(children, list) or number >= len(children) or not isinstance(children[number], dict):
            raise NotFound(address)
        here = Located(
            children,
            number,
            children[number],
            _rule_path(f"{here.path}.params.rules[{number}]", children[number]),
            f"{here.address}.{step}",
        )
    return here


def walk_rules(data: dict):
    """(key, address, rule data) of every rule of the set, sub-rules and conditions included."""
    for key in rule_list_keys(data):
        for index, rule in enumerate(rule_list(data, key)):
            yield from _walk(key, str(index), rule)


def _walk(key: str, address: str, rule: Any):
    if not isinstance(rule, dict):
        return
    yield key, address, rule
    if isinstance(rule.get("when"), dict):
        yield from _walk(key, f"{address}.w", rule["when"])
    params = rule.get("params")
    if isinstance(params, dict) and isinstance(params.get("rules"), list):
        for number, child in enumerate(params["rules"]):
            yield from _walk(key, f"{address}.c{number}", child)


# --- edits (each on a copy: the caller saves the result or throws it away) -------------------------------


def with_rule_replaced(data: dict, key: str, address: str, rule: dict) -> dict:
    new = copy.deepcopy(data)
    here = locate(new, key, address)
    here.container[here.slot] = rule
    return new


def with_rule_added(
    data: dict, key: str, rule: dict, *, parent: str | None = None, as_condition: bool = False
) -> tuple[dict, str]:
    """The set with ``rule`` appended to the list, to a composite rule's sub-rules, or as a rule's condition;
    and the new rule's address."""
    new = copy.deepcopy(data)
    if parent is None:
        rules = rule_list(new, key, create=True)
        rules.append(rule)
        return new, str(len(rules) - 1)
    holder = locate(new, key, parent).rule
    if as_condition:
        if holder.get("when") is not None:
            raise NotFound(f"{parent}.w")
        holder["when"] = rule
        return new, f"{parent}.w"
    if not KINDS.get(holder.get("kind")) or not KINDS[holder["kind"]].composite:
        raise NotFound(parent)
    params = holder.setdefault("params", {})
    children = params.setdefault("rules", [])
    children.append(rule)
    return new, f"{parent}.c{len(children) - 1}"


def with_rule_removed(data: dict, key: str, address: str) -> dict:
    new = copy.deepcopy(data)
    here = locate(new, key, address)
    if here.slot == "when":
        del here.container["when"]
    else:
        del here.container[here.slot]
    return new


def with_rule_wrapped(data: dict, key: str, address: str, kind: str, rule_id: str) -> dict:
    """The rule put inside a new ``all_of``/``any_of``/``none_of`` (its first sub-rule), where it stood."""
    if kind not in KINDS or not KINDS[kind].composite:
        raise NotFound(kind)
    new = copy.deepcopy(data)
    here = locate(new, key, address)
    here.container[here.slot] = {"id": rule_id, "kind": kind, "params": {"rules": [here.rule]}}
    return new


def with_rule_moved(data: dict, key: str, address: str, step: int) -> dict:
    """One place up (-1) or down (+1) within its list; a condition does not move."""
    new = copy.deepcopy(data)
    here = locate(new, key, address)
    if here.slot == "when":
        raise NotFound(address)
    target = here.slot + step
    if not 0 <= target < len(here.container):
        return new
    here.container[here.slot], here.container[target] = here.container[target], here.container[here.slot]
    return new


# --- coded items and mappings ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemList:
    # documents, deadlines, kpis, lines, criteria, bonus, instalments, to_configure, facts, labels, catalogue:<name>
    key: str
    section: str
    where: tuple[str, ...]  # where in the data (the last part: the list or mapping)
    path: str  # how the compiler names it
    fields: tuple[Param, ...]
    keyed_by: str = "code"  # code (with a label), name (a mapping's key), number (in order), path
    mapping: bool = False
    labelled: bool = True  # entries have a bilingual label besides their fields


_CODE_LABEL = ()
ITEM_LISTS: dict[str, ItemList] = {
    "lines": ItemList("lines", "budget", ("budget", "lines"), "budget.lines", _CODE_LABEL),
    "documents": ItemList("documents", "documents", ("documents",), "documents", DOCUMENT_SPECS),
    "deadlines": ItemList("deadlines", "deadlines", ("deadlines",), "deadlines", DEADLINE_SPECS),
    "kpis": ItemList("kpis", "kpis", ("kpis",), "kpis", KPI_SPECS),
    "criteria": ItemList(
        "criteria",
        "rubric",
        ("rubric", "criteria"),
        "rubric.criteria",
        (Param("weight", "percent"), Param("points", "texts", False)),
    ),
    "bonus": ItemList("bonus", "rubric", ("rubric", "bonus"), "rubric.bonus", (Param("max", "number", False),)),
    "instalments": ItemList(
        "instalments",
        "instalments",
        ("instalments",),
        "instalments",
        (Param("share", "percent"), Param("final", "bool", False, False), Param("settle_on_actual", "bool", False)),
        keyed_by="number",
    ),
    "to_configure": ItemList(
        "to_configure",
        "to_configure",
        ("to_configure",),
        "to_configure",
        (Param("path", "str"), Param("note", "str")),
        keyed_by="path",
        labelled=False,
    ),
    "facts": ItemList(
        "facts",
        "facts",
        ("facts",),
        "facts",
        (Param("type", "str", True, None, FACT_TYPES),),
        keyed_by="name",
        mapping=True,
    ),
    "labels": ItemList("labels", "facts", ("labels",), "labels", (), keyed_by="name", mapping=True),
}


def item_list(key: str) -> ItemList:
    if key in ITEM_LISTS:
        return ITEM_LISTS[key]
    if key.startswith("catalogue:") and re.match(r"^[a-z0-9][a-z0-9_]{0,63}$", key.partition(":")[2]):
        name = key.partition(":")[2]
        return ItemList(key, "catalogues", ("catalogues", name), f"catalogues.{name}", _CODE_LABEL)
    raise NotFound(key)


def items_of(data: dict, spec: ItemList) -> list | dict:
    holder: Any = data
    for part in spec.where:
        holder = holder.get(part) if isinstance(holder, dict) else None
    empty: list | dict = {} if spec.mapping else []
    return holder if isinstance(holder, dict if spec.mapping else list) else empty


def with_items(data: dict, spec: ItemList, items: list | dict) -> dict:
    """The set with the list (or mapping) replaced; an empty one is dropped."""
    new = copy.deepcopy(data)
    holder = new
    for part in spec.where[:-1]:
        holder = holder.setdefault(part, {})
    if items:
        holder[spec.where[-1]] = items
    else:
        holder.pop(spec.where[-1], None)
    return new


# --- a clone to another year ------------------------------------------------------------------------------


def shift_date(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def with_dates_shifted(data: dict, years: int) -> dict:
    """Every date parameter of every rule moved by ``years`` (the labels name them, so they follow)."""
    new = copy.deepcopy(data)
    for _key, _address, rule in walk_rules(new):
        kind = KINDS.get(rule.get("kind"))
        params = rule.get("params")
        if kind is None or not isinstance(params, dict):
            continue
        for spec in kind.params:
            value = params.get(spec.name)
            if spec.type != "date" or value is None:
                continue
            try:
                day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))
            except ValueError:
                continue
            params[spec.name] = shift_date(day, years).isoformat()
    return new


def with_year_moved(text: str, year: int, years: int) -> str:
    """A title's year moved: "2026" → "2027", and the ROC year "115 年" → "116 年"."""
    roc = year - 1911
    text = re.sub(rf"(?<!\d){year}(?!\d)", str(year + years), text)
    return re.sub(rf"(?<!\d){roc}(\s*年)", lambda m: f"{roc + years}{m.group(1)}", text)


__all__ = [
    "ITEM_LISTS", "ItemList", "Located", "NotFound", "item_list", "items_of", "locate", "rule_list",
    "rule_list_keys", "rule_list_prefix", "section_of", "shift_date", "walk_rules", "with_dates_shifted",
    "to_configure_entries", "with_items", "with_rule_added", "with_rule_moved", "with_rule_removed",
    "with_rule_replaced", "with_rule_wrapped", "with_year_moved",
]  # fmt: skip


def to_configure_entries(data: dict) -> list[dict]:
    """The readings the portal chose, each with a key taken from its path and note (so rewording one
    makes it a new entry): ``{"key", "path", "note"}``."""
    entries = []
    for entry in data.get("to_configure") or []:
        if not isinstance(entry, dict):
            continue
        path, note = str(entry.get("path") or ""), str(entry.get("note") or "")
        key = hashlib.sha256(f"{path}\n{note}".encode()).hexdigest()[:32]
        entries.append({"key": key, "path": path, "note": note})
    return entries
