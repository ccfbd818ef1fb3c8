"""The pure rule engine: every kind's verdict and message, the compiler's problem reports."""

import datetime
from decimal import Decimal

import pytest

from programs import rules as R
from programs.rules.compiler import RuleCompiler, Vocabulary
from programs.rules.core import Context
from programs.rules.evaluate import describe_rule, evaluate_rule

VOCAB = Vocabulary(
    facts={"employees", "net_worth", "registration", "industry_codes", "prc_capital", "modules", "progress_list",
           "prices", "project_start", "project_end", "qualifications", "hours", "mentor_hours", "x"},
    lines={"personnel", "business", "equipment", "business_tax", "public_fee", "salary"},
    catalogues={"modules": ["mes_wip", "mes_quality", "ems_power"]},
    budget=True,
)  # fmt: skip


def rule(data: dict):
    problems = []
    compiled = RuleCompiler(problems).rule(data, "test", VOCAB, set())
    assert not problems, [p.text("en") for p in problems]
    return compiled


def problems_of(data: dict) -> list[str]:
    problems = []
    RuleCompiler(problems).rule(data, "budget.rules[0]", VOCAB, set())
    return [p.text("en") for p in problems]


def check(data: dict, facts: dict, lang: str = "zh-hant") -> R.Outcome:
    return evaluate_rule(rule(data), Context(facts, {}, lang))


def budget(lines: dict[str, tuple[int, int]]) -> dict:
    return R.budget_facts([{"code": c, "gov": g, "self": s} for c, (g, s) in lines.items()])


# --- shares, strict and inclusive ------------------------------------------------------------------

SHARE = {"id": "gov_share", "kind": "share_max", "params": {"part": "gov_total", "whole": "total", "max": "50.00"}}


def test_share_at_the_limit_passes_when_inclusive():
    outcome = check(SHARE, budget({"personnel": (500_000, 500_000)}))
    assert outcome.passed
    assert outcome.values["share"] == "50.00"


def test_share_at_the_limit_fails_when_strict_with_the_design_message():
    strict = {**SHARE, "params": {**SHARE["params"], "strict": True}}
    outcome = check(strict, budget({"personnel": (5_000_000, 5_000_000)}))
    assert not outcome.passed
    assert outcome.message == "政府補助款 5,000,000 元占總經費 10,000,000 元之 50.00%，須低於 50.00%"


def test_share_over_the_limit_reads_like_the_design_example():
    outcome = check(SHARE, budget({"personnel": (6_000_000, 4_000_000)}))
    assert outcome.message == "政府補助款 6,000,000 元占總經費 10,000,000 元之 60.00%，超過上限 50.00%"
    assert outcome.values == {"gov_total": 6_000_000, "total": 10_000_000, "share": "60.00", "limit": "50.00"}


def test_a_share_just_over_is_not_displayed_as_equal_to_the_limit():
    outcome = check(SHARE, budget({"personnel": (5_000_001, 5_000_000)}))
    assert not outcome.passed
    assert "50.00001%" in outcome.message or "50.000005%" in outcome.message


def test_share_of_a_zero_whole_fails_clearly():
    outcome = check(SHARE, budget({}))
    assert not outcome.passed
    assert "無法計算比例" in outcome.message


def test_exact_fraction_limits():
    two_thirds = {
        "id": "mentor",
        "kind": "share_min",
        "params": {"part": "mentor_hours", "whole": "hours", "min": "2/3"},
    }
    assert check(two_thirds, {"mentor_hours": 20, "hours": 30}).passed
    assert not check(two_thirds, {"mentor_hours": 19, "hours": 29}).passed  # 65.5 %
    assert check(two_thirds, {"mentor_hours": 2, "hours": 3}).values["limit"] == "66.67"


def test_english_messages():
    outcome = check(SHARE, budget({"personnel": (6_000_000, 4_000_000)}), lang="en")
    assert outcome.message == (
        "government funding NT$6,000,000 is 60.00% of the total budget NT$10,000,000, above the cap of 50.00%"
    )


# --- money kinds ---------------------------------------------------------------------------------------


def test_amount_max_inclusive_and_strict():
    cap = {"id": "gov_cap", "kind": "amount_max", "params": {"quantity": "gov_total", "max": 600_000}}
    assert check(cap, budget({"personnel": (600_000, 0)})).passed
    failing = check(cap, budget({"personnel": (600_001, 0)}))
    assert not failing.passed
    assert failing.message == "政府補助款 600,001 元，超過上限 600,000 元"
    strict = {**cap, "params": {**cap["params"], "strict": True}}
    assert not check(strict, budget({"personnel": (600_000, 0)})).passed


