"""Real headless Chromium: upload a workbook in the import panel (htmx), see the result or the problems."""

import pytest

from tests.browser import browser_log_in
from tests.carbon.factories import InventoryFactory
from tests.factories import UserFactory

from .workbooks import DIESEL, GOOD_ROWS, xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_a_workbook_then_a_bad_one(page, tmp_path, screenshot_dir):
    user = UserFactory(email="import-browser@example.com")
    inventory = InventoryFactory(company=user.company)
    good, bad = tmp_path / "活動數據.xlsx", tmp_path / "bad.xlsx"
    good.write_bytes(xlsx(GOOD_ROWS))
    bad.write_bytes(xlsx([("堆高機柴油", "1.2", DIESEL, "2024-13", "三百", "kWh", "")]))
    browser_log_in(page, user)
    page.goto(f"/carbon/inventories/{inventory.pk}/import/")
    assert page.locator(f"a[href='/carbon/inventories/{inventory.pk}/import/template.xlsx']").is_visible()

    page.set_input_files("input[name=workbook]", str(good))
    page.locator(".import-panel form button[type=submit]").click()
    result = page.locator(".import-job .import-result")
    result.wait_for()
    assert "4" in result.inner_text()
    assert page.url.endswith(f"/carbon/inventories/{inventory.pk}/import/")  # swapped in place by htmx
    assert inventory.sources.count() == 3
    page.screenshot(path=str(screenshot_dir / "carbon-import-done.png"), full_page=True)

    page.set_input_files("input[name=workbook]", str(bad))
    page.locator(".import-panel form button[type=submit]").click()
    problems = page.locator("table.import-problems tbody tr")
    problems.first.wait_for()
    cells = [problems.nth(i).locator("td").all_inner_texts()[:2] for i in range(problems.count())]
    assert cells == [["2", "D"], ["2", "E"], ["2", "F"]]
    assert page.locator(".import-panel table tbody tr").filter(has_text="bad.xlsx").count() == 1
    page.screenshot(path=str(screenshot_dir / "carbon-import-problems.png"), full_page=True)

    page.locator(".import-panel table tbody tr").filter(has_text="活動數據.xlsx").get_by_role("link").click()
    page.locator(".import-current .import-job h3", has_text="活動數據.xlsx").wait_for()
