"""Engine capabilities added so editions can say what the documents say (issue 11): shares compared at the
precision a document states them, catalogue scopes that name what is outside, budgets split by party, plan
rules reading the budget, deadlines on the review date or on the anchor day, contract documents, labels that
cannot drift from their parameters, periods in order."""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from programs import rules as R
from programs.rules.compiler import RuleCompiler, Vocabulary
from programs.rules.core import Context
from programs.rules.evaluate import describe_rule, evaluate_rule
from programs.rules.money import compare_share, least_part_reaching, rounded_share

VOCAB = Vocabulary(
    facts={"saving", "self_funding", "topics", "project_start", "project_end", "students", "employees"},
    lines={"total", "executing_unit", "cooperating_company"},
    catalogues={"scope": ["iot", "net_zero", "lean"]},
    budget=True,
)  # fmt: skip


def rule(data: dict):
    problems: list = []
    compiled = RuleCompiler(problems).rule(data, "plan[0]", VOCAB, set())
    assert not problems, [p.text("en") for p in problems]
    return compiled


def problems_of(data: dict) -> list[str]:
    problems: list = []
    RuleCompiler(problems).rule(data, "plan[0]", VOCAB, set())
    return [p.text("en") for p in problems]


def check(data: dict, facts: dict, lang: str = "zh-hant") -> R.Outcome:
    return evaluate_rule(rule(data), Context(facts, {}, lang))


def budget(lines: dict[str, tuple[int, int]]) -> dict:
    return R.budget_facts([{"code": c, "gov": g, "self": s} for c, (g, s) in lines.items()])


# --- a share compared at the precision the document states it ---------------------------------------

SAVING = {
    "id": "saving_share_of_self",
    "kind": "share_min",
    "params": {"part": "saving", "whole": "self_funding", "min": "33", "share_decimals": 0},
}


def test_a_share_rounded_to_a_whole_percent_lets_the_documents_examples_pass():
    outcome = check(SAVING, {"saving": 420_000, "self_funding": 1_280_000})  # seed 000: 128萬 → 42萬
    assert outcome.passed
    assert outcome.values["rounded_share"] == "33"
    assert "32.81%（四捨五入為 33%），達下限 33.00%" in outcome.message
    assert check(SAVING, {"saving": 170_000, "self_funding": 520_000}).passed  # 52萬 → 17萬: 32.69 %
    assert check(SAVING, {"saving": 416_000, "self_funding": 1_280_000}).passed  # 32.50 % rounds up
    short = check(SAVING, {"saving": 415_999, "self_funding": 1_280_000})
    assert not short.passed and short.values["rounded_share"] == "32"
    exact = {**SAVING, "params": {k: v for k, v in SAVING["params"].items() if k != "share_decimals"}}
    assert not check(exact, {"saving": 420_000, "self_funding": 1_280_000}).passed


def test_the_rounding_reads_in_the_plain_language_and_in_english():
    compiled = rule(SAVING)
    assert "比例四捨五入至整數百分比後比較" in describe_rule(compiled, Context({}, {}, "zh-hant"))
    english = check(SAVING, {"saving": 420_000, "self_funding": 1_280_000}, lang="en")
    assert "32.81% (33% rounded)" in english.message


def test_a_rounded_share_cap():
    cap = {"id": "cap", "kind": "share_max", "params": {"part": "gov_total", "max": "50", "share_decimals": 0}}
    assert check(cap, budget({"total": (504, 496)})).passed  # 50.4 % rounds to 50
    assert not check(cap, budget({"total": (505, 495)})).passed  # 50.5 % rounds to 51


def test_share_decimals_are_checked():
    bad = {**SAVING, "params": {**SAVING["params"], "share_decimals": 7}}
    assert any("share_decimals must be from 0 to 4" in p for p in problems_of(bad))


