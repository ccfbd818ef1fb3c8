"""An edition's whole rule set as data → a validated, compiled RuleSet (or every problem found)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from . import labels
from .compiler import RuleCompiler, Vocabulary
from .core import Rule
from .params import CODE, Invalid, Param, Problem, convert
from .text import Text
from .vocabulary import COMPANY_FACTS, EXPENSE_FACTS, FACT_TYPES, INSTALMENT_FACTS, PERIOD_FACTS, UNIT_FACTS

SCHEMA_VERSION = 1
TOP_KEYS = {
    "schema", "labels", "facts", "catalogues", "eligibility", "budget", "plan", "period", "rubric",
    "instalments", "documents", "deadlines", "kpis", "carbon", "expenses", "to_configure",
}  # fmt: skip
TAX_BASES = ("taxed", "untaxed")  # which amount of an expense counts: with business tax (含稅) or without (未稅)


DEADLINE_ANCHORS = ("notice", "approval", "review", "end", "closing")
DEADLINE_COUNTS = ("working_days", "calendar_days", "months")
DOCUMENT_STAGES = ("application", "contract")
DOCUMENT_FORMATS = {"pdf", "image", "xlsx", "docx"}  # what a document may be uploaded as (PDF when not given)
DEADLINE_SPECS = (
    Param("working_days", "int", False),
    Param("calendar_days", "int", False),
    Param("months", "int", False),
    Param("every_months", "int", False),  # reports due every so many months within ``months`` (follow-ups)
    Param("anchor", "str", True, None, DEADLINE_ANCHORS),
    Param("before", "bool", False, False),
)
DOCUMENT_SPECS = (
    Param("required", "bool", False, True),
    Param("stage", "str", False, "application", DOCUMENT_STAGES),
    Param("formats", "str_list", False, None),
)
KPI_SPECS = (Param("mandatory", "bool", False, False), Param("unit", "text", False))


class RuleSetInvalid(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the rule set")
        self.problems = problems


@dataclass(frozen=True)
class Item:
    """A coded, labelled entry: a budget line, a catalogue entry, a document, a KPI."""

    code: str
    label: Text
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Criterion:
    code: str
    label: Text
    weight: Decimal
    points: tuple[Text, ...] = ()


@dataclass(frozen=True)
class BonusItem:
    code: str
    label: Text
    max: Decimal


@dataclass(frozen=True)
class Rubric:
    criteria: tuple[Criterion, ...]
    bonus: tuple[BonusItem, ...]
    bonus_max: Decimal
    scale_min: Decimal
    scale_max: Decimal
    to_configure: bool = False


@dataclass(frozen=True)
class Instalment:
    no: int
    share: Decimal
    label: Text
    conditions: tuple[Rule, ...]
    final: bool
    settle_on_actual: bool


@dataclass
class RuleSet:
    data: dict[str, Any]
    labels: dict[str, Text]
    facts: dict[str, dict]
    catalogues: dict[str, list[Item]]
    company_rules: list[Rule]
    unit_rules: list[Rule]
    budget_lines: list[Item]
    budget_rules: list[Rule]
    tax_inclusive: bool
    plan_rules: list[Rule]
    period_rules: list[Rule]
    rubric: Rubric | None
    instalments: list[Instalment]
    documents: list[Item]
    deadlines: list[Item]
    kpis: list[Item]
    carbon: dict[str, Any]
    to_configure: list[dict]
    # the expense ledger (核銷): the rules judging each expense, and which amount counts (taxed / untaxed)
    expense_rules: list[Rule] = field(default_factory=list)
    tax_basis: str = "taxed"

    @property
    def line_codes(self) -> list[str]:
        return [line.code for line in self.budget_lines]


class _Builder:
    def __init__(self, data: Any):
        self.data = data
        self.problems: list[Problem] = []
        self.compiler = RuleCompiler(self.problems)

    def problem(self, path, en, zh):
        self.problems.append(Problem(path, en, zh))

    def value(self, path: str, spec: Param, raw: Any):
        try:
            return convert(spec, raw)
        except Invalid as exc:
            self.problem(path, exc.en, exc.zh)
            return None

    def section(self, name: str, kind: type, default):
        value = self.data.get(name, default)
        if value is None:
            return default
        if not isinstance(value, kind):
            self.problem(name, f"must be a {'list' if kind is list else 'mapping'}", "格式錯誤")
            return default
        return value

    def items(self, path: str, raw: Any, extra_specs: tuple[Param, ...] = ()) -> list[Item]:
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.problem(path, "must be a list", "須為清單")
            return []
        items, seen = [], set()
        for index, entry in enumerate(raw):
            where = f"{path}[{index}]"
            if not isinstance(entry, dict):
                self.problem(where, "must be a mapping with code and label", "須含 code 與 label")
                continue
            code = self.value(f"{where}.code", Param("code", "code"), entry.get("code"))
            label = self.value(f"{where}.label", Param("label", "text"), entry.get("label"))
            if code in seen:
                self.problem(f"{where}.code", f"{code} is used twice", f"{code} 重複")
            seen.add(code)
            extra = {}
            for spec in extra_specs:
                if spec.name in entry and entry[spec.name] is not None:
                    extra[spec.name] = self.value(f"{where}.{spec.name}", spec, entry[spec.name])
                elif spec.required:
                    self.problem(f"{where}.{spec.name}", "is required", "為必填")
                else:
                    extra[spec.name] = spec.default
            unknown = set(entry) - {"code", "label", *(s.name for s in extra_specs)}
            if unknown:
                self.problem(
                    where, f"unknown keys: {', '.join(sorted(unknown))}", f"不明的欄位：{'、'.join(sorted(unknown))}"
                )
            if code and label:
                items.append(Item(code, label, extra))
        return items

    def build(self) -> RuleSet:
        data = self.data
        if not isinstance(data, dict):
            raise RuleSetInvalid([Problem("", "the rule set must be a mapping", "規則集格式錯誤")])
        if data.get("schema") != SCHEMA_VERSION:
            self.problem("schema", f"must be {SCHEMA_VERSION}", f"須為 {SCHEMA_VERSION}")
        for key in sorted(set(data) - TOP_KEYS):
            self.problem(key, "unknown section", "不明的區段")
        labels = self.labels()
        facts = self.facts(labels)
        catalogues = {
            name: self.items(f"catalogues.{name}", entries)
            for name, entries in self.section("catalogues", dict, {}).items()
        }
        catalogue_codes = {name: [i.code for i in items] for name, items in catalogues.items()}
        extra_facts = set(facts)
        company_rules, unit_rules = self.eligibility(extra_facts, catalogue_codes)
        lines, budget_rules, tax_inclusive = self.budget(labels, extra_facts, catalogue_codes)
        line_codes = {i.code for i in lines}
        plan_rules = self.compiler.rules(
            data.get("plan"),
            "plan",
            list_vocabulary("plan", facts=extra_facts, lines=line_codes, catalogues=catalogue_codes),
        )
        period_rules = self.compiler.rules(
            data.get("period"),
            "period",
            list_vocabulary("period", facts=extra_facts, lines=line_codes, catalogues=catalogue_codes),
        )
        rubric = self.rubric(data.get("rubric"))
        instalments = self.instalments(data.get("instalments"), extra_facts)
        documents = self.documents(data.get("documents"))
        deadlines = self.deadlines(data.get("deadlines"))
        kpis = self.items("kpis", data.get("kpis"), KPI_SPECS)
        carbon = self.carbon(data.get("carbon"))
        expense_rules, tax_basis = self.expenses(extra_facts, line_codes, tax_inclusive)
        to_configure = self.section("to_configure", list, [])

        if self.problems:
            raise RuleSetInvalid(self.problems)
        return RuleSet(
            data=data,
            labels=labels,
            facts=facts,
            catalogues=catalogues,
            company_rules=company_rules,
            unit_rules=unit_rules,
            budget_lines=lines,
            budget_rules=budget_rules,
            tax_inclusive=tax_inclusive,
            plan_rules=plan_rules,
            period_rules=period_rules,
            rubric=rubric,
            instalments=instalments,
            documents=documents,
            deadlines=deadlines,
            kpis=kpis,
            carbon=carbon,
            to_configure=to_configure,
            expense_rules=expense_rules,
            tax_basis=tax_basis,
        )

    def labels(self) -> dict[str, Text]:
        labels: dict[str, Text] = {}
        for name, text in self.section("labels", dict, {}).items():
            converted = self.value(f"labels.{name}", Param("label", "text"), text)
            if converted:
                labels[name] = converted
        return labels

    def facts(self, labels: dict[str, Text]) -> dict[str, dict]:
        """The edition's own facts with their label and type; a fact's label is its default label too."""
        facts: dict[str, dict] = {}
        for name, spec in self.section("facts", dict, {}).items():
            where = f"facts.{name}"
            if not isinstance(spec, dict):
                self.problem(where, "must give label and type", "須提供 label 與 type")
                continue
            label = self.value(f"{where}.label", Param("label", "text"), spec.get("label"))
            kind = spec.get("type")
            if kind not in FACT_TYPES:
                self.problem(f"{where}.type", f"must be one of {', '.join(FACT_TYPES)}", "不明的型別")
            facts[name] = {"label": label, "type": kind}
            if label:
                labels.setdefault(name, label)
        return facts

    def eligibility(
        self, extra_facts: set[str], catalogue_codes: dict[str, list[str]]
    ) -> tuple[list[Rule], list[Rule]]:
        """The rules on the applying company and on the counselling unit."""
        eligibility = self.section("eligibility", dict, {})
        for key in sorted(set(eligibility) - {"company", "unit"}):
            self.problem(f"eligibility.{key}", "unknown part (company, unit)", "不明的部分（company、unit）")
        company_rules, unit_rules = (
            self.compiler.rules(
                eligibility.get(part),
                f"eligibility.{part}",
                list_vocabulary(part, facts=extra_facts, lines=set(), catalogues=catalogue_codes),
            )
            for part in ("company", "unit")
        )
        return company_rules, unit_rules

    def budget(
        self, labels: dict[str, Text], extra_facts: set[str], catalogue_codes: dict[str, list[str]]
    ) -> tuple[list[Item], list[Rule], bool]:
        """The budget lines (each labelled ``line.<code>``), the rules on them, and whether amounts include tax."""
        budget = self.section("budget", dict, {})
        lines = self.items("budget.lines", budget.get("lines"))
        for line in lines:
            labels[f"line.{line.code}"] = line.label
        for key in sorted(set(budget) - {"lines", "rules", "tax_inclusive"}):
            self.problem(f"budget.{key}", "unknown key", "不明的欄位")
        tax_inclusive = bool(budget.get("tax_inclusive", True))
        budget_vocab = list_vocabulary(
            "budget", facts=extra_facts, lines={i.code for i in lines}, catalogues=catalogue_codes
        )
        budget_rules = self.compiler.rules(budget.get("rules"), "budget.rules", budget_vocab)
        if budget.get("rules") and not lines:
            self.problem("budget.lines", "rules need the budget lines they refer to", "規則需要經費科目")
        return lines, budget_rules, tax_inclusive

    def expenses(self, extra_facts: set[str], line_codes: set[str], tax_inclusive: bool) -> tuple[list[Rule], str]:
        """The rules judging each expense of the ledger, and the tax basis (default: as the budget is drawn up)."""
        section = self.section("expenses", dict, {})
        for key in sorted(set(section) - {"tax_basis", "rules"}):
            self.problem(f"expenses.{key}", "unknown key", "不明的欄位")
        basis = section.get("tax_basis", "taxed" if tax_inclusive else "untaxed")
        if basis not in TAX_BASES:
            self.problem("expenses.tax_basis", "must be taxed or untaxed", "須為 taxed（含稅）或 untaxed（未稅）")
        vocab = list_vocabulary("expense", facts=extra_facts, lines=line_codes, catalogues={})
        return self.compiler.rules(section.get("rules"), "expenses.rules", vocab), basis

    def documents(self, raw) -> list[Item]:
        """The documents asked for, at the filing or for the contract, and the formats each may come in."""
        documents = self.items("documents", raw, DOCUMENT_SPECS)
        for index, item in enumerate(documents):
            unknown = set(item.extra.get("formats") or []) - DOCUMENT_FORMATS
            if unknown:
                self.problem(
                    f"documents[{index}].formats",
                    f"unknown formats: {', '.join(sorted(unknown))} (pdf, image, xlsx, docx)",
                    f"不明的檔案格式：{'、'.join(sorted(unknown))}（pdf、image、xlsx、docx）",
                )
        return documents

    def deadlines(self, raw) -> list[Item]:
        return [
            self.deadline(f"deadlines[{index}]", item)
            for index, item in enumerate(self.items("deadlines", raw, DEADLINE_SPECS))
        ]

    def deadline(self, where: str, item: Item) -> Item:
        """The deadline with its label's numbers written in, after checking its count."""
        given = [k for k in DEADLINE_COUNTS if item.extra.get(k) is not None]
        scope = labels.params_scope(DEADLINE_SPECS, item.extra)
        item = Item(item.code, self.compiler.label(f"{where}.label", item.label, scope), item.extra)
        if not given and item.extra.get("before"):
            return item  # due by the anchor day itself: 於計畫結案日前 gives no number of days
        if len(given) != 1:
            self.problem(
                where,
                "give exactly one of working_days, calendar_days, months (or none, with before: "
                "true, for a deadline on the anchor day)",
                "working_days、calendar_days、months 須恰好填一項（或皆不填並設 before: true，以基準日為期限）",
            )
        elif item.extra[given[0]] < 1:
            self.problem(f"{where}.{given[0]}", "must be at least 1", "至少為 1")
        elif item.extra.get("every_months") is not None and not (
            given[0] == "months" and 1 <= item.extra["every_months"] <= item.extra["months"]
        ):
            self.problem(
                f"{where}.every_months",
                "only with months, between 1 and months",
                "僅能與 months 併用，且介於 1 與 months 之間",
            )
        elif given[0] == "working_days" and item.extra.get("before"):
            self.problem(
                f"{where}.working_days",
                "working days are counted forward from the anchor only",
                "工作天僅能自基準日往後計算",
            )
        return item

    def rubric(self, raw) -> Rubric | None:
        if raw is None:
            return None
        if not isinstance(raw, dict):
            self.problem("rubric", "must be a mapping", "格式錯誤")
            return None
        scale = raw.get("scale") or {"min": 0, "max": 100}
        low = self.value("rubric.scale.min", Param("min", "number"), scale.get("min", 0))
        high = self.value("rubric.scale.max", Param("max", "number"), scale.get("max", 100))
        criteria, codes = [], set()
        raw_criteria = raw.get("criteria")
        if not isinstance(raw_criteria, list) or not raw_criteria:
            self.problem("rubric.criteria", "needs at least one criterion", "至少須有一個評分項目")
            raw_criteria = []
        for index, entry in enumerate(raw_criteria):
            where = f"rubric.criteria[{index}]"
            if not isinstance(entry, dict):
                self.problem(where, "must be a mapping", "格式錯誤")
                continue
            code = self.value(f"{where}.code", Param("code", "code"), entry.get("code"))
            label = self.value(f"{where}.label", Param("label", "text"), entry.get("label"))
            weight = self.value(f"{where}.weight", Param("weight", "percent"), entry.get("weight"))
            points = tuple(
                p
                for i, t in enumerate(entry.get("points") or [])
                if (p := self.value(f"{where}.points[{i}]", Param("p", "text"), t))
            )
            if code in codes:
                self.problem(f"{where}.code", f"{code} is used twice", f"{code} 重複")
            codes.add(code)
            if weight is not None and weight <= 0:
                self.problem(f"{where}.weight", "must be more than 0", "須大於 0")
            if code and label and weight is not None:
                criteria.append(Criterion(code, label, Decimal(weight), points))
        total = sum((c.weight for c in criteria), Decimal(0))
        if criteria and total != 100:
            self.problem("rubric.criteria", f"weights add up to {total}, not 100", f"權重合計為 {total}，須為 100")
        bonus_max = self.value("rubric.bonus_max", Param("bonus_max", "number"), raw.get("bonus_max", 0))
        bonus = []
        for item in self.items("rubric.bonus", raw.get("bonus"), (Param("max", "number", False),)):
            if item.code in codes:
                self.problem("rubric.bonus", f"{item.code} is also a criterion", f"{item.code} 與評分項目重複")
            cap = item.extra.get("max")
            cap = Decimal(bonus_max or 0) if cap is None else Decimal(cap)
            bonus.append(BonusItem(item.code, item.label, cap))
        if low is None or high is None or bonus_max is None:
            return None
        if Decimal(low) >= Decimal(high):
            self.problem("rubric.scale", "min must be below max", "min 須小於 max")
        return Rubric(
            tuple(criteria),
            tuple(bonus),
            Decimal(bonus_max),
            Decimal(low),
            Decimal(high),
            bool(raw.get("to_configure", False)),
        )

    def instalments(self, raw, extra_facts) -> list[Instalment]:
        if raw is None:
            return []
        if not isinstance(raw, list) or not raw:
            self.problem("instalments", "must be a non-empty list", "須為非空白清單")
            return []
        vocab = list_vocabulary("instalment", facts=extra_facts, lines=set(), catalogues={})
        result, total = [], Decimal(0)
        seen: set[str] = set()
        for index, entry in enumerate(raw):
            where = f"instalments[{index}]"
            if not isinstance(entry, dict):
                self.problem(where, "must be a mapping", "格式錯誤")
                continue
            no = self.value(f"{where}.number", Param("number", "int"), entry.get("number"))
            if no is not None and no != index + 1:
                self.problem(f"{where}.number", f"must be {index + 1} (numbered in order)", f"須為 {index + 1}")
            unknown = set(entry) - {"number", "share", "label", "conditions", "final", "settle_on_actual"}
            if unknown:
                self.problem(where, f"unknown keys: {', '.join(sorted(map(str, unknown)))}", "不明的欄位")
            share = self.value(f"{where}.share", Param("share", "percent"), entry.get("share"))
            label = self.value(f"{where}.label", Param("label", "text"), entry.get("label"))
            final = bool(entry.get("final", False))
            conditions = self.compiler.rules(entry.get("conditions") or [], f"{where}.conditions", vocab, seen)
            if final and index != len(raw) - 1:
                self.problem(f"{where}.final", "only the last instalment can be final", "僅最後一期可為尾款")
            total += share or 0
            if no is not None and share is not None and label:
                scope = {
                    "number": labels.Value(no, "int"),
                    "share": labels.Value(share, "percent"),
                    **labels.rules_scope(conditions),
                }
                label = self.compiler.label(f"{where}.label", label, scope)
                result.append(
                    Instalment(
                        no, Decimal(share), label, tuple(conditions), final, bool(entry.get("settle_on_actual", final))
                    )
                )
        if total != 100:
            self.problem("instalments", f"shares add up to {total}, not 100", f"各期比例合計為 {total}，須為 100")
        return result

    def carbon(self, raw) -> dict:
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            self.problem("carbon", "must be a mapping", "格式錯誤")
            return {}
        specs = {
            "electricity_factor": Param("e", "str"),
            "water_factor": Param("w", "str"),
            "saving_share_of_self": Param("s", "percent"),
            "saving_share_decimals": Param("d", "int", choices=(0, 1, 2)),
            "inventory_required": Param("i", "bool"),
        }
        result = {}
        for key, value in raw.items():
            if key not in specs:
                self.problem(f"carbon.{key}", "unknown key", "不明的欄位")
                continue
            result[key] = self.value(f"carbon.{key}", specs[key], value)
        return result


