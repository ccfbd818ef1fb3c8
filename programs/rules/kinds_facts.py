"""Kinds that judge facts about a company, a counselling unit, a plan or a period."""

from __future__ import annotations

from decimal import Decimal

from .core import Context, Rule
from .kind import Kind, amount, json_value, register
from .params import Invalid, Param
from .text import YES_NO, join, pick

VALUE_LABELS = {
    "company": {"zh-hant": "公司登記", "en": "company registration"},
    "business": {"zh-hant": "商業登記", "en": "business registration"},
    "none": {"zh-hant": "未登記", "en": "not registered"},
    "university": {"zh-hant": "大學校院", "en": "university"},
    "legal_person": {"zh-hant": "法人", "en": "legal person"},
}


def _value_label(rule: Rule, value, ctx: Context) -> str:
    labels = rule.params.get("value_labels") or {}
    return pick(labels.get(str(value)) or VALUE_LABELS.get(str(value)), ctx.lang, str(value))


@register
class InSet(Kind):
    name = "in_set"
    params = (Param("fact", "fact"), Param("values", "str_list"), Param("value_labels", "value_labels", False, {}))
    fact_params = ("fact",)

    def check(self, rule, ctx):
        fact = rule.params["fact"]
        value = ctx.fact(fact)
        allowed = rule.params["values"]
        passed = str(value) in allowed
        shown = _value_label(rule, value, ctx)
        options = join([_value_label(rule, v, ctx) for v in allowed], ctx.lang)
        message = (
            ctx.t(
                f"{ctx.label(fact)}為「{shown}」，符合（{options}）",
                f"{ctx.label(fact)} is {shown}: allowed ({options})",
            )
            if passed
            else ctx.t(
                f"{ctx.label(fact)}為「{shown}」，須為：{options}",
                f"{ctx.label(fact)} is {shown}; it must be one of: {options}",
            )
        )
        return passed, {fact: json_value(value)}, message, None

    def describe(self, rule, ctx):
        options = join([_value_label(rule, v, ctx) for v in rule.params["values"]], ctx.lang)
        return ctx.t(
            f"{ctx.label(rule.params['fact'])}須為：{options}",
            f"{ctx.label(rule.params['fact'])} must be one of: {options}",
        )


@register
class PrefixMatch(Kind):
    """At least one code (e.g. industry "2912") starts with one of the prefixes ("29", "291")."""

    name = "prefix_match"
    params = (Param("fact", "fact"), Param("prefixes", "str_list"))
    fact_params = ("fact",)

    def check(self, rule, ctx):
        fact = rule.params["fact"]
        value = ctx.fact(fact)
        codes = [value] if isinstance(value, str) else list(value)
        prefixes = rule.params["prefixes"]
        matched = next(((c, p) for c in codes for p in prefixes if str(c).startswith(p)), None)
        shown = join(codes, ctx.lang) if codes else ctx.t("（無）", "(none)")
        values = {fact: json_value(codes)}
        if matched:
            values["matched"] = matched[1]
            message = ctx.t(
                f"{ctx.label(fact)} {matched[0]} 屬於 {matched[1]}，符合適用範圍",
                f"{ctx.label(fact)} {matched[0]} falls under {matched[1]}: in scope",
            )
            return True, values, message, None
        message = ctx.t(
            f"{ctx.label(fact)} {shown} 不在適用範圍（{join(prefixes, ctx.lang)}）",
            f"{ctx.label(fact)} {shown} outside the scope ({join(prefixes, ctx.lang)})",
        )
        return False, values, message, None

    def describe(self, rule, ctx):
        prefixes = join(rule.params["prefixes"], ctx.lang)
        return ctx.t(
            f"{ctx.label(rule.params['fact'])}屬於：{prefixes}", f"{ctx.label(rule.params['fact'])} under: {prefixes}"
        )


@register
class BoolFact(Kind):
    name = "bool_fact"
    params = (Param("fact", "fact"), Param("expected", "bool"))
    fact_params = ("fact",)

    def check(self, rule, ctx):
        fact = rule.params["fact"]
        value = ctx.fact(fact)
        if not isinstance(value, bool):
            value = bool(value)
        expected = rule.params["expected"]
        shown, wanted = pick(YES_NO[value], ctx.lang), pick(YES_NO[expected], ctx.lang)
        passed = value == expected
        message = (
            ctx.t(f"{ctx.label(fact)}：{shown}（符合）", f"{ctx.label(fact)}: {shown} (as required)")
            if passed
            else ctx.t(
                f"{ctx.label(fact)}：{shown}，須為「{wanted}」", f"{ctx.label(fact)}: {shown}; it must be {wanted}"
            )
        )
        return passed, {fact: json_value(value)}, message, None

    def describe(self, rule, ctx):
        wanted = pick(YES_NO[rule.params["expected"]], ctx.lang)
        return ctx.t(
            f"{ctx.label(rule.params['fact'])}須為「{wanted}」", f"{ctx.label(rule.params['fact'])} must be {wanted}"
        )