@given(
    st.integers(min_value=1, max_value=10**9), st.integers(min_value=1, max_value=99), st.sampled_from([None, 0, 1, 2])
)
def test_the_least_part_reaching_a_share_agrees_with_the_comparison(whole, percent, places):
    limit = Decimal(percent)
    least = least_part_reaching(whole, limit, places)
    assert compare_share(least, whole, limit, places) >= 0
    if least > 0:
        assert compare_share(least - 1, whole, limit, places) < 0


def test_rounded_share_is_exact_half_up():
    assert rounded_share(1, 8, 1) == Decimal("12.5")
    assert rounded_share(1, 3, 2) == Decimal("33.33")
    assert rounded_share(2, 3, 0) == Decimal("67")
    assert rounded_share(13, 40, 0) == Decimal("33")  # 32.5 → 33
    assert compare_share(2, 3, Fraction(200, 3)) == 0


# --- a scope: an item outside the catalogue fails by name ------------------------------------------------

SCOPE = {
    "id": "topic_scope",
    "kind": "count_min",
    "params": {"fact": "topics", "min": 1, "catalogue": "scope", "only_listed": True},
}


def test_an_out_of_scope_item_fails_by_name():
    outcome = check(SCOPE, {"topics": ["iot", "cooking"]})
    assert not outcome.passed
    assert outcome.values["outside"] == "cooking"
    assert outcome.message == "topics含範圍外之項目：cooking"
    assert check(SCOPE, {"topics": ["iot", "net_zero"]}).passed
    assert (
        "include items out of scope: cooking, baking" in check(SCOPE, {"topics": ["cooking", "baking"]}, "en").message
    )


def test_without_only_listed_outside_items_are_not_counted_but_allowed():
    counting = {**SCOPE, "params": {k: v for k, v in SCOPE["params"].items() if k != "only_listed"}}
    assert check(counting, {"topics": ["iot", "cooking"]}).passed
    assert not check(counting, {"topics": ["cooking"]}).passed


def test_only_listed_needs_a_list():
    bare = {"id": "cc", "kind": "count_min", "params": {"fact": "topics", "min": 1, "only_listed": True}}
    assert any("only_listed needs among or a catalogue" in p for p in problems_of(bare))
    assert "每一項均須屬所列範圍" in describe_rule(rule(SCOPE), Context({}, {}, "zh-hant"))


# --- a budget split by party where caps bind each party ------------------------------------------------

SPLIT = {
    "id": "split_by_party",
    "kind": "split_required",
    "params": {"line": "total", "into": ["executing_unit", "cooperating_company"]},
}


def test_an_unsplit_amount_is_refused_where_caps_bind_each_party():
    labels = {
        "line.total": {"zh-hant": "計畫經費（未分列）", "en": "project funds"},
        "line.executing_unit": {"zh-hant": "執行單位經費", "en": "executing unit"},
        "line.cooperating_company": {"zh-hant": "合作單位經費", "en": "cooperating company"},
    }
    outcome = evaluate_rule(rule(SPLIT), Context(budget({"total": (400_000, 0)}), labels, "zh-hant"))
    assert not outcome.passed
    assert outcome.message == "計畫經費（未分列）填列 400,000 元：經費須按執行單位經費、合作單位經費分列"
    split = budget({"executing_unit": (300_000, 0), "cooperating_company": (100_000, 0)})
    assert evaluate_rule(rule(SPLIT), Context(split, labels, "zh-hant")).passed
    assert describe_rule(rule(SPLIT), Context({}, labels, "en")) == (
        "the budget is split into executing unit, cooperating company, not entered as project funds"
    )


def test_split_names_budget_lines_only():
    bad = {**SPLIT, "params": {"line": "total", "into": ["university"]}}
    assert any("'university' is not a budget line" in p for p in problems_of(bad))


# --- plan rules read the budget ------------------------------------------------------------------------

RULESET = {
    "schema": 1,
    "facts": {"annual_saving": {"label": {"zh-hant": "年節省費用", "en": "annual saving"}, "type": "money"}},
    "budget": {"lines": [{"code": "total", "label": "計畫經費"}], "rules": []},
    "plan": [{"id": "saving_share_of_self", "kind": "share_min",
              "params": {"part": "annual_saving", "whole": "self_total", "min": "33", "share_decimals": 0}}],
}  # fmt: skip