def list_vocabulary(key: str, *, facts: set[str], lines: set[str], catalogues: dict[str, list[str]]) -> Vocabulary:
    """What the rules of one rule list may refer to, besides the edition's own ``facts``: the company's or
    the unit's facts, the budget's totals and lines, the period's dates, an instalment's state. The edition
    editor offers the same names in its pickers. ``key``: company, unit, budget, plan, period, instalment…"""
    if key in ("company", "unit"):
        return Vocabulary(facts=set(COMPANY_FACTS if key == "company" else UNIT_FACTS) | facts, catalogues=catalogues)
    if key in ("budget", "plan"):
        # plan rules may read the budget's totals and lines (a saving as a share of the self-funding) rather
        # than a copy of them kept as a separate fact that could drift from the budget
        return Vocabulary(
            facts=facts | set(COMPANY_FACTS), lines=lines, catalogues=catalogues, budget=key == "budget" or bool(lines)
        )
    if key == "period":
        return Vocabulary(facts=set(PERIOD_FACTS) | facts)
    if key.startswith("instalment"):
        return Vocabulary(facts=set(INSTALMENT_FACTS) | facts)
    if key == "expense":
        return Vocabulary(facts=set(EXPENSE_FACTS) | facts, lines=lines)
    raise ValueError(f"no rule list {key}")


def compile_ruleset(data: Any) -> RuleSet:
    """Validate and compile; raises RuleSetInvalid with every problem found."""
    return _Builder(data).build()


def validate_ruleset(data: Any) -> list[Problem]:
    try:
        compile_ruleset(data)
    except RuleSetInvalid as exc:
        return exc.problems
    return []


__all__ = ["CODE", "RuleSet", "RuleSetInvalid", "compile_ruleset", "list_vocabulary", "validate_ruleset"]