def _bound_phrase(rule: Rule, ctx: Context) -> str:
    p = rule.params
    unit = p.get("unit", "")
    low, high = p.get("min"), p.get("max")
    low_in, high_in = p.get("min_inclusive", True), p.get("max_inclusive", True)
    if low is not None and high is not None and low == high and low_in and high_in:
        return ctx.t(f"須為 {amount(low, unit, ctx)}", f"must be {amount(low, unit, ctx)}")
    if low is not None and high is not None and low_in and high_in:
        return ctx.t(
            f"須介於 {amount(low, unit, ctx)} 至 {amount(high, unit, ctx)}",
            f"must be between {amount(low, unit, ctx)} and {amount(high, unit, ctx)}",
        )
    parts = []
    if low is not None:
        parts.append(
            ctx.t(f"至少 {amount(low, unit, ctx)}", f"at least {amount(low, unit, ctx)}")
            if low_in
            else ctx.t(f"大於 {amount(low, unit, ctx)}", f"more than {amount(low, unit, ctx)}")
        )
    if high is not None:
        parts.append(
            ctx.t(f"不超過 {amount(high, unit, ctx)}", f"at most {amount(high, unit, ctx)}")
            if high_in
            else ctx.t(f"少於 {amount(high, unit, ctx)}", f"less than {amount(high, unit, ctx)}")
        )
    return ctx.t("須" + "且".join(parts), "must be " + " and ".join(parts))


@register
class Range(Kind):
    name = "range"
    params = (
        Param("fact", "fact"),
        Param("min", "number", False),
        Param("max", "number", False),
        Param("min_inclusive", "bool", False, True),
        Param("max_inclusive", "bool", False, True),
        Param("unit", "unit", False, ""),
    )
    fact_params = ("fact",)

    def finish(self, params):
        if params.get("min") is None and params.get("max") is None:
            raise Invalid("give min, max or both", "須提供 min、max 或兩者")
        if params.get("min") is not None and params.get("max") is not None and params["min"] > params["max"]:
            raise Invalid("min is above max", "min 大於 max")

    def check(self, rule, ctx):
        p = rule.params
        fact = p["fact"]
        value = ctx.fact(fact)
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            value = Decimal(str(value))
        passed = True
        if p.get("min") is not None:
            passed &= value >= p["min"] if p.get("min_inclusive", True) else value > p["min"]
        if p.get("max") is not None:
            passed &= value <= p["max"] if p.get("max_inclusive", True) else value < p["max"]
        shown = amount(value, p.get("unit", ""), ctx)
        phrase = _bound_phrase(rule, ctx)
        message = (
            ctx.t(f"{ctx.label(fact)} {shown}，符合（{phrase}）", f"{ctx.label(fact)} {shown}: {phrase} — met")
            if passed
            else ctx.t(f"{ctx.label(fact)} {shown}，{phrase}", f"{ctx.label(fact)} {shown}; it {phrase}")
        )
        values = {fact: json_value(value)}
        for key in ("min", "max"):
            if p.get(key) is not None:
                values[key] = json_value(p[key])
        return passed, values, message, None

    def describe(self, rule, ctx):
        return ctx.t(
            f"{ctx.label(rule.params['fact'])}{_bound_phrase(rule, ctx)}",
            f"{ctx.label(rule.params['fact'])} {_bound_phrase(rule, ctx)}",
        )


def _band_text(band: dict, ctx: Context) -> str:
    label = pick(band["label"], ctx.lang)
    if band["max"] is None:
        return ctx.t(f"{label}（{band['min']} 人以上）", f"{label} ({band['min']} or more)")
    return f"{label}（{band['min']}–{band['max']} 人）" if ctx.zh else f"{label} ({band['min']}–{band['max']})"


