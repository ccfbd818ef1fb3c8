"""Turn rule data (as stored in an edition) into compiled rules, collecting every problem found."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import labels
from .core import LEVELS, WARNING, Rule
from .kind import KINDS
from .params import RULE_ID, SIDES, Invalid, Problem, convert

RULE_KEYS = {"id", "kind", "params", "level", "label", "when", "on_missing", "note", "source", "to_configure"}
TOTALS = ("gov_total", "self_total", "total")


@dataclass
class Vocabulary:
    """What the rules of one section may refer to."""

    facts: set[str] = field(default_factory=set)
    lines: set[str] = field(default_factory=set)
    catalogues: dict[str, list[str]] = field(default_factory=dict)
    budget: bool = False

    def knows(self, name: str) -> bool:
        if name in self.facts:
            return True
        if self.budget and name in TOTALS:
            return True
        if self.budget and name.startswith("line."):
            parts = name.split(".")
            return len(parts) == 3 and parts[1] in self.lines and parts[2] in SIDES
        return False


class RuleCompiler:
    def __init__(self, problems: list[Problem]):
        self.problems = problems

    def problem(self, path: str, en: str, zh: str) -> None:
        self.problems.append(Problem(path, en, zh))

    def rules(self, data: Any, path: str, vocab: Vocabulary, seen: set[str] | None = None) -> list[Rule]:
        if data is None:
            return []
        if not isinstance(data, list):
            self.problem(path, "must be a list of rules", "須為規則清單")
            return []
        seen = set() if seen is None else seen
        compiled = []
        for index, item in enumerate(data):
            rule = self.rule(item, f"{path}[{index}]", vocab, seen)
            if rule is not None:
                compiled.append(rule)
        return compiled

    def rule(self, data: Any, path: str, vocab: Vocabulary, seen: set[str]) -> Rule | None:
        if not isinstance(data, dict):
            self.problem(path, "must be a rule (a mapping with id, kind and params)", "須為規則（含 id、kind、params）")
            return None
        rule_id = data.get("id")
        where = f"{path} ({rule_id})" if isinstance(rule_id, str) else path
        before = len(self.problems)
        if not isinstance(rule_id, str) or not RULE_ID.match(rule_id):
            self.problem(
                f"{where}.id",
                "must be a stable id of lower-case letters, digits and _",
                "須為小寫英文字母、數字與底線組成之固定代碼",
            )
        elif rule_id in seen:
            self.problem(f"{where}.id", f"{rule_id} is used twice", f"{rule_id} 重複使用")
        else:
            seen.add(rule_id)
        unknown_keys = set(data) - RULE_KEYS
        if unknown_keys:
            self.problem(
                where,
                f"unknown keys: {', '.join(sorted(unknown_keys))}",
                f"不明的欄位：{'、'.join(sorted(unknown_keys))}",
            )
        kind = KINDS.get(data.get("kind"))
        if kind is None:
            self.problem(
                f"{where}.kind",
                f"unknown kind {data.get('kind')!r}; known: {', '.join(sorted(KINDS))}",
                f"不明的規則種類 {data.get('kind')!r}",
            )
            return None
        level = data.get("level", "error")
        if level not in LEVELS:
            self.problem(f"{where}.level", "must be error or warning", "須為 error 或 warning")
        on_missing = data.get("on_missing", "error")
        if on_missing not in LEVELS:
            self.problem(f"{where}.on_missing", "must be error or warning", "須為 error 或 warning")
        label = None
        if "label" in data:
            try:
                label = convert_text(data["label"])
            except Invalid as exc:
                self.problem(f"{where}.label", exc.en, exc.zh)
        params, children = self.params(kind, data.get("params"), f"{where}.params", vocab, seen)
        when = None
        if data.get("when") is not None:
            when = self.rule(data["when"], f"{where}.when", vocab, set())
        if len(self.problems) > before:
            return None
        rule = Rule(
            id=rule_id,
            kind=kind.name,
            params=params,
            level=level,
            label=label,
            when=when,
            on_missing=WARNING if on_missing == WARNING else "error",
            children=children,
            source=data,
        )
        if label is not None:
            rule.label = self.label(f"{where}.label", label, labels.rule_scope(rule))
        return None if len(self.problems) > before else rule

    def label(self, path: str, label, scope):
        """The label with its numbers written in from the parameters; a number it states itself is refused."""
        for en, zh in labels.problems(label, scope):
            self.problem(path, en, zh)
        return labels.render(label, scope)

    def params(self, kind, data, path, vocab, seen):
        if data is None:
            data = {}
        if not isinstance(data, dict):
            self.problem(path, "must be a mapping of parameters", "須為參數對照")
            return {}, []
        known = {p.name: p for p in kind.params}
        for name in sorted(set(data) - set(known)):
            self.problem(f"{path}.{name}", f"unknown parameter for {kind.name}", f"{kind.name} 無此參數")
        params: dict[str, Any] = {}
        children: list[Rule] = []
        for spec in kind.params:
            if spec.name not in data or data[spec.name] is None:
                if spec.required:
                    self.problem(f"{path}.{spec.name}", "is required", "為必填")
                elif spec.default is not None:
                    params[spec.name] = spec.default
                continue
            if spec.type == "rules":
                if isinstance(data[spec.name], list) and not data[spec.name]:
                    self.problem(f"{path}.{spec.name}", "needs at least one rule", "至少須有一條規則")
                children = self.rules(data[spec.name], f"{path}.{spec.name}", vocab, seen)
                continue
            try:
                params[spec.name] = convert(spec, data[spec.name])
            except Invalid as exc:
                self.problem(f"{path}.{spec.name}", exc.en, exc.zh)
        self.references(kind, params, path, vocab)
        if "catalogue" in params:
            catalogue = vocab.catalogues.get(params["catalogue"])
            if catalogue is None:
                self.problem(
                    f"{path}.catalogue", f"unknown catalogue {params['catalogue']}", f"不明的清單 {params['catalogue']}"
                )
            else:
                params["among"] = list(catalogue)
        try:
            if not any(p.path.startswith(path) for p in self.problems):
                kind.finish(params)
        except Invalid as exc:
            self.problem(path, exc.en, exc.zh)
        return params, children

    def references(self, kind, params, path, vocab: Vocabulary) -> None:
        for name in kind.fact_params:
            value = params.get(name)
            if value is not None and not vocab.knows(value):
                self.problem(
                    f"{path}.{name}",
                    f"{value!r} is not a fact or quantity this section knows",
                    f"{value!r} 不是本區段可用的事實或金額",
                )
        for name in kind.line_params:
            value = params.get(name)
            for line in value if isinstance(value, list) else ([value] if value else []):
                if line not in vocab.lines:
                    self.problem(
                        f"{path}.{name}",
                        f"{line!r} is not a budget line of this edition",
                        f"{line!r} 不是本年度版本的經費科目",
                    )


def convert_text(value):
    from .params import _text

    return _text(value)