def test_a_plan_rule_reads_the_budget_totals():
    ruleset = R.compile_ruleset(RULESET)
    lines = [{"code": "total", "gov": 2_000_000, "self": 1_280_000}]
    result = R.plan_check(ruleset, {"annual_saving": 420_000}, lang="zh-hant", lines=lines)
    assert result.ok
    assert result.outcomes[0].values["self_total"] == 1_280_000
    raised = R.plan_check(
        ruleset,
        {"annual_saving": 420_000},
        lang="zh-hant",
        lines=[{"code": "total", "gov": 2_000_000, "self": 1_300_000}],
    )
    assert not raised.ok


def test_the_budget_totals_come_from_the_budget_only():
    ruleset = R.compile_ruleset(RULESET)
    smuggled = R.plan_check(ruleset, {"annual_saving": 420_000, "self_total": 1_000_000}, lang="zh-hant")
    assert not smuggled.ok
    assert smuggled.outcomes[0].values == {"missing": "self_total"}
    assert "缺少「自籌款」資料" in smuggled.outcomes[0].message
    with pytest.raises(R.InputError) as exc:
        R.plan_check(ruleset, {"annual_saving": 1}, lang="en", lines=[{"code": "nope", "gov": 1, "self": 1}])
    assert "budget.0.code" in exc.value.errors


def test_plan_rules_know_the_totals_only_where_the_edition_has_a_budget():
    without_budget = {key: value for key, value in RULESET.items() if key != "budget"}
    problems = " | ".join(p.text("en") for p in R.validate_ruleset(without_budget))
    assert "plan[0] (saving_share_of_self).params.whole: 'self_total' is not a fact or quantity" in problems


def test_an_absent_line_counts_as_zero_only_when_a_budget_was_given():
    ctx = Context(budget({"total": (1, 1)}), {}, "en")
    assert ctx.money("line.executing_unit.gov") == 0
    from programs.rules.core import MissingFact

    with pytest.raises(MissingFact):
        Context({}, {}, "en").money("line.executing_unit.gov")


# --- deadlines: the review date as anchor, a deadline on the anchor day ----------------------------------

DEADLINES = [
    {"code": "review_slides", "label": {"zh-hant": "審查日前 {calendar_days} 日寄送簡報", "en": "slides {calendar_days} days before the review"},  # noqa: E501
     "calendar_days": 7, "anchor": "review", "before": True},
    {"code": "self_funding_paid", "label": "自籌款於計畫結案日前入帳", "anchor": "end", "before": True},
    {"code": "supplement", "label": "補件", "working_days": 10, "anchor": "notice"},
    {"code": "contract", "label": "簽約", "months": 1, "anchor": "approval"},
    {"code": "report_due", "label": "提前報告", "months": 2, "anchor": "end", "before": True},
]  # fmt: skip


def deadlines() -> dict:
    return {d.code: d for d in R.compile_ruleset({"schema": 1, "deadlines": DEADLINES}).deadlines}


def test_a_deadline_anchored_on_the_review_date():
    slides = deadlines()["review_slides"]
    assert slides.extra["anchor"] == "review"
    assert slides.label["zh-hant"] == "審查日前 7 日寄送簡報"
    assert R.deadline_due(slides, datetime.date(2025, 3, 20)) == datetime.date(2025, 3, 13)


def test_a_deadline_before_the_end_with_no_day_count_is_the_end_day_itself():
    paid = deadlines()["self_funding_paid"]
    assert R.deadline_due(paid, datetime.date(2025, 10, 31)) == datetime.date(2025, 10, 31)