@register
class BandIn(Kind):
    """The band a number falls in (company size by employees) is one of the allowed bands."""

    name = "band_in"
    params = (Param("fact", "fact"), Param("bands", "bands"), Param("allowed", "str_list"))
    fact_params = ("fact",)

    def finish(self, params):
        codes = {b["code"] for b in params["bands"]}
        unknown = [a for a in params["allowed"] if a not in codes]
        if unknown:
            raise Invalid(
                f"allowed names unknown bands: {', '.join(unknown)}", f"allowed 含不明的級距：{'、'.join(unknown)}"
            )

    def check(self, rule, ctx):
        fact = rule.params["fact"]
        value = ctx.fact(fact)
        band = next(
            (b for b in rule.params["bands"] if value >= b["min"] and (b["max"] is None or value <= b["max"])), None
        )
        allowed = [b for b in rule.params["bands"] if b["code"] in rule.params["allowed"]]
        options = join([pick(b["label"], ctx.lang) for b in allowed], ctx.lang)
        values = {fact: json_value(value), "band": band["code"] if band else "none"}
        if band is None:
            return (
                False,
                values,
                ctx.t(
                    f"{ctx.label(fact)} {value}，不屬任何級距；須為：{options}",
                    f"{ctx.label(fact)} {value} is in no band; it must be: {options}",
                ),
                None,
            )
        passed = band["code"] in rule.params["allowed"]
        shown = _band_text(band, ctx)
        message = (
            ctx.t(
                f"{ctx.label(fact)} {value}，屬{shown}，符合：{options}",
                f"{ctx.label(fact)} {value}: {shown}, allowed ({options})",
            )
            if passed
            else ctx.t(
                f"{ctx.label(fact)} {value}，屬{shown}，須為：{options}",
                f"{ctx.label(fact)} {value}: {shown}; it must be {options}",
            )
        )
        return passed, values, message, None

    def describe(self, rule, ctx):
        allowed = [b for b in rule.params["bands"] if b["code"] in rule.params["allowed"]]
        options = join([_band_text(b, ctx) for b in allowed], ctx.lang)
        return ctx.t(
            f"{ctx.label(rule.params['fact'])}須屬：{options}", f"{ctx.label(rule.params['fact'])} must be: {options}"
        )


@register
class CountMin(Kind):
    """A list fact (modules chosen, options picked) has at least ``min`` items (at most ``max``),
    counting only those in ``among`` / the ``catalogue`` when given. With ``only_listed`` an item outside
    them fails the rule by name (a scope: topics must all be in the programme's areas)."""

    name = "count_min"
    params = (
        Param("fact", "fact"),
        Param("min", "int"),
        Param("max", "int", False),
        Param("among", "str_list", False),
        Param("catalogue", "code", False),
        Param("unit", "unit", False, "items"),
        Param("only_listed", "bool", False, False),
    )
    fact_params = ("fact",)

    def finish(self, params):
        if params.get("max") is not None and params["max"] < params["min"]:
            raise Invalid("max is below min", "max 小於 min")
        if params.get("only_listed") and params.get("among") is None and params.get("catalogue") is None:
            raise Invalid("only_listed needs among or a catalogue", "only_listed 須搭配 among 或 catalogue")

    def _need(self, rule, ctx) -> str:
        p, unit = rule.params, rule.params.get("unit", "items")
        if p.get("max") is None:
            return ctx.t(f"至少 {amount(p['min'], unit, ctx)}", f"at least {amount(p['min'], unit, ctx)}")
        if p["max"] == p["min"]:
            return ctx.t(f"恰為 {amount(p['min'], unit, ctx)}", f"exactly {amount(p['min'], unit, ctx)}")
        return ctx.t(f"{p['min']} 至 {amount(p['max'], unit, ctx)}", f"{p['min']} to {amount(p['max'], unit, ctx)}")

    def check(self, rule, ctx):
        p = rule.params
        fact = p["fact"]
        value = ctx.fact(fact)
        outside = []
        if isinstance(value, (list, tuple, set)):
            among = p.get("among")
            count = len({v for v in value if among is None or v in among})
            if p.get("only_listed"):
                outside = list(dict.fromkeys(str(v) for v in value if v not in among))
        else:
            count = int(value)
        if outside:
            shown = join(outside, ctx.lang)
            message = ctx.t(
                f"{ctx.label(fact)}含範圍外之項目：{shown}", f"{ctx.label(fact)} include items out of scope: {shown}"
            )
            return False, {fact: count, "min": p["min"], "outside": ",".join(outside)}, message, None
        passed = count >= p["min"] and (p.get("max") is None or count <= p["max"])
        shown, need = amount(count, p.get("unit", "items"), ctx), self._need(rule, ctx)
        if p.get("among") is not None and rule.label:
            shown = ctx.t(f"{shown}（{rule.title(ctx.lang)}）", f"{shown} ({rule.title(ctx.lang)})")
        message = (
            ctx.t(f"{ctx.label(fact)} {shown}，符合（{need}）", f"{ctx.label(fact)}: {shown} ({need}) — met")
            if passed
            else ctx.t(f"{ctx.label(fact)} {shown}，須{need}", f"{ctx.label(fact)}: {shown}; {need} needed")
        )
        values = {fact: count, "min": p["min"]}
        if p.get("max") is not None:
            values["max"] = p["max"]
        return passed, values, message, None

    def describe(self, rule, ctx):
        text = ctx.t(
            f"{ctx.label(rule.params['fact'])}須{self._need(rule, ctx)}",
            f"{ctx.label(rule.params['fact'])}: {self._need(rule, ctx)}",
        )
        if rule.params.get("only_listed"):
            text += ctx.t("，且每一項均須屬所列範圍", ", every one of them within the listed scope")
        return text
