"""The 經費累計表 PDF in the documents' layout: the title block (計畫名稱, 編號, 執行單位, 計畫期間, 填表日期 in ROC
dates), per line the approved funds and the accumulated spending as government / self / total, the execution rate
and the balance, the signature block; its figures, read back from the PDF's text, are the ledger's sums."""

import re
import subprocess
from pathlib import Path

import pytest
from django.db.models import Sum
from django.utils import timezone

from expenses import services
from expenses.models import Expense
from portal.dates import roc_date
from tests.expenses.builders import lean_contracted, machinery_contracted, record

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pdf_text(content: bytes, name: str) -> str:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def numbers(line: str) -> list[int]:
    return [
        int(n.replace(",", ""))
        for n in re.findall(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?![\d.])|(?<![\d.,])\d+(?![\d.,%])", line)
    ]


def row_of(text: str, label: str) -> str:
    """The table's row whose first cell is ``label`` (not a heading of that name)."""
    return next(line for line in text.splitlines() if re.match(rf"\s*{label}\s+[\d,]+\s", line))


def _ledger(case):
    office = case.office
    amounts = [
        ("direct_salary", 210_000),
        ("direct_salary", 52_500),
        ("management_fee", 105_000),
        ("other_direct", 31_500),
    ]
    expenses = [record(case, line=line, amount_untaxed=a * 20 // 21, amount_taxed=a) for line, a in amounts]
    services.expense_verify(actor=office, case=case, expense_id=expenses[0].pk, accept=True)
    services.expense_verify(actor=office, case=case, expense_id=expenses[3].pk, accept=False, reason="品名不全")
    return Expense.objects.filter(case=case).exclude(status="rejected")


def test_the_pdf_totals_are_the_ledger_sums_in_the_documents_layout(client):
    case = machinery_contracted()
    counted = _ledger(case)
    client.force_login(case.counsellor)
    response = client.get(f"/cases/{case.pk}/expenses/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, "expenses-accumulated-zh.pdf")
    flat = re.sub(r"\s+", "", text)
    for label in (
        "經費累計表",
        "計畫名稱",
        "計畫編號",
        "執行單位",
        "計畫期間",
        "填表日期",
        "核定經費",
        "累計實支",
        "執行率",
        "餘額",
        "政府輔導經費",
        "業者自籌款",
        "製表",
        "會計",
        "負責人",
        "單位印章",
        "單位：元",
    ):
        assert label in flat, label
    assert case.reference in flat and re.sub(r"\s+", "", case.title) in flat
    assert re.sub(r"\s+", "", roc_date(timezone.localdate(), "zh-hant")) in flat
    sums = counted.aggregate(gov=Sum("gov_share"), own=Sum("self_share"), total=Sum("amount"))
    budget = case.budget_lines
    approved_gov = sum(r.get("gov") or 0 for r in budget)
    approved_self = sum(r.get("self") or 0 for r in budget)
    total_line = row_of(text, "合計")
    figures = numbers(total_line)
    assert figures[:6] == [
        approved_gov,
        approved_self,
        approved_gov + approved_self,
        sums["gov"],
        sums["own"],
        sums["total"],
    ], total_line
    assert figures[-1] == approved_gov + approved_self - sums["total"]
    salary = Expense.objects.filter(case=case, line="direct_salary")
    salary_line = row_of(text, "直接薪資")
    assert numbers(salary_line)[3:6] == [
        salary.aggregate(s=Sum("gov_share"))["s"],
        salary.aggregate(s=Sum("self_share"))["s"],
        salary.aggregate(s=Sum("amount"))["s"],
    ]


def test_the_lean_pdf_in_english_names_its_own_funds_on_the_untaxed_basis(client):
    case = lean_contracted()
    record(
        case, actor=case.applicant, spent_on="2026-04-15", line="business", amount_untaxed=120_000, amount_taxed=126_000
    )
    client.force_login(case.applicant)
    response = client.get(f"/cases/{case.pk}/expenses/report.pdf", headers={"Accept-Language": "en"})
    text = pdf_text(response.content, "expenses-accumulated-en.pdf")
    flat = re.sub(r"\s+", " ", text)
    for label in (
        "Accumulated spending report",
        "Project title",
        "Date filled in",
        "Execution rate",
        "Balance",
        "Prepared by",
        "Accountant",
        "Person in charge",
        "Unit seal",
        "Untaxed basis",
    ):
        assert label in flat, label
    total_line = row_of(text, "Total")
    assert numbers(total_line)[3:6] == [60_000, 60_000, 120_000]
    assert "126,000" not in text