def test_months_and_working_days():
    items = deadlines()
    assert R.deadline_due(items["contract"], datetime.date(2025, 1, 31)) == datetime.date(2025, 2, 28)
    assert R.deadline_due(items["report_due"], datetime.date(2025, 10, 31)) == datetime.date(2025, 8, 31)
    counted = []

    def counter(start, n):
        counted.append((start, n))
        return start + datetime.timedelta(days=n)

    assert R.deadline_due(items["supplement"], datetime.date(2025, 1, 24), working_days=counter) == datetime.date(
        2025, 2, 3
    )
    assert counted == [(datetime.date(2025, 1, 24), 10)]
    with pytest.raises(ValueError, match="supplement counts working days"):
        R.deadline_due(items["supplement"], datetime.date(2025, 1, 24))


@pytest.mark.parametrize(
    ("deadline", "expected"),
    [({"code": "x", "label": "x", "anchor": "end"}, "or none, with before: true"),
     ({"code": "x", "label": "x", "anchor": "end", "working_days": 5, "before": True}, "counted forward"),
     ({"code": "x", "label": "x", "anchor": "meeting", "calendar_days": 5}, "anchor"),
     ({"code": "x", "label": "補件 10 日內", "anchor": "notice", "working_days": 10}, "states '10'"),
     ({"code": "x", "label": "x", "anchor": "end", "calendar_days": 30, "every_months": 12}, "only with months"),
     ({"code": "x", "label": "x", "anchor": "end", "months": 12, "every_months": 24}, "between 1 and months"),
     ({"code": "x", "label": "x", "anchor": "end", "months": 12, "every_months": 0}, "between 1 and months")],
)  # fmt: skip
def test_deadline_problems(deadline, expected):
    problems = " | ".join(p.text("en") for p in R.validate_ruleset({"schema": 1, "deadlines": [deadline]}))
    assert expected in problems


def test_documents_by_stage():
    data = {
        "schema": 1,
        "documents": [
            {"code": "plan", "label": "計畫書"},
            {"code": "bank_credit_proof", "label": "金融機構票據信用證明文件", "stage": "contract"},
        ],
    }
    documents = R.compile_ruleset(data).documents
    assert [(d.code, d.extra["stage"]) for d in documents] == [
        ("plan", "application"),
        ("bank_credit_proof", "contract"),
    ]
    data["documents"][1]["stage"] = "closing"
    assert any("stage" in p.path for p in R.validate_ruleset(data))


# --- labels cannot state a number their parameters can change -----------------------------------------------

CAP = {
    "id": "gov_cap",
    "kind": "amount_max",
    "params": {"quantity": "gov_total", "max": 500_000},
    "label": {"zh-hant": "每案政府補助款最高 {max}", "en": "government subsidy at most {max} per case"},
}


def test_a_label_names_its_number_by_the_parameter():
    compiled = rule(CAP)
    assert compiled.title("zh-hant") == "每案政府補助款最高 500,000 元"
    assert compiled.title("en") == "government subsidy at most NT$500,000 per case"
    raised = rule({**CAP, "params": {**CAP["params"], "max": 600_000}})
    assert raised.title("zh-hant") == "每案政府補助款最高 600,000 元"  # the administrator's change, not the old 50 萬


@pytest.mark.parametrize(
    ("label", "token"),
    [({"zh-hant": "每案政府補助款最高 50 萬元", "en": "government subsidy at most {max}"}, "'50'"),
     ({"zh-hant": "每案政府補助款最高 {max}", "en": "government subsidy at most NT$500,000"}, "'500,000'"),
     ({"zh-hant": "每案最高 {max}", "en": "at most five hundred thousand dollars"}, "'five'")],
)  # fmt: skip
def test_a_label_stating_a_number_is_refused(label, token):
    problems = problems_of({**CAP, "label": label})
    assert any(token in p and "write it as a placeholder such as {max}" in p for p in problems), problems


def test_the_refusal_is_bilingual():
    problems: list = []
    RuleCompiler(problems).rule({**CAP, "label": "最高 50 萬元"}, "budget.rules[0]", VOCAB, set())
    assert any("標籤直接寫出「50」" in p.text("zh-hant") for p in problems)