def test_line_rules():
    lines = budget({"personnel": (1, 0), "business": (0, 0), "equipment": (0, 5)})
    assert not check({"id": "pp", "kind": "line_side_forbidden", "params": {"line": "personnel"}}, lines).passed
    assert check({"id": "pp", "kind": "line_side_forbidden", "params": {"line": "equipment"}}, lines).passed
    assert not check({"id": "bb", "kind": "line_nonzero", "params": {"line": "business"}}, lines).passed
    assert not check({"id": "ee", "kind": "line_forbidden", "params": {"line": "equipment"}}, lines).passed
    assert check({"id": "ss", "kind": "line_forbidden", "params": {"line": "salary"}}, lines).passed  # absent = 0


def test_line_share_max():
    rule_data = {
        "id": "equipment_cap",
        "kind": "line_share_max",
        "params": {"line": "equipment", "side": "gov", "of": "total", "max": "30.00"},
    }
    assert check(rule_data, budget({"equipment": (2_400_000, 0), "personnel": (0, 5_600_000)})).passed
    outcome = check(rule_data, budget({"equipment": (2_400_001, 0), "personnel": (0, 5_600_000)}))
    assert not outcome.passed


def test_compare_lines():
    rule_data = {
        "id": "self_ge_gov",
        "kind": "compare_lines",
        "params": {"left": "self_total", "op": ">=", "right": "gov_total"},
    }
    assert check(rule_data, budget({"personnel": (500, 500)})).passed
    assert not check(rule_data, budget({"personnel": (501, 500)})).passed


@pytest.mark.parametrize(("side_total", "tax"), [(700_000, 33_333), (1_400_000, 66_667), (21, 1), (10, 0), (0, 0)])
def test_business_tax_inside_a_tax_inclusive_amount(side_total, tax):
    from programs.rules.kinds_derived import tax_of

    assert tax_of(side_total, Decimal(5)) == tax


def test_derived_tax_outcome_and_derived_values():
    rule_data = {"id": "tax", "kind": "derived_tax", "params": {"line": "business_tax"}}
    facts = budget({"salary": (666_667, 666_667), "business_tax": (33_333, 33_333)})
    outcome = check(rule_data, facts)
    assert outcome.passed
    assert outcome.derived == {"business_tax": {"gov": 33_333, "self": 33_333, "total": 66_666}}


def test_derived_cap_rounds_half_up():
    rule_data = {
        "id": "fee",
        "kind": "derived_cap",
        "params": {"line": "public_fee", "base": ["salary"], "rate": "3.6", "output": "public_fee_cap"},
    }
    # 12,500 × 3.6 % = 450; 12,514 × 3.6 % = 450.504 → 451
    assert check(rule_data, budget({"salary": (12_514, 0), "public_fee": (451, 0)})).derived == {"public_fee_cap": 451}
    assert not check(rule_data, budget({"salary": (12_500, 0), "public_fee": (451, 0)})).passed


# --- fact kinds ------------------------------------------------------------------------------------------


def test_range_messages_and_bounds():
    positive = {
        "id": "positive_net_worth",
        "kind": "range",
        "params": {"fact": "net_worth", "min": 0, "min_inclusive": False, "unit": "money"},
    }
    assert not check(positive, {"net_worth": 0}).passed
    assert check(positive, {"net_worth": 1}).passed
    assert check(positive, {"net_worth": -3_000_000}).message == "淨值 -3,000,000 元，須大於 0 元"


def test_band_in():
    bands = [
        {"code": "micro", "label": "微型", "min": 1, "max": 5},
        {"code": "small", "label": "小型", "min": 6, "max": 10},
        {"code": "sme", "label": "中小型", "min": 11, "max": 199},
        {"code": "large", "label": "大型", "min": 200, "max": None},
    ]
    rule_data = {
        "id": "size",
        "kind": "band_in",
        "params": {"fact": "employees", "bands": bands, "allowed": ["micro", "small", "sme"]},
    }
    assert check(rule_data, {"employees": 199}).passed
    outcome = check(rule_data, {"employees": 200})
    assert not outcome.passed
    assert outcome.values["band"] == "large"
    assert not check(rule_data, {"employees": 0}).passed  # in no band


def test_prefix_match_by_group_and_division():
    rule_data = {
        "id": "industry",
        "kind": "prefix_match",
        "params": {"fact": "industry_codes", "prefixes": ["291", "24"]},
    }
    assert check(rule_data, {"industry_codes": ["2912"]}).values["matched"] == "291"
    assert check(rule_data, {"industry_codes": ["2411"]}).passed
    assert not check(rule_data, {"industry_codes": ["2929"]}).passed
    assert not check(rule_data, {"industry_codes": []}).passed


