"""What the proposal prints, read from its contents and HTML (the PDF itself: test_proposal_pdf.py)."""

import pytest
from django.utils import translation

from applications.checks import case_check
from applications.models import ProposalJob
from applications.proposals.render import DASH, ProposalDataError, proposal_context, proposal_html
from tests.applications.proposal_data import full_machinery_case, smu_case

pytestmark = pytest.mark.django_db


def contents(case, lang="zh-hant") -> dict:
    job = ProposalJob(case=case, language=lang)  # as the worker reads it; nothing else is needed of the job
    with translation.override(lang):
        return proposal_context(job=job)


def html_of(case, lang="zh-hant") -> str:
    with translation.override(lang):
        return proposal_html(contents(case, lang))


def test_the_budget_table_has_the_editions_lines_and_the_derived_values_beside_them():
    context = contents(smu_case())
    rows = {row["label"]: row for row in context["budget_rows"]}
    assert list(rows) == ["直接薪資", "管理費用", "其他直接費用", "公費", "營業稅"]
    assert (
        rows["直接薪資"]["gov"],
        rows["直接薪資"]["self"],
        rows["直接薪資"]["total"],
        rows["直接薪資"]["share"],
    ) == ("500,000", "500,000", "1,000,000", "72.23")
    # the tax the rule computes per side (not the amounts entered), and the public fee's cap
    assert rows["營業稅"]["notes"] == [
        "營業稅（稅率 5%）按政府輔導經費與業者自籌款分別計算：合計金額 ÷（1＋稅率）× 稅率："
        "政府輔導經費 33,504；業者自籌款 32,426；合計 65,930"
    ]
    assert rows["公費"]["notes"] == ["公費上限＝政府輔導經費之（直接薪資＋管理費用）× 3.6%：21,600"]
    assert rows["直接薪資"]["notes"] == []
    assert context["budget_total"] == {
        "gov": "703,581",
        "self": "680,952",
        "total": "1,384,533",
        "gov_share": "50.82",
        "self_share": "49.18",
    }


def test_staffing_kpis_and_checkpoints_in_the_templates_shapes():
    context = contents(smu_case())
    assert [(r["name"], r["rank"], r["months"]) for r in context["staff_rows"]] == [
        ("吳大同", "計畫主持人", "1"),
        ("盧小芳", "研究員", "0.5"),
        ("黃志明", "副研究員", "0.2"),
    ]
    assert context["staff_total"] == "1.70"
    assert [(r["rank"], r["months"]) for r in context["rank_rows"]] == [
        ("計畫主持人", "1.00"),
        ("研究員", "0.50"),
        ("副研究員", "0.20"),
        ("助理研究員", "0.00"),
        ("研究助理", "0.00"),
    ]
    kpis = [(r["label"], r["unit"], r["before"], r["after"], r["difference"]) for r in context["kpi_rows"]]
    assert kpis == [
        ("投資金額（元）（必要）", "元", DASH, "1,500,000", DASH),  # the edition's unit; no value before: no difference
        ("提高稼動率（自定義）%", "%", "72", "77", "+5"),
        ("換線時間", "分鐘", "45", "30.5", "-14.5"),  # the company's own indicator and unit
    ]
    assert [(c["no"], c["date"], c["item"], c["mandatory"], c["percent"]) for c in context["checkpoints"]] == [
        (1, "民國 116 年 1 月 31 日", "設備系統架構規劃", "設備系統架構規劃（必要）", "10"),
        (2, "民國 116 年 5 月 31 日", "執行成果報告", "執行成果報告（必要）", "100"),
    ]
    # the counted facts that these tables already show are not repeated
    assert context["derived_facts"] == []


def test_the_rules_check_lists_every_outcome_by_its_message():
    case = full_machinery_case()
    context = contents(case)
    check = case_check(case, lang="zh-hant")
    assert [row["message"] for row in context["check_rows"]] == [o.message for o in check.outcomes]
    assert context["check_ready"] and context["check_blocking"] == 0
    html = html_of(case)
    for outcome in check.outcomes:
        assert outcome.rule not in html, outcome.rule  # never a rule id


def test_the_rules_check_of_a_draft_with_problems_says_what_is_not_met():
    case = smu_case()
    context = contents(case)
    failed = [row for row in context["check_rows"] if row["verdict"] == "failed"]
    assert failed and context["check_blocking"] == len(failed) and not context["check_ready"]
    assert {row["verdict_text"] for row in failed} == {"不符合"}


def test_each_language_has_its_own_headings_and_the_cover_says_what_it_is():
    case = full_machinery_case()
    chinese, english = html_of(case, "zh-hant"), html_of(case, "en")
    assert "壹、基本資料" in chinese and "專案計畫書" in chinese and "I. Basic data" not in chinese
    assert "I. Basic data" in english and "Project proposal" in english and "壹、基本資料" not in english
    assert "草稿：內容仍可能變動" in chinese and "Draft: may still change" in english
    assert '<html lang="zh-Hant">' in chinese and '<html lang="en">' in english


def test_user_text_is_escaped():
    case = full_machinery_case(needs='<img src="http://example.com/x.png">產線換線', title="A & B <計畫>")
    html = html_of(case)
    assert "<img" not in html and "&lt;img src=" in html and "A &amp; B &lt;計畫&gt;" in html


def test_a_case_gone_is_a_clear_error():
    job = ProposalJob(case_id=full_machinery_case().pk + 1000, language="zh-hant")  # as the worker may find it
    with translation.override("zh-hant"), pytest.raises(ProposalDataError, match="此申請案已不存在"):
        proposal_context(job=job)