def test_what_is_not_a_parameters_number():
    students = {"id": "students_min", "kind": "range", "params": {"fact": "students", "min": 4, "unit": "students"}}
    for label in (
        "（一）至少 {min} 名學生",
        "(1) at least {min} students",
        "SD3 或 A3 報告 {min} 名",
        "依 ISO 14064-1:2018 培育 {min} 名",
        "每門 {=3} 小時，至少 {min} 名",
    ):
        assert not problems_of({**students, "label": label}), label
    assert rule({**students, "label": "每門 {=3} 小時，至少 {min} 名"}).title("en") == "每門 3 小時，至少 4 名"
    # a rule with no numeric parameter may state the document's numbers (近 3 年)
    assert not problems_of(
        {
            "id": "tax",
            "kind": "bool_fact",
            "params": {"fact": "employees", "expected": False},
            "label": "近 3 年內無欠繳應納稅捐",
        }
    )


def test_placeholders_of_sub_rules_percentages_fractions_and_dates():
    attendance = {
        "id": "attendance",
        "kind": "range",
        "params": {"fact": "students", "min": 10, "unit": "people"},
        "label": "員工 {big.min} 人以上：至少 {min} 人",
        "when": {"id": "big", "kind": "range", "params": {"fact": "employees", "min": 15}},
    }
    assert rule(attendance).title("zh-hant") == "員工 15 人以上：至少 10 人"
    share = {
        "id": "mentor",
        "kind": "share_min",
        "params": {"part": "saving", "whole": "self_funding", "min": "2/3"},
        "label": "業師時數 {min} 以上",
    }
    assert rule(share).title("zh-hant") == "業師時數 2/3 以上"
    percent = {
        "id": "raise",
        "kind": "range",
        "params": {"fact": "students", "min": "3", "unit": "percent"},
        "label": {"zh-hant": "加薪 {min}（含）以上", "en": "a raise of at least {min}"},
    }
    assert rule(percent).title("en") == "a raise of at least 3%"
    end = {
        "id": "end_by",
        "kind": "date_window",
        "params": {"fact": "project_end", "on_or_before": "2025-10-31"},
        "label": {"zh-hant": "結案日期以{on_or_before}為限", "en": "ends by {on_or_before}"},
    }
    assert rule(end).title("zh-hant") == "結案日期以民國 114 年 10 月 31 日為限"
    assert rule(end).title("en") == "ends by 2025-10-31"


def test_a_placeholder_must_name_a_parameter():
    problems = problems_of({**CAP, "label": "最高 {maximum}"})
    assert any("{maximum} names no parameter of this rule (known: max, quantity" in p for p in problems)


def test_instalment_labels_use_their_share_and_conditions():
    ruleset = R.compile_ruleset(
        {
            "schema": 1,
            "instalments": [
                {"number": 1, "share": "40", "label": "第 {number} 期款（{share}）"},
                {
                    "number": 2,
                    "share": "60",
                    "final": True,
                    "label": "第 {number} 期款（工作進度達 {progress_60.min}）",
                    "conditions": [
                        {
                            "id": "progress_60",
                            "kind": "range",
                            "params": {"fact": "progress", "min": "60", "unit": "percent"},
                        }
                    ],
                },
            ],
        }
    )
    assert [i.label["zh-hant"] for i in ruleset.instalments] == ["第 1 期款（40%）", "第 2 期款（工作進度達 60%）"]
    stale = {"schema": 1, "instalments": [{"number": 1, "share": "100", "label": "一次撥付 100%"}]}
    assert any("states '100'" in p.text("en") for p in R.validate_ruleset(stale))


# --- a period in order, apart from a length that is only a principle ------------------------------------------


def test_date_order():
    order = {
        "id": "period_in_order",
        "kind": "date_order",
        "params": {"start_fact": "project_start", "end_fact": "project_end"},
    }
    day = datetime.date
    assert check(order, {"project_start": day(2025, 5, 1), "project_end": day(2025, 5, 1)}).passed
    reversed_ = check(order, {"project_start": day(2025, 5, 1), "project_end": day(2025, 4, 30)})
    assert not reversed_.passed
    assert reversed_.message == "計畫結束日民國 114 年 4 月 30 日早於計畫起始日民國 114 年 5 月 1 日"
