"""The whole story in real Chromium with a real Celery worker: import an activity workbook in the workspace,
see the totals, generate the ISO 14064-1 report and download it; the PDF's text holds the total."""

import re
import subprocess

import pytest

from tests.browser import browser_log_in
from tests.carbon.factories import InventoryFactory
from tests.carbon.imports.workbooks import GOOD_ROWS, xlsx
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

# 80,000.5 kWh × 0.494 + 320 L × 2.606 + 1,250 m³ × 0.161 = 40,555.417 kg
TOTAL = "40.5554"


def test_import_calculate_report_download(page, worker, tmp_path, screenshot_dir):
    user = UserFactory(email="story@example.com")
    inventory = InventoryFactory(company=user.company)
    workbook = tmp_path / "活動數據.xlsx"
    workbook.write_bytes(xlsx(GOOD_ROWS))

    browser_log_in(page, user)

    page.goto(f"/carbon/inventories/{inventory.pk}/")
    page.set_input_files("#import-panel input[name=workbook]", str(workbook))
    with page.expect_navigation(timeout=60_000):  # the finished import reloads the workspace
        page.locator("#import-panel form button[type=submit]").click()
    assert page.locator("text=廠區用電").first.is_visible()

    page.get_by_role("button", name="計算").click()
    page.locator(".stat", has_text=TOTAL).wait_for()
    page.screenshot(path=str(screenshot_dir / "carbon-story-results.png"), full_page=True)

    page.get_by_role("button", name=re.compile("產製報告書")).click()
    link = page.get_by_role("link", name=re.compile("下載 PDF"))
    link.wait_for(timeout=120_000)
    with page.expect_download() as download_info:
        link.click()
    target = tmp_path / "report.pdf"
    download_info.value.save_as(target)
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True).stdout
    assert TOTAL in text
    assert "溫室氣體盤查報告書" in text
    page.screenshot(path=str(screenshot_dir / "carbon-story-report.png"), full_page=True)
