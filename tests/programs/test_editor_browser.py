"""Issue 14's story in Chromium with a real worker: an administrator opens a new draft of lean-2026-basic,
raises the cap through the form (no YAML typed), adds a document, sees the diff and the impact on the golden
cases, and publishes; the public calculator then answers with the new cap."""

import re

import pytest

from programs.models import Edition, EditionEvent
from tests.browser import browser_log_in

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

LINES = [{"code": "personnel", "gov": 240_000, "self": 300_000}, {"code": "business", "gov": 360_000, "self": 360_000}]


def test_an_administrator_raises_the_cap_adds_a_document_sees_diff_and_impact_and_publishes(
    page, worker, admin_user, screenshot_dir
):
    before = page.request.post("/api/v1/editions/lean-2026-basic/budget-check/", data={"lines": LINES}).json()
    assert before["valid"] is False  # 600,000 asked: over today's cap of 500,000
    browser_log_in(page, admin_user)
    page.goto("/staff/editions/")
    page.get_by_role("link", name="lean-2026-basic").click()
    page.get_by_role("button", name="建立新草稿版本").click()
    page.wait_for_url(re.compile(r"/staff/editions/\d+/edit/$"))
    draft = Edition.objects.get(code="lean-2026-basic", status="draft")

    # the cap, through the rule's form
    page.get_by_role("link", name="經費", exact=True).click()
    page.locator("#rule-budget-0").get_by_role("link", name="編輯").click()
    cap = page.locator("input[name=params-max]")
    assert cap.input_value() == "500,000"
    cap.fill("600,000")
    page.screenshot(path=str(screenshot_dir / "editor-rule-form.png"), full_page=True)
    page.get_by_role("button", name="儲存規則").click()
    page.wait_for_url(re.compile(r"/edit/section/budget/$"))
    assert "政府補助款不得超過 600,000 元" in page.locator("#rule-budget-0").inner_text()
    page.screenshot(path=str(screenshot_dir / "editor-section-budget.png"), full_page=True)

    # a document, through the documents' list
    page.get_by_role("link", name="全部區段").click()
    page.get_by_role("link", name="應備文件").click()
    page.get_by_role("link", name="編輯此清單").click()
    new = page.locator("fieldset.item-row").last
    new.locator("input[name$=-code]").fill("bank_book_copy")
    new.locator("input[name$=-label_zh]").fill("公司存摺封面影本")
    new.locator("input[name$=-label_en]").fill("copy of the company's bank book cover")
    page.screenshot(path=str(screenshot_dir / "editor-items-documents.png"), full_page=True)
    page.get_by_role("button", name="儲存清單").click()
    page.wait_for_url(re.compile(r"/edit/section/documents/$"))
    assert "公司存摺封面影本" in page.content()

    # the diff from the published version
    page.goto(f"/staff/editions/{draft.pk}/")
    page.get_by_role("link", name="與其他版本比較").click()
    diff = page.locator("main")
    diff.get_by_text("政府補助款上限 500,000 元 → 600,000 元").wait_for()
    assert "公司存摺封面影本" in diff.inner_text()
    page.screenshot(path=str(screenshot_dir / "editor-diff.png"), full_page=True)

    # the impact, worked out by the worker while the page polls it
    page.goto(f"/staff/editions/{draft.pk}/")
    publish = page.get_by_role("button", name="公告")
    assert publish.is_disabled()
    page.get_by_role("button", name="評估影響").click()
    page.locator(".impact-summary").wait_for(timeout=60_000)
    page.screenshot(path=str(screenshot_dir / "editor-impact-panel.png"), full_page=True)
    page.get_by_role("link", name="逐條規則查看影響").click()
    golden = page.locator("#golden")
    golden.get_by_text("政府補助款 500,001 元，未超過上限 600,000 元").wait_for()
    page.screenshot(path=str(screenshot_dir / "editor-impact-report.png"), full_page=True)

    page.goto(f"/staff/editions/{draft.pk}/")
    page.get_by_role("button", name="公告").click()
    page.wait_for_url(re.compile(rf"/staff/editions/{draft.pk}/$"))
    draft.refresh_from_db()
    assert draft.status == "published"
    assert EditionEvent.objects.filter(edition=draft, action="published", actor=admin_user).exists()
    page.goto(f"/staff/editions/{draft.pk}/history/")
    assert "政府補助款上限 500,000 元 → 600,000 元" in page.locator("main").inner_text()
    page.screenshot(path=str(screenshot_dir / "editor-history.png"), full_page=True)
    edited = EditionEvent.objects.filter(edition=draft, action="edited", actor=admin_user)
    assert edited.count() == 2  # the cap, then the document: who changed what

    after = page.request.post("/api/v1/editions/lean-2026-basic/budget-check/", data={"lines": LINES}).json()
    cap_outcome = next(o for o in after["outcomes"] if o["rule"] == "gov_cap")
    assert after["valid"] is True and cap_outcome["values"]["max"] == 600_000
    assert "600,000" in cap_outcome["message"]
