"""The difference between two versions of an edition — two versions of one code, or this year's edition and
last year's — section by section, rule by rule, parameter by parameter, in plain language in both languages.

Both rule sets are compiled first, so values are compared as the engine reads them ("30" and "30.00" are the
same share) and written as the portal writes them. Rules are matched by id, items by code."""

from __future__ import annotations

from typing import Any

from .core import Context
from .diff_rules import RuleDiffer
from .diff_text import LANGS, NOT_SET, Change, arrow, both, quoted, same, stated, value_text
from .params import Param
from .ruleset import DEADLINE_SPECS, DOCUMENT_SPECS, KPI_SPECS, Item, RuleSet, compile_ruleset
from .schema_text import CARBON_TITLES, EDITION_FIELD_TITLES, ITEM_FIELD_TITLES, SECTION_TITLES, title
from .text import ZH, Text, pick

RULE_SECTIONS = ("company", "unit", "budget", "plan", "period")
CRITERION_SPECS = (Param("weight", "percent"), Param("points", "texts", False))
BONUS_SPECS = (Param("max", "number", False),)
INSTALMENT_SPECS = (Param("share", "percent"), Param("final", "bool"), Param("settle_on_actual", "bool"))
FACT_SPECS = (Param("type", "str"),)
CARBON_SPECS = {
    "electricity_factor": Param("electricity_factor", "str"),
    "water_factor": Param("water_factor", "str"),
    "saving_share_of_self": Param("s", "percent"),
    "saving_share_decimals": Param("d", "int"),
    "inventory_required": Param("i", "bool"),
}
META_SPECS = {
    "title": Param("title", "text"),
    "track": Param("track", "text"),
    "year": Param("year", "str"),
    "application_opens": Param("application_opens", "date"),
    "application_closes": Param("application_closes", "date"),
    "document_ref": Param("document_ref", "str"),
    "legal_source": Param("legal_source", "text"),
}


def diff_rulesets(old_data: Any, new_data: Any) -> list[Change]:
    """Every change from ``old_data`` to ``new_data`` (both valid rule sets; RuleSetInvalid otherwise)."""
    old, new = compile_ruleset(old_data), compile_ruleset(new_data)
    return _Differ(old, new).changes()


def diff_meta(old: dict, new: dict) -> list[Change]:
    """The edition's own fields (title, year, the application window…), each {name: value}."""
    lines = [
        _setting(name, META_SPECS[name], old.get(name), new.get(name), Context({}), Context({}))
        for name in META_SPECS
        if not same(old.get(name), new.get(name))
    ]
    return [Change("edition", "changed", SECTION_TITLES["edition"], tuple(lines))] if lines else []


def _setting(name: str, spec: Param, before, after, old_ctx: Context, new_ctx: Context, titles=None) -> Text:
    titles = titles or EDITION_FIELD_TITLES
    return both(
        lambda lang: arrow(
            lang,
            title(titles, name, lang),
            value_text(spec, before, _in(old_ctx, lang)),
            value_text(spec, after, _in(new_ctx, lang)),
        )
    )


def _in(ctx: Context, lang: str) -> Context:
    return Context(ctx.facts, ctx.labels, lang)


