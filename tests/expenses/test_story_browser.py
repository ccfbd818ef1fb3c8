"""Issue 16's story in real Chromium with a real Celery worker: a counselling unit imports 40 expenses of a
machinery case from Excel, the import run by the worker while the page shows its progress (two rows refused with
their row, column and reasons and nothing stored until they are fixed), the programme office verifies them and
rejects one with its reason; the second instalment's 75 % condition is judged on the verified ledger (refused
while nothing is verified, the report's declared figure shown as unsupported; released once verified) and the
final instalment settles on the verified spending. A lean-2026 expense is recorded and verified on the untaxed
basis.

The cases start contracted with the first instalment paid (the contract's own pages are issue 10's story);
every step of the ledger is taken in the browser, and the bulk acceptance of 38 rows goes through the service
the verification buttons call."""

import re

import pytest

from disbursements.models import Release
from expenses import services
from expenses.models import Expense, ExpenseStatus
from expenses.selectors import verified_spending
from tests.browser import browser_log_in
from tests.disbursements.builders import act, release, report
from tests.expenses.builders import VENDORS, lean_contracted, machinery_contracted, row
from tests.expenses.test_import import workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# 40 rows of NT$105,000 within the approved lines (salary 2,000,000, management 1,000,000, other 1,653,904)
LINES = ["direct_salary"] * 19 + ["management_fee"] * 9 + ["other_direct"] * 12


def _new_page(browser, page, user):
    base_url = re.match(r"https?://[^/]+", page.url).group(0)
    context = browser.new_context(locale="zh-TW", base_url=base_url)
    context.set_default_timeout(15_000)
    tab = context.new_page()
    browser_log_in(tab, user)
    return tab


def _upload(page, case, content: bytes) -> None:
    page.goto(f"/cases/{case.pk}/expenses/import/")
    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "會計系統匯出.xlsx",
                "buffer": content,
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        ],
    )
    page.locator("#import").get_by_role("button", name="匯入", exact=True).click()
    page.wait_for_url(re.compile(rf"/cases/{case.pk}/expenses/import/\d+/$"))
    # the worker's progress is polled into the live region until the job is done
    page.locator("#import-job .import-result").wait_for(timeout=90_000)


def _release(page, case, no: int) -> None:
    page.goto(f"/cases/{case.pk}/instalments/")
    page.get_by_role("button", name=f"撥付第 {no} 期款").click()
    page.wait_for_load_state()


