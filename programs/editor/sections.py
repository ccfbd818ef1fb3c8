"""The sections of the edition editor: which rule lists, item lists and settings each one shows, and the rows
of a rule list as the section page lists them (each rule in plain language, its sub-rules and condition
indented under it, with the address its edit page takes)."""

from __future__ import annotations

from dataclasses import dataclass

from programs.rules import KINDS, RuleSet, describe_rule
from programs.rules.core import Context, Rule
from programs.rules.layout import INSTALMENT, rule_list_keys
from programs.rules.params import Param
from programs.rules.schema_text import KIND_TITLES, LEVEL_TITLES
from programs.rules.text import pick

TAX_BASES = ("taxed", "untaxed")  # the expenses' tax basis (programs/rules/ruleset.py checks it too)


@dataclass(frozen=True)
class Setting:
    key: str
    where: tuple[str, ...]
    param: Param
    path: str


@dataclass(frozen=True)
class Section:
    key: str
    rule_lists: tuple[str, ...] = ()  # "instalment-*": one per instalment
    item_lists: tuple[str, ...] = ()  # "catalogue:*": one per catalogue
    settings: tuple[Setting, ...] = ()


SECTIONS: dict[str, Section] = {s.key: s for s in (
    Section("company", ("company",)),
    Section("unit", ("unit",)),
    Section("budget", ("budget",), ("lines",), (Setting("tax_inclusive", ("budget", "tax_inclusive"),
                                                        Param("tax_inclusive", "bool"), "budget.tax_inclusive"),)),
    Section("plan", ("plan",)),
    Section("period", ("period",)),
    Section("rubric", (), ("criteria", "bonus"), (
        Setting("scale_min", ("rubric", "scale", "min"), Param("scale_min", "number"), "rubric.scale.min"),
        Setting("scale_max", ("rubric", "scale", "max"), Param("scale_max", "number"), "rubric.scale.max"),
        Setting("bonus_max", ("rubric", "bonus_max"), Param("bonus_max", "number"), "rubric.bonus_max"),
    )),
    Section("instalments", ("instalment-*",), ("instalments",)),
    Section("documents", (), ("documents",)),
    Section("deadlines", (), ("deadlines",)),
    Section("kpis", (), ("kpis",)),
    Section("catalogues", (), ("catalogue:*",)),
    Section("facts", (), ("facts", "labels")),
    Section("to_configure", (), ("to_configure",)),
    Section("expense", ("expense",), (), (Setting("tax_basis", ("expenses", "tax_basis"),
                                                  Param("tax_basis", "str", choices=TAX_BASES),
                                                  "expenses.tax_basis"),)),
)}  # fmt: skip


def section_rule_lists(section: Section, data: dict) -> list[str]:
    keys = []
    for key in section.rule_lists:
        keys += [k for k in rule_list_keys(data) if INSTALMENT.match(k)] if key == "instalment-*" else [key]
    return keys


def section_item_lists(section: Section, data: dict) -> list[str]:
    keys = []
    for key in section.item_lists:
        if key == "catalogue:*":
            catalogues = data.get("catalogues") if isinstance(data.get("catalogues"), dict) else {}
            keys += [f"catalogue:{name}" for name in catalogues]
        else:
            keys.append(key)
    return keys


def compiled_list(ruleset: RuleSet, key: str) -> list[Rule]:
    match = INSTALMENT.match(key)
    if match:
        number = int(match.group(1))
        return next((list(i.conditions) for i in ruleset.instalments if i.no == number), [])
    return getattr(ruleset, f"{key}_rules")


@dataclass
class RuleRow:
    address: str
    depth: int
    rule: Rule
    title: str
    text: str
    kind: str
    level: str
    role: str  # rule, child, condition
    composite: bool


def rule_rows(ruleset: RuleSet, key: str, lang: str) -> list[RuleRow]:
    """Every rule of the list with its sub-rules and condition, in order, with their addresses."""
    ctx = Context({}, ruleset.labels, lang)
    rows: list[RuleRow] = []

    def add(rule: Rule, address: str, depth: int, role: str) -> None:
        rows.append(
            RuleRow(
                address,
                depth,
                rule,
                rule.title(lang) if rule.label else "",
                describe_rule(rule, ctx),
                pick(KIND_TITLES.get(rule.kind), lang, rule.kind),
                pick(LEVEL_TITLES[rule.level], lang),
                role,
                KINDS[rule.kind].composite,
            )
        )
        if rule.when is not None:
            add(rule.when, f"{address}.w", depth + 1, "condition")
        for number, child in enumerate(rule.children):
            add(child, f"{address}.c{number}", depth + 1, "child")

    for index, rule in enumerate(compiled_list(ruleset, key)):
        add(rule, str(index), 0, "rule")
    return rows


def list_title(key: str, lang: str) -> str:
    match = INSTALMENT.match(key)
    if match:
        return f"第 {match.group(1)} 期撥款條件" if lang == "zh-hant" else f"Conditions of instalment {match.group(1)}"
    return ""


__all__ = [
    "SECTIONS",
    "RuleRow",
    "Section",
    "Setting",
    "compiled_list",
    "rule_rows",
    "section_item_lists",
    "section_rule_lists",
]