def test_count_min_with_a_catalogue_and_exactly_one():
    one = {"id": "one", "kind": "count_min", "params": {"fact": "modules", "min": 1, "max": 1, "catalogue": "modules"}}
    assert check(one, {"modules": ["mes_wip"]}).passed
    assert not check(one, {"modules": ["mes_wip", "ems_power"]}).passed
    assert not check(one, {"modules": ["unknown"]}).passed


def test_contains_all_increasing_each_max():
    contains = {"id": "cc", "kind": "contains_all", "params": {"fact": "modules", "values": ["mes_wip", "ems_power"]}}
    assert not check(contains, {"modules": ["mes_wip"]}).passed
    increasing = {"id": "ii", "kind": "increasing", "params": {"fact": "progress_list", "end": "100"}}
    assert check(increasing, {"progress_list": ["20", "60", "100"]}).passed
    assert not check(increasing, {"progress_list": ["20", "20", "100"]}).passed
    assert not check(increasing, {"progress_list": ["20", "60", "90"]}).passed
    each = {"id": "mm", "kind": "each_max", "params": {"fact": "prices", "max": 10_000, "strict": True}}
    assert check(each, {"prices": [9_999, 100]}).passed
    assert not check(each, {"prices": [10_000]}).passed


def test_period_length_and_date_window():
    period = {
        "id": "pp",
        "kind": "period_length",
        "params": {"start_fact": "project_start", "end_fact": "project_end", "min_months": 6, "max_months": 10},
    }
    day = datetime.date
    assert check(period, {"project_start": day(2026, 2, 1), "project_end": day(2026, 7, 31)}).passed
    assert not check(period, {"project_start": day(2026, 2, 2), "project_end": day(2026, 7, 31)}).passed
    window = {"id": "ww", "kind": "date_window", "params": {"fact": "project_end", "on_or_before": "2026-09-30"}}
    assert check(window, {"project_end": day(2026, 9, 30)}).passed
    outcome = check(window, {"project_end": day(2026, 10, 1)})
    assert outcome.message == "計畫結束日為民國 115 年 10 月 1 日，須在民國 115 年 9 月 30 日（含）以前"


def test_qualification_valid_after_the_start():
    rule_data = {"id": "qq", "kind": "qualification_valid", "params": {"categories": ["SI", "AU"]}}
    start = datetime.date(2026, 3, 1)
    assert check(
        rule_data, {"qualifications": [{"category": "SI", "expires_on": "2026-03-02"}], "project_start": start}
    ).passed
    assert not check(
        rule_data, {"qualifications": [{"category": "SI", "expires_on": "2026-03-01"}], "project_start": start}
    ).passed
    assert not check(
        rule_data, {"qualifications": [{"category": "SD", "expires_on": "2030-01-01"}], "project_start": start}
    ).passed


# --- combinators, conditions, missing facts ------------------------------------------------------------------


SME = {"id": "sme", "kind": "any_of", "params": {"rules": [
    {"id": "capital_small", "kind": "range", "params": {"fact": "x", "max": 80_000_000, "unit": "money"}},
    {"id": "staff_small", "kind": "range", "params": {"fact": "employees", "max": 200, "max_inclusive": False}},
]}}  # fmt: skip


def test_any_of_and_none_of():
    assert check(SME, {"x": 90_000_000, "employees": 199}).passed
    assert not check(SME, {"x": 90_000_000, "employees": 200}).passed
    not_sme = {"id": "not_sme", "kind": "none_of", "params": {"rules": SME["params"]["rules"]}}
    assert check(not_sme, {"x": 90_000_000, "employees": 200}).passed


def test_when_makes_a_rule_not_applicable():
    rule_data = {
        "id": "attendance",
        "kind": "range",
        "params": {"fact": "hours", "min": 10},
        "when": {"id": "big", "kind": "range", "params": {"fact": "employees", "min": 15}},
    }
    outcome = check(rule_data, {"employees": 14, "hours": 0})
    assert outcome.passed
    assert outcome.values == {"applicable": "false"}
    assert outcome.message.startswith("不適用")
    assert not check(rule_data, {"employees": 15, "hours": 9}).passed


def test_missing_facts_are_errors_or_warnings():
    rule_data = {"id": "one_case_per_year", "kind": "range", "params": {"fact": "x", "max": 0}}
    outcome = check(rule_data, {})
    assert (outcome.passed, outcome.level) == (False, "error")
    warned = check({**rule_data, "on_missing": "warning"}, {})
    assert (warned.passed, warned.level, warned.blocking) == (False, "warning", False)
    assert R.all_hold([warned])