@pytest.mark.worker
def test_machinery_expenses_imported_verified_and_paid_on(page, browser, worker, expense_uploads, screenshot_dir):
    case = machinery_contracted()
    office = case.office
    release(case, office, 1)  # 1,400,000 paid: the second instalment needs 1,050,000 of it spent
    rows = [
        row(
            line=LINES[n],
            amount_untaxed=100_000,
            amount_taxed=105_000,
            vendor_ubn=VENDORS[n % len(VENDORS)],
            item=f"智慧化設備工程 第 {n + 1} 項",
        )
        for n in range(40)
    ]
    rows[3]["receipt_no"] = "AB-123"  # sheet row 7
    rows[11]["vendor_ubn"] = "12345672"  # sheet row 15: fails the checksum

    # --- the counselling unit imports: two rows refused, nothing stored; fixed, all 40 ----------------------
    browser_log_in(page, case.counsellor)
    _upload(page, case, workbook(case, rows))
    assert "未匯入任何資料" in page.locator("#import-job .import-result").inner_text()
    problems = page.locator("#problems tbody tr")
    cells = [problems.nth(i).locator("td").all_inner_texts() for i in range(problems.count())]
    assert [c[:2] for c in cells] == [["第 7 列", "C 發票或收據號碼"], ["第 15 列", "D 廠商統一編號"]]
    assert "兩個英文字母加八位數字" in cells[0][2] and "12345672" in cells[1][2]
    page.screenshot(path=str(screenshot_dir / "expenses-import-refused.png"), full_page=True)
    assert not Expense.objects.exists()
    rows[3]["receipt_no"], rows[11]["vendor_ubn"] = "AB77770001", VENDORS[5]
    _upload(page, case, workbook(case, rows))
    assert not page.locator("#problems").count(), page.locator("#problems").inner_text()
    assert "已匯入 40 筆經費支出" in page.locator("#import-job .import-result").inner_text()
    assert Expense.objects.filter(case=case).count() == 40
    page.get_by_role("link", name="回到經費帳冊").first.click()
    page.wait_for_url(re.compile(rf"/cases/{case.pk}/expenses/$"))
    assert page.locator("#lines-total").inner_text().count("4,200,000") == 1

    # --- a report declares more than anything verified: the second instalment is refused -----------------
    report(case, case.counsellor, progress="65", spent_gov=1_200_000, spent_self=520_000, backed=False)
    officer = _new_page(browser, page, office)
    officer.goto(f"/cases/{case.pk}/instalments/")
    second = officer.locator("#instalment-2")
    assert "75" in second.inner_text() and "0.00%" in second.inner_text()
    assert "已核銷之支出僅支持 0 元" in second.inner_text()
    assert second.get_by_role("button", name="撥付第 2 期款").is_disabled()  # not offered; the reason beside it
    assert not Release.objects.filter(case=case, instalment__no=2).exists()

    # --- the office verifies: 38 accepted, one rejected with its reason on the ledger page ------------------
    expenses = list(Expense.objects.filter(case=case).order_by("id"))
    for expense in expenses[:38]:
        services.expense_verify(actor=office, case=case, expense_id=expense.pk, accept=True)
    rejected = expenses[38]
    officer.goto(f"/cases/{case.pk}/expenses/?status=pending")
    entry = officer.locator(f"#expense-{rejected.pk}")
    entry.locator("input[name=reason]").fill("品名與計畫書所列不符")
    entry.get_by_role("button", name="剔除").click()
    officer.wait_for_load_state()
    assert "已剔除" in officer.locator(".messages").inner_text()
    officer.goto("/office/expenses/")
    last = expenses[39]
    officer.locator(f"#expense-{last.pk}").get_by_role("button", name="核銷").click()
    officer.wait_for_url(re.compile(r"/office/expenses/$"))
    assert "沒有待核銷的經費支出" in officer.content()
    rejected.refresh_from_db()
    assert (rejected.status, rejected.reason) == (ExpenseStatus.REJECTED, "品名與計畫書所列不符")
    verified = verified_spending(case.pk).gov
    assert verified == sum(e.gov_share for e in Expense.objects.filter(case=case, status="accepted"))

    # --- the second instalment released on the verified ledger ---------------------------------------------
    _release(officer, case, 2)
    assert Release.objects.get(case=case, instalment__no=2).evaluation.inputs["spent"] == verified
    officer.screenshot(path=str(screenshot_dir / "expenses-second-instalment.png"), full_page=True)

    # --- final report, closing and acceptance; the final instalment settles on the verified spending -------
    report(case, case.counsellor, progress="100", spent_gov=3_300_000, spent_self=1_400_000, kind="final", backed=False)
    case = act(act(case, office, "close"), office, "accept")
    _release(officer, case, 3)
    final = Release.objects.get(case=case, instalment__no=3)
    assert final.amount == min(verified - 2_800_000, 700_000) and final.amount < 3_300_000 - 2_800_000
    officer.goto(f"/cases/{case.pk}/expenses/report/")
    total = officer.locator("#lines-total").inner_text()
    assert "經費累計表" in officer.content() and f"{verified:,}" in total
    officer.screenshot(path=str(screenshot_dir / "expenses-report.png"), full_page=True)


def test_a_lean_expense_is_verified_on_the_untaxed_basis(page, browser):
    case = lean_contracted()
    browser_log_in(page, case.applicant)
    page.goto(f"/cases/{case.pk}/expenses/")
    assert "未稅基礎" in page.locator("#lines").inner_text()
    form = page.locator("#new-expense")
    form.locator("#id_spent_on").fill("2026-04-15")
    form.locator("#id_receipt_kind").select_option("invoice")
    form.locator("#id_receipt_no").fill("LM20260415")
    form.locator("#id_vendor_ubn").fill(VENDORS[2])
    form.locator("#id_item").fill("精實管理顧問服務費（第 1 期）")
    form.locator("#id_line").select_option("business")
    form.locator("#id_amount_untaxed").fill("120,000")
    form.locator("#id_amount_taxed").fill("126,000")
    form.get_by_role("button", name="登錄支出").click()
    page.wait_for_url(re.compile(rf"/cases/{case.pk}/expenses/$"))
    expense = Expense.objects.get(case=case)
    assert (expense.amount, expense.gov_share, expense.self_share) == (120_000, 60_000, 60_000)
    officer = _new_page(browser, page, case.office)
    officer.goto("/office/expenses/")
    officer.locator(f"#expense-{expense.pk}").get_by_role("button", name="核銷").click()
    officer.wait_for_url(re.compile(r"/office/expenses/$"))
    assert verified_spending(case.pk).gov == 60_000
    officer.goto(f"/cases/{case.pk}/expenses/")
    business = officer.locator("#lines tr[data-line=business]").inner_text()
    assert "120,000" in business and "60,000" in business and "126,000" not in business
