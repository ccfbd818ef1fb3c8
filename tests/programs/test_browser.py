"""Real headless Chromium: the screener, the budget checker (live htmx validation), the Excel download."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_screener_shows_eligibility_with_reasons(page, screenshot_dir):
    page.goto("/screener/")
    page.select_option("select[name=registration]", "company")
    page.check("input[name=factory_registered][value=true]")
    page.fill("input[name=industry_codes]", "2912")
    page.fill("input[name=employees]", "48")
    page.fill("input[name=paid_in_capital]", "30000000")
    page.fill("input[name=net_worth]", "12000000")
    page.check("input[name=site_in_roc][value=true]")
    for name in ("prc_capital", "bank_refused", "tax_arrears_3y", "pcc_refused", "serious_violation_3y"):
        page.check(f"input[name={name}][value=false]")
    page.check("input[name=prc_capital][value=true]")
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_selector("#screener-results article")
    machinery = page.locator("#screener-results article", has_text="機械設備產業")
    assert "不符合" in machinery.inner_text() or "陸資投資成分：是" in machinery.inner_text()
    page.screenshot(path=str(screenshot_dir / "screener.png"), full_page=True)


def test_budget_checker_validates_live_and_downloads_excel(page, screenshot_dir, tmp_path):
    page.goto("/programmes/machinery-2025/budget/")
    page.fill("input[name='direct_salary-gov']", "4000000")
    page.fill("input[name='direct_salary-self']", "1000000")
    result = page.locator("#budget-result")
    result.locator("text=超過上限 70.00%").wait_for()
    assert "政府輔導經費 4,000,000 元占計畫總經費 5,000,000 元之 80.00%" in result.inner_text()
    page.fill("input[name='direct_salary-gov']", "3500000")
    page.fill("input[name='direct_salary-self']", "1500000")
    page.fill("input[name='business_tax-gov']", "166667")
    page.fill("input[name='business_tax-self']", "71429")
    result.locator("text=政府輔導經費 3,666,667 元占計畫總經費 5,238,096 元").wait_for()
    page.screenshot(path=str(screenshot_dir / "budget-checker.png"), full_page=True)
    with page.expect_download() as download_info:
        page.get_by_role("button", name=re.compile("Excel")).click()
    download = download_info.value
    assert download.suggested_filename == "machinery-2025-budget.xlsx"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    from openpyxl import load_workbook

    assert load_workbook(target).worksheets[0]["B5"].value == 3_500_000
