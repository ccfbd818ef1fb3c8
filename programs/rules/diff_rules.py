"""Two versions of a rule list compared rule by rule (rules are matched by their stable id) and parameter by
parameter, in plain language: "政府補助款上限 500,000 元 → 600,000 元". A rule's sentence before and after is
its kind's own ``describe``; a parameter is named as the editor's form names it (schema_text)."""

from __future__ import annotations

from .core import Context, Rule
from .diff_text import Change, arrow, both, quoted, same, value_text
from .evaluate import describe_rule
from .kind import KINDS
from .schema_text import (
    KIND_TITLES,
    LEVEL_TITLES,
    MISSING_TITLES,
    PARAM_TITLES,
    RULE_FIELD_TITLES,
    SECTION_TITLES,
    title,
)
from .text import ZH, Text, pick

# parameters that bound a quantity: named with the quantity ("政府補助款上限"), not alone ("上限")
BOUNDS = {"max", "min", "end", "min_months", "max_months", "after", "on_or_after", "before", "on_or_before"}


class RuleDiffer:
    """Compares rules of two compiled versions, with each version's own labels."""

    def __init__(self, old_labels: dict, new_labels: dict):
        self.old_labels, self.new_labels = old_labels, new_labels

    def ctx(self, lang: str, *, new: bool) -> Context:
        return Context({}, self.new_labels if new else self.old_labels, lang)

    def name(self, rule: Rule, *, new: bool) -> Text:
        """The rule's own label, or its plain-language text when it has none."""
        return both(lambda lang: rule.title(lang) if rule.label else describe_rule(rule, self.ctx(lang, new=new)))

    def describe(self, rule: Rule, *, new: bool) -> Text:
        return both(lambda lang: describe_rule(rule, self.ctx(lang, new=new)))

    def rule_list(self, section: str, old: list[Rule], new: list[Rule]) -> list[Change]:
        old_ids, new_ids = {r.id: r for r in old}, {r.id: r for r in new}
        changes = []
        for rule in old:
            if rule.id not in new_ids:
                changes.append(
                    Change(
                        section,
                        "removed",
                        self.name(rule, new=False),
                        ref=rule.id,
                        before=self.describe(rule, new=False),
                    )
                )
        for rule in new:
            if rule.id not in old_ids:
                changes.append(
                    Change(
                        section, "added", self.name(rule, new=True), ref=rule.id, after=self.describe(rule, new=True)
                    )
                )
                continue
            before = old_ids[rule.id]
            lines = self.rule_lines(before, rule)
            if lines:
                changes.append(
                    Change(
                        section,
                        "changed",
                        self.name(rule, new=True),
                        tuple(lines),
                        rule.id,
                        self.describe(before, new=False),
                        self.describe(rule, new=True),
                    )
                )
        common_old = [r.id for r in old if r.id in new_ids]
        common_new = [r.id for r in new if r.id in old_ids]
        if common_old != common_new:
            changes.append(
                Change(
                    section,
                    "changed",
                    SECTION_TITLES.get(section, {ZH: section, "en": section}),
                    (both(lambda lang: "規則順序調整" if lang == ZH else "the rules are in a new order"),),
                )
            )
        return changes

    def rule_lines(self, old: Rule, new: Rule, prefix: Text | None = None) -> list[Text]:
        """What changed in one rule (and in its condition and sub-rules, each line prefixed with their name)."""
        lines: list[Text] = []
        if old.kind != new.kind:
            lines.append(self._field("kind", old.kind, new.kind, lambda v, lang: pick(_kind_title(v), lang)))
        else:
            lines += self.param_lines(old, new)
        if old.level != new.level:
            lines.append(self._field("level", old.level, new.level, lambda v, lang: pick(LEVEL_TITLES[v], lang)))
        if old.on_missing != new.on_missing:
            lines.append(
                self._field("on_missing", old.on_missing, new.on_missing, lambda v, lang: pick(MISSING_TITLES[v], lang))
            )
        old_label, new_label = old.source.get("label"), new.source.get("label")
        if not same(old_label, new_label):
            lines.append(
                both(
                    lambda lang: arrow(
                        lang,
                        title(RULE_FIELD_TITLES, "label", lang),
                        quoted(old.title(lang), lang) if old.label else pick(_NONE, lang),
                        quoted(new.title(lang), lang) if new.label else pick(_NONE, lang),
                    )
                )
            )
        lines += self.condition_lines(old, new)
        lines += self.children_lines(old, new)
        if prefix is None:
            return lines
        return [{lang: f"{prefix[lang]}{'：' if lang == ZH else ': '}{line[lang]}" for lang in line} for line in lines]

    def param_lines(self, old: Rule, new: Rule) -> list[Text]:
        lines = []
        for spec in KINDS[new.kind].params:
            if spec.type == "rules" or spec.name == "among" and new.params.get("catalogue"):
                continue  # sub-rules are compared one by one; a catalogue's entries in the catalogue
            before, after = old.params.get(spec.name), new.params.get(spec.name)
            if same(before, after):
                continue
            lines.append(
                both(
                    lambda lang, spec=spec, before=before, after=after: arrow(
                        lang,
                        self._subject(new, spec.name, lang),
                        value_text(spec, before, self.ctx(lang, new=False), old.params),
                        value_text(spec, after, self.ctx(lang, new=True), new.params),
                    )
                )
            )
        return lines

    def _subject(self, rule: Rule, name: str, lang: str) -> str:
        """A parameter named with what it bounds: "政府補助款上限" / "government subsidy cap"."""
        param = title(PARAM_TITLES, name, lang)
        if name not in BOUNDS:
            return param
        kind, params, ctx = KINDS[rule.kind], rule.params, self.ctx(lang, new=True)
        if "line" in kind.line_params and params.get("line"):
            bounded = ctx.label(f"line.{params['line']}.{params.get('side', 'total')}")
        elif "part" in params:
            bounded = ctx.label(params["part"])
        else:
            fact = next((params[f] for f in kind.fact_params if params.get(f)), None)
            if fact is None:
                return param
            bounded = ctx.label(fact)
        return f"{bounded}{param}" if lang == ZH else f"{bounded} {param}"

    def condition_lines(self, old: Rule, new: Rule) -> list[Text]:
        heading = RULE_FIELD_TITLES["when"]
        if old.when is None and new.when is None:
            return []
        if old.when is None or new.when is None or old.when.id != new.when.id or old.when.kind != new.when.kind:
            return [
                both(
                    lambda lang: arrow(
                        lang,
                        pick(heading, lang),
                        describe_rule(old.when, self.ctx(lang, new=False)) if old.when else pick(_NONE, lang),
                        describe_rule(new.when, self.ctx(lang, new=True)) if new.when else pick(_NONE, lang),
                    )
                )
            ]
        return self.rule_lines(old.when, new.when, prefix=heading)

    def children_lines(self, old: Rule, new: Rule) -> list[Text]:
        if not old.children and not new.children:
            return []
        before, after = {c.id: c for c in old.children}, {c.id: c for c in new.children}
        lines = []
        for child in old.children:
            if child.id not in after:
                lines.append(
                    both(
                        lambda lang, child=child: _verb(
                            lang, "removed", describe_rule(child, self.ctx(lang, new=False))
                        )
                    )
                )
        for child in new.children:
            if child.id not in before:
                lines.append(
                    both(lambda lang, child=child: _verb(lang, "added", describe_rule(child, self.ctx(lang, new=True))))
                )
            else:
                lines += self.rule_lines(before[child.id], child, prefix=self.name(child, new=True))
        return lines

    def _field(self, name: str, before, after, show) -> Text:
        return both(
            lambda lang: arrow(lang, title(RULE_FIELD_TITLES, name, lang), show(before, lang), show(after, lang))
        )


_NONE: Text = {ZH: "（無）", "en": "(none)"}


def _kind_title(kind: str) -> Text:
    return KIND_TITLES.get(kind, {ZH: kind, "en": kind})


def _verb(lang: str, action: str, text: str) -> str:
    if lang == ZH:
        return f"{'新增' if action == 'added' else '刪除'}子規則：{text}"
    return f"sub-rule {'added' if action == 'added' else 'removed'}: {text}"


__all__ = ["RuleDiffer"]
