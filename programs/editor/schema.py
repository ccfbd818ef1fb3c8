"""The edit form of a rule or an item, generated from its kind's parameter schema, and the data it makes.

Pickers offer what the rule set itself knows where the rule sits: the facts and quantities of its rule list
(the compiler's vocabulary for that list), the edition's budget lines and catalogues, and the choices a
parameter declares. The compiler remains the judge of every value (see fields.py)."""

from __future__ import annotations

from typing import Any

from programs.rules import KINDS, RuleSet
from programs.rules.compiler import TOTALS
from programs.rules.core import Context
from programs.rules.diff_text import value_text
from programs.rules.layout import ItemList
from programs.rules.params import SIDES, Param
from programs.rules.ruleset import list_vocabulary
from programs.rules.schema_text import (
    CHOICE_TITLES,
    ITEM_FIELD_TITLES,
    LEVEL_TITLES,
    MISSING_TITLES,
    PARAM_TITLES,
    RULE_FIELD_TITLES,
    title,
)
from programs.rules.text import pick

from .fields import MISSING, SchemaField

RULE_ORDER = ("id", "kind", "label", "level", "on_missing", "note", "source", "to_configure", "when", "params")
RULE_DEFAULTS = {"level": "error", "on_missing": "error"}


class Pickers:
    """The names a form may offer, read off the compiled draft (None: the draft does not compile)."""

    def __init__(self, ruleset: RuleSet | None, lang: str):
        self.ruleset, self.lang = ruleset, lang
        self.ctx = Context({}, ruleset.labels if ruleset else {}, lang)

    def _labelled(self, names) -> list[tuple[str, str]]:
        return sorted(((name, f"{self.ctx.label(name)} ({name})") for name in names), key=lambda c: c[1])

    def facts(self, list_key: str) -> list[tuple[str, str]]:
        if self.ruleset is None:
            return []
        lines = set(self.ruleset.line_codes)
        vocab = list_vocabulary(
            "instalment" if list_key.startswith("instalment") else list_key,
            facts=set(self.ruleset.facts),
            lines=lines,
            catalogues={k: [i.code for i in v] for k, v in self.ruleset.catalogues.items()},
        )
        names = set(vocab.facts)
        if vocab.budget:
            names |= set(TOTALS) | {f"line.{code}.{side}" for code in lines for side in SIDES}
        return self._labelled(names)

    def lines(self) -> list[tuple[str, str]]:
        if self.ruleset is None:
            return []
        return [(line.code, f"{pick(line.label, self.lang)} ({line.code})") for line in self.ruleset.budget_lines]

    def catalogues(self) -> list[tuple[str, str]]:
        return [(name, name) for name in sorted(self.ruleset.catalogues)] if self.ruleset else []

    def choices(self, spec: Param, list_key: str) -> list[tuple[str, str]] | None:
        if spec.type in ("fact", "quantity"):
            return self.facts(list_key)
        if spec.type in ("line", "lines"):
            return self.lines()
        if spec.name == "catalogue":
            return self.catalogues()
        named = CHOICE_TITLES.get(spec.type if spec.type in ("side", "op", "unit") else spec.name)
        if spec.type in ("side", "op", "unit") or spec.choices:
            values = spec.choices or list(named or {})
            return [(str(v), pick((named or {}).get(str(v)), self.lang, str(v))) for v in values]
        return None

    def default_help(self, spec: Param, params: dict | None = None) -> str:
        if spec.default is None or spec.default in ([], {}):
            return ""
        return self.left_empty(value_text(spec, spec.default, self.ctx, params))

    def left_empty(self, shown: str) -> str:
        return f"留空即為：{shown}" if self.lang == "zh-hant" else f"Left empty: {shown}"


def _with_current(choices, value) -> list[tuple[str, str]] | None:
    """A stored value the pickers do not know still shows (the compiler says what is wrong with it)."""
    if choices is None:
        return None
    known = {c for c, _ in choices}
    extra = [v for v in (value if isinstance(value, list) else [value]) if v not in (None, "") and str(v) not in known]
    return [*choices, *((str(v), str(v)) for v in extra)]