class _Differ:
    def __init__(self, old: RuleSet, new: RuleSet):
        self.old, self.new = old, new
        self.rules = RuleDiffer(old.labels, new.labels)
        self.old_ctx, self.new_ctx = Context({}, old.labels), Context({}, new.labels)

    def changes(self) -> list[Change]:
        old, new = self.old, self.new
        changes: list[Change] = []
        for section in RULE_SECTIONS:
            changes += self.rules.rule_list(section, getattr(old, f"{section}_rules"), getattr(new, f"{section}_rules"))
        changes += self.items("budget", old.budget_lines, new.budget_lines, ())
        changes += self.settings(
            "budget", {"tax_inclusive": (Param("t", "bool"), old.tax_inclusive, new.tax_inclusive)}
        )
        changes += self.instalments()
        changes += self.rubric()
        changes += self.items("documents", old.documents, new.documents, DOCUMENT_SPECS)
        changes += self.items("deadlines", old.deadlines, new.deadlines, DEADLINE_SPECS)
        changes += self.items("kpis", old.kpis, new.kpis, KPI_SPECS)
        changes += self.catalogues()
        changes += self.items("facts", _facts(old), _facts(new), FACT_SPECS)
        changes += self.items("facts", _names(old), _names(new), ())
        carbon = {k: (CARBON_SPECS[k], old.carbon.get(k), new.carbon.get(k)) for k in CARBON_SPECS}
        changes += self.settings("carbon", carbon, CARBON_TITLES)
        changes += self.items("to_configure", _to_configure(old), _to_configure(new), ())
        return changes

    def items(self, section: str, old: list[Item], new: list[Item], specs: tuple[Param, ...]) -> list[Change]:
        before, after = {i.code: i for i in old}, {i.code: i for i in new}
        changes = []
        for item in old:
            if item.code not in after:
                changes.append(Change(section, "removed", item.label, ref=item.code))
        for item in new:
            if item.code not in before:
                lines = tuple(
                    both(
                        lambda lang, s=s, item=item: stated(
                            lang,
                            title(ITEM_FIELD_TITLES, s.name, lang),
                            value_text(s, item.extra.get(s.name), _in(self.new_ctx, lang), item.extra),
                        )
                    )
                    for s in specs
                    if item.extra.get(s.name) is not None
                )
                changes.append(Change(section, "added", item.label, lines, item.code))
                continue
            was = before[item.code]
            lines = []
            if not same(was.label, item.label):
                lines.append(
                    both(
                        lambda lang, was=was, item=item: arrow(
                            lang,
                            title(ITEM_FIELD_TITLES, "label", lang),
                            quoted(pick(was.label, lang), lang),
                            quoted(pick(item.label, lang), lang),
                        )
                    )
                )
            lines += [
                self._field(s, was.extra.get(s.name), item.extra.get(s.name), item.extra)
                for s in specs
                if not same(was.extra.get(s.name), item.extra.get(s.name))
            ]
            if lines:
                changes.append(Change(section, "changed", item.label, tuple(lines), item.code))
        return changes

    def _field(self, spec: Param, before, after, extra) -> Text:
        return both(
            lambda lang: arrow(
                lang,
                title(ITEM_FIELD_TITLES, spec.name, lang),
                value_text(spec, before, _in(self.old_ctx, lang), extra),
                value_text(spec, after, _in(self.new_ctx, lang), extra),
            )
        )

    def settings(self, section: str, values: dict[str, tuple], titles=None) -> list[Change]:
        lines = tuple(
            _setting(name, spec, before, after, self.old_ctx, self.new_ctx, titles)
            for name, (spec, before, after) in values.items()
            if not same(before, after)
        )
        return [Change(section, "changed", SECTION_TITLES[section], lines)] if lines else []

    def instalments(self) -> list[Change]:
        old = {i.no: i for i in self.old.instalments}
        new = {i.no: i for i in self.new.instalments}

        def item(i) -> Item:
            return Item(
                str(i.no), i.label, {"share": i.share, "final": i.final, "settle_on_actual": i.settle_on_actual}
            )

        changes = self.items(
            "instalments", [item(i) for i in old.values()], [item(i) for i in new.values()], INSTALMENT_SPECS
        )
        for number in sorted(set(old) & set(new)):
            changes += self.rules.rule_list("instalments", list(old[number].conditions), list(new[number].conditions))
        return changes

    def rubric(self) -> list[Change]:
        old, new = self.old.rubric, self.new.rubric
        if old is None and new is None:
            return []
        changes = self.items("rubric", _criteria(old), _criteria(new), CRITERION_SPECS)
        changes += self.items("rubric", _bonus(old), _bonus(new), BONUS_SPECS)
        number = Param("n", "number")
        changes += self.settings(
            "rubric",
            {
                "scale_min": (number, old and old.scale_min, new and new.scale_min),
                "scale_max": (number, old and old.scale_max, new and new.scale_max),
                "bonus_max": (number, old and old.bonus_max, new and new.bonus_max),
            },
        )
        return changes

    def catalogues(self) -> list[Change]:
        changes = []
        for name in sorted(set(self.old.catalogues) | set(self.new.catalogues)):
            old, new = self.old.catalogues.get(name), self.new.catalogues.get(name)
            subject: Text = dict.fromkeys(LANGS, name)
            if old is None or new is None:
                entries = new if old is None else old
                listed = both(
                    lambda lang, entries=entries: (
                        "、".join(pick(i.label, lang) for i in entries)
                        if lang == ZH
                        else ", ".join(pick(i.label, lang) for i in entries)
                    )
                )
                changes.append(Change("catalogues", "added" if old is None else "removed", subject, (listed,), name))
                continue
            for change in self.items("catalogues", old, new, ()):
                lines = change.lines or ((both(lambda lang, c=change: _entry(lang, c.action, pick(c.subject, lang)))),)
                changes.append(Change("catalogues", "changed", subject, lines, name))
        return changes


def _entry(lang: str, action: str, label: str) -> str:
    if lang == ZH:
        return f"{'新增' if action == 'added' else '刪除'}項目：{label}"
    return f"entry {'added' if action == 'added' else 'removed'}: {label}"


def _criteria(rubric) -> list[Item]:
    if rubric is None:
        return []
    return [Item(c.code, c.label, {"weight": c.weight, "points": list(c.points)}) for c in rubric.criteria]


def _bonus(rubric) -> list[Item]:
    return [] if rubric is None else [Item(b.code, b.label, {"max": b.max}) for b in rubric.bonus]


def _facts(ruleset: RuleSet) -> list[Item]:
    return [
        Item(name, spec["label"] or {ZH: name, "en": name}, {"type": spec["type"]})
        for name, spec in ruleset.facts.items()
    ]


def _names(ruleset: RuleSet) -> list[Item]:
    """Names the edition gives to quantities (its own facts' names are compared with the facts)."""
    own = set(ruleset.facts) | {f"line.{line.code}" for line in ruleset.budget_lines}
    return [Item(name, text, {}) for name, text in ruleset.labels.items() if name not in own]


def _to_configure(ruleset: RuleSet) -> list[Item]:
    items, seen = [], set()
    for entry in ruleset.to_configure:
        if not isinstance(entry, dict):
            continue
        path, note = str(entry.get("path", "")), str(entry.get("note", ""))
        code = path if path not in seen else f"{path} ({len(seen)})"
        seen.add(path)
        items.append(Item(code, dict.fromkeys(LANGS, f"{path}: {note}"), {}))
    return items


__all__ = ["NOT_SET", "Change", "diff_meta", "diff_rulesets"]