def test_describe_reads_like_the_rule():
    cap = rule({"id": "gov_cap", "kind": "amount_max", "params": {"quantity": "gov_total", "max": 600_000}})
    assert describe_rule(cap, Context({}, {}, "zh-hant")) == "政府補助款不得超過 600,000 元"
    assert describe_rule(cap, Context({}, {}, "en")) == "government funding at most NT$600,000"


# --- the compiler names the rule and the parameter ---------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"id": "aa", "kind": "nope", "params": {}}, ".kind: unknown kind"),
        ({"id": "Bad Id", "kind": "line_forbidden", "params": {"line": "personnel"}}, ".id: must be a stable id"),
        (
            {"id": "cap", "kind": "amount_max", "params": {"quantity": "gov_total"}},
            "budget.rules[0] (cap).params.max: is required",
        ),
        (
            {"id": "cap", "kind": "amount_max", "params": {"quantity": "gov_total", "max": 1.5}},
            "params.max: must be a whole number of NT$",
        ),
        (
            {"id": "cap", "kind": "amount_max", "params": {"quantity": "gov_total", "max": -1}},
            "params.max: must not be negative",
        ),
        (
            {"id": "cap", "kind": "amount_max", "params": {"quantity": "gov_total", "max": 1, "extra": 1}},
            "params.extra: unknown parameter",
        ),
        (
            {"id": "ss", "kind": "share_max", "params": {"part": "gov_total", "max": 50.5}},
            "params.max: write decimals as quoted strings",
        ),
        (
            {"id": "ss", "kind": "share_max", "params": {"part": "gov_total", "max": "150"}},
            "params.max: must be a percentage",
        ),
        (
            {"id": "ss", "kind": "share_max", "params": {"part": "nothing", "max": "50"}},
            "params.part: 'nothing' is not a fact",
        ),
        (
            {"id": "ll", "kind": "line_forbidden", "params": {"line": "yacht"}},
            "params.line: 'yacht' is not a budget line",
        ),
        ({"id": "rr", "kind": "range", "params": {"fact": "employees"}}, "give min, max or both"),
        ({"id": "rr", "kind": "range", "params": {"fact": "employees", "min": 5, "max": 1}}, "min is above max"),
        ({"id": "aa", "kind": "all_of", "params": {"rules": []}}, "needs at least one rule"),
        (
            {"id": "cc", "kind": "count_min", "params": {"fact": "modules", "min": 1, "catalogue": "nope"}},
            "unknown catalogue nope",
        ),
        (
            {"id": "xx", "kind": "bool_fact", "params": {"fact": "prc_capital", "expected": "no"}},
            "params.expected: must be true or false",
        ),
        (
            {"id": "xx", "kind": "bool_fact", "params": {"fact": "prc_capital", "expected": False}, "level": "fatal"},
            ".level: must be error or warning",
        ),
    ],
)
def test_compiler_problems_say_which_rule_and_parameter(data, expected):
    problems = problems_of(data)
    assert any(expected in p for p in problems), problems


def test_duplicate_rule_ids_are_refused():
    problems: list = []
    RuleCompiler(problems).rules(
        [
            {"id": "aa", "kind": "line_forbidden", "params": {"line": "personnel"}},
            {"id": "aa", "kind": "line_forbidden", "params": {"line": "business"}},
        ],
        "budget.rules",
        VOCAB,
    )
    assert any("aa is used twice" in p.en for p in problems)


def test_ruleset_problems_cover_every_section():
    problems = R.validate_ruleset(
        {
            "schema": 1,
            "surprise": {},
            "budget": {
                "lines": [{"code": "a", "label": "甲"}],
                "rules": [{"id": "xx", "kind": "line_forbidden", "params": {"line": "b"}}],
            },
            "rubric": {"criteria": [{"code": "needs", "label": "需求", "weight": "30"}]},
            "instalments": [{"number": 1, "share": "40", "label": "第 1 期"}],
            "deadlines": [{"code": "d", "label": "補件", "working_days": 10, "calendar_days": 3, "anchor": "notice"}],
        }
    )
    paths = " | ".join(p.text("en") for p in problems)
    assert "surprise: unknown section" in paths
    assert "'b' is not a budget line" in paths
    assert "weights add up to 30, not 100" in paths
    assert "shares add up to 40, not 100" in paths
    assert "exactly one of working_days" in paths


def test_problems_in_chinese():
    problems = R.validate_ruleset(
        {"schema": 1, "rubric": {"criteria": [{"code": "n", "label": "需求", "weight": "30"}]}}
    )
    assert any("權重合計為 30，須為 100" in p.text("zh-hant") for p in problems)
