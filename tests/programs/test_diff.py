"""The plain-language diff between two versions of a rule set, and the edits it is made from (pure engine)."""

import copy
import datetime

import pytest

from programs.rules.diff import diff_meta, diff_rulesets
from programs.rules.layout import (
    NotFound,
    locate,
    shift_date,
    to_configure_entries,
    with_dates_shifted,
    with_rule_added,
    with_rule_moved,
    with_rule_removed,
    with_rule_wrapped,
    with_year_moved,
)
from tests.programs.golden_runner import seed_rules

LEAN = seed_rules("lean-2026-basic")


def lines(changes, lang="zh-hant") -> list[str]:
    return [line[lang] for change in changes for line in change.lines]


def changed(edit) -> list:
    new = copy.deepcopy(LEAN)
    edit(new)
    return diff_rulesets(LEAN, new)


def test_the_same_rule_set_has_no_changes():
    assert diff_rulesets(LEAN, copy.deepcopy(LEAN)) == []


def test_a_cap_raised_reads_as_the_document_would_say_it_in_both_languages():
    [change] = changed(lambda r: r["budget"]["rules"][0]["params"].update(max=600000))
    assert (change.section, change.action, change.ref) == ("budget", "changed", "gov_cap")
    assert lines([change]) == ["政府補助款上限 500,000 元 → 600,000 元"]
    assert lines([change], "en") == ["government subsidy cap: NT$500,000 → NT$600,000"]
    assert change.before["zh-hant"] == "政府補助款不得超過 500,000 元"  # the kind's own describe, before and after
    assert change.after["en"] == "government subsidy at most NT$600,000"
    assert change.subject["zh-hant"].startswith("每案政府補助款最高 600,000 元")


def test_a_share_a_level_and_a_label_change():
    def edit(rules):
        rule = rules["eligibility"]["company"][0]
        rule["level"] = "warning"
        rule["label"] = {"zh-hant": "辦理公司或商業登記", "en": "registered"}
        rules["plan"][2]["params"]["max"] = "10"

    text = lines(changed(edit))
    assert "層級 必要條件 → 建議（警示）" in text
    assert "規則名稱 「在中華民國境內依法辦理公司登記或商業登記」 → 「辦理公司或商業登記」" in text
    assert any(line.endswith("12 人月 → 10 人月") for line in text)


def test_rules_added_and_removed_are_said_with_their_plain_language():
    def edit(rules):
        del rules["eligibility"]["company"][1]
        rules["eligibility"]["company"].append(
            {"id": "small", "kind": "range", "params": {"fact": "employees", "max": 200, "unit": "people"}}
        )

    changes = {c.action: c for c in changed(edit)}
    assert changes["removed"].ref == "factory_registered" and changes["removed"].before["zh-hant"]
    assert changes["added"].after["zh-hant"] == "公司人數須不超過 200 人"


def test_a_condition_and_a_sub_rule_change_name_where_they_sit():
    def edit(rules):
        rules["plan"][5]["when"]["params"]["rules"][0]["params"]["max"] = 6
        rules["plan"][4]["when"]["params"]["rules"].pop()

    text = lines(changed(edit))
    assert "適用條件：公司人數須少於 6 人：公司人數上限 5 人 → 6 人" in text
    assert any(line.startswith("適用條件：刪除子規則：") for line in text)


def test_items_settings_and_the_editions_own_fields():
    def edit(rules):
        rules["documents"].append(
            {
                "code": "bank_book",
                "label": {"zh-hant": "存摺", "en": "bank book"},
                "stage": "contract",
                "required": False,
            }
        )
        rules["deadlines"][0]["months"] = 2
        rules["rubric"]["criteria"][0]["weight"] = "20"
        rules["rubric"]["criteria"][1]["weight"] = "45"
        rules["catalogues"]["lean_consultants"].append(
            {"code": "six_sigma", "label": {"zh-hant": "六標準差顧問", "en": "six sigma"}}
        )
        rules["budget"]["tax_inclusive"] = True

    text = lines(changed(edit))
    assert {"必備：否", "階段：簽約時"} <= set(text)
    assert "月數 1 個月 → 2 個月" in text and "權重 25% → 20%" in text
    assert "新增項目：六標準差顧問" in text and "金額含稅 否 → 是" in text
    meta = diff_meta(
        {"year": 2026, "application_opens": datetime.date(2026, 1, 1)},
        {"year": 2027, "application_opens": datetime.date(2027, 1, 1)},
    )
    assert lines(meta) == ["年度 2026 → 2027", "受理申請起日 民國 115 年 1 月 1 日 → 民國 116 年 1 月 1 日"]


def test_dates_move_a_year_and_a_leap_day_falls_back_to_the_28th():
    moved = with_dates_shifted(LEAN, 1)
    assert moved["period"][1]["params"]["after"] == "2027-01-01"
    assert moved["period"][2]["params"]["on_or_before"] == "2027-09-30"
    assert LEAN["period"][2]["params"]["on_or_before"] == "2026-09-30"  # a copy: the original stays
    assert shift_date(datetime.date(2024, 2, 29), 1) == datetime.date(2025, 2, 28)
    assert with_year_moved("115 年度計畫（2026）；1150 號", 2026, 1) == "116 年度計畫（2027）；1150 號"


def test_edits_by_address_and_what_they_refuse():
    assert locate(LEAN, "plan", "5.w.c0").path == (
        "plan[5] (small_firm_declaration).when (uninsured_staff_in_firm_under_5).params.rules[0] (firm_under_5_people)"
    )
    added, address = with_rule_added(LEAN, "period", {"id": "x", "kind": "date_order", "params": {}})
    assert address == "4" and len(added["period"]) == 5 and len(LEAN["period"]) == 4
    assert with_rule_moved(LEAN, "period", "0", 1)["period"][1]["id"] == "period_in_order"
    assert with_rule_moved(LEAN, "period", "0", -1) == LEAN  # the first stays first
    assert "when" not in with_rule_removed(LEAN, "plan", "5.w")["plan"][5]
    wrapped = with_rule_wrapped(LEAN, "period", "1", "none_of", "not_before")
    assert wrapped["period"][1]["params"]["rules"][0]["id"] == "start_after_announcement"
    for bad in (
        lambda: locate(LEAN, "plan", "0.w"),
        lambda: locate(LEAN, "nope", "0"),
        lambda: locate(LEAN, "plan", "-1"),
        lambda: with_rule_wrapped(LEAN, "plan", "0", "range", "g"),
        lambda: with_rule_added(LEAN, "plan", {}, parent="0"),
    ):
        with pytest.raises(NotFound):
            bad()
    entries = to_configure_entries(LEAN)
    assert [e["path"] for e in entries][:2] == ["application_closes", "eligibility.company.not_debarred_this_subsidy"]
    assert len({e["key"] for e in entries}) == len(entries)