def rule_fields(kind_name: str, list_key: str, rule: dict | None, pickers: Pickers) -> list[SchemaField]:
    """The fields of a rule of ``kind_name``: its id, name, level, and one field per parameter of its kind."""
    lang, rule = pickers.lang, rule or {}
    params = rule.get("params") if isinstance(rule.get("params"), dict) else {}

    def levels(table):
        return [(key, pick(text, lang)) for key, text in table.items()]

    fields = [
        SchemaField("id", Param("id", "str"), title(RULE_FIELD_TITLES, "id", lang), "id", required=True),
        SchemaField("label", Param("label", "text"), title(RULE_FIELD_TITLES, "label", lang), "label"),
        SchemaField(
            "level",
            Param("level", "str"),
            title(RULE_FIELD_TITLES, "level", lang),
            "level",
            choices=levels(LEVEL_TITLES),
            help=pickers.left_empty(pick(LEVEL_TITLES["error"], lang)),
        ),
        SchemaField(
            "on_missing",
            Param("on_missing", "str"),
            title(RULE_FIELD_TITLES, "on_missing", lang),
            "on_missing",
            choices=levels(MISSING_TITLES),
            help=pickers.left_empty(pick(MISSING_TITLES["error"], lang)),
        ),
    ]
    for spec in KINDS[kind_name].params:
        if spec.type == "rules":
            continue
        fields.append(
            SchemaField(
                f"params.{spec.name}",
                spec,
                title(PARAM_TITLES, spec.name, lang),
                f"params.{spec.name}",
                choices=_with_current(pickers.choices(spec, list_key), params.get(spec.name)),
                help=pickers.default_help(spec, params),
                required=spec.required,
            )
        )
    fields.append(
        SchemaField("note", Param("note", "str"), title(RULE_FIELD_TITLES, "note", lang), "note", multiline=True)
    )
    return fields


def rule_values(rule: dict | None) -> dict[str, Any]:
    rule = rule or {}
    params = rule.get("params") if isinstance(rule.get("params"), dict) else {}
    return {**{k: v for k, v in rule.items() if k != "params"}, **{f"params.{k}": v for k, v in params.items()}}


def rule_from_form(original: dict | None, kind_name: str, result: dict[str, Any]) -> dict:
    """The rule as data after the form: the form's values over the original, whose other keys (its
    condition, its sub-rules) are kept. A default left as it was is not written out."""
    original = original or {}
    rule: dict[str, Any] = {k: v for k, v in original.items() if k != "params"}
    params = {k: v for k, v in (original.get("params") or {}).items() if k == "rules"}
    declared = {spec.name: spec for spec in KINDS[kind_name].params}
    for key, value in result.items():
        holder, name = (params, key.removeprefix("params.")) if key.startswith("params.") else (rule, key)
        had = name in (original.get("params") or {} if holder is params else original)
        default = declared[name].default if holder is params and name in declared else RULE_DEFAULTS.get(name)
        if value is MISSING or (not had and default is not None and value == default):
            holder.pop(name, None)
        else:
            holder[name] = value
    rule["kind"] = kind_name
    rule["params"] = params
    return {k: rule[k] for k in (*RULE_ORDER, *rule) if k in rule}


# --- items --------------------------------------------------------------------------------------------------


def item_fields(spec: ItemList, pickers: Pickers) -> list[SchemaField]:
    lang = pickers.lang
    fields = []
    if spec.keyed_by in ("code", "name"):
        fields.append(
            SchemaField(
                spec.keyed_by,
                Param(spec.keyed_by, "str"),
                title(ITEM_FIELD_TITLES, spec.keyed_by, lang),
                spec.keyed_by,
                required=True,
            )
        )
    if spec.labelled:  # a name's label is the entry itself (labels.<name>), elsewhere a field of it
        fields.append(
            SchemaField(
                "label",
                Param("label", "text"),
                title(ITEM_FIELD_TITLES, "label", lang),
                "" if spec.key == "labels" else "label",
            )
        )
    for param in spec.fields:
        choices, help_text = pickers.choices(param, ""), pickers.default_help(param)
        if param.type == "str_list" and param.name in CHOICE_TITLES:  # formats: a list of known codes, written out
            choices = None
            zh = lang == "zh-hant"
            known = ("、" if zh else ", ").join(
                f"{code}（{pick(text, lang)}）" if zh else f"{code} ({pick(text, lang)})"
                for code, text in CHOICE_TITLES[param.name].items()
            )
            help_text = f"可填：{known}；留空即為 PDF" if zh else f"Any of: {known}; PDF when left empty"
        fields.append(
            SchemaField(
                param.name,
                param,
                title(ITEM_FIELD_TITLES, param.name, lang),
                param.name,
                choices=choices,
                help=help_text,
                required=param.required,
                multiline=param.name == "note",
            )
        )
    return fields


def item_from_form(original: dict | None, spec: ItemList, result: dict[str, Any]) -> dict:
    """One entry after its row of the form; keys the form does not show (an instalment's conditions) kept."""
    item = dict(original or {})
    for key, value in result.items():
        if value is MISSING:
            item.pop(key, None)
        else:
            item[key] = value
    return item


__all__ = ["Pickers", "item_fields", "item_from_form", "rule_fields", "rule_from_form", "rule_values"]
