"""Issue 9's story in real Chromium: the officer assigns two reviewers (a third is refused for a declared
conflict), both score with a live total equal to the public calculator's, the panel ranks, a decision before
both sheets is refused, the officer approves a reduced amount, the applicant sees the decision and answers
the reviewers' comments."""

import re

import pytest

from applications.models import CaseStatus
from portal.models import Role
from reviews.models import ConflictDeclaration, ReviewComment
from tests.applications.builders import PDF_BYTES
from tests.browser import browser_log_in
from tests.factories import UserFactory

from .builders import FAIR, assign, reviewer, score, under_review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST = {"needs": "85", "solution": "88", "benefits": "80", "training": "75"}  # 17 + 44 + 16 + 7.5 = 84.50
SECOND = {"needs": "70", "solution": "76.5", "benefits": "72", "training": "90"}  # 14 + 38.25 + 14.4 + 9 = 75.65


def switch_to(page, user):
    page.context.clear_cookies()
    browser_log_in(page, user)


def calculator_total(page, scores: dict) -> str:
    response = page.request.post("/api/v1/editions/machinery-2025/score-sheet/", data={"scores": scores})
    assert response.ok
    return response.json()["total"]


def fill_and_submit_sheet(page, case, user, scores: dict, comment: str) -> str:
    switch_to(page, user)
    page.get_by_role("link", name=re.compile(case.reference)).first.click()
    page.get_by_role("button", name="本人確認無利益迴避事由").click()
    for code, value in scores.items():
        page.fill(f"#id_score_{code}", value)
    page.fill("#id_comment_needs", comment)
    live = page.locator("#live-total")
    expected = calculator_total(page, scores)
    live.filter(has_text=expected).wait_for()
    page.get_by_role("button", name="送出評分表").click()
    page.locator(".messages", has_text="評分表已送出").wait_for()
    return expected


def test_assign_score_rank_decide_reply(page, screenshot_dir, tmp_path):
    office = UserFactory(role=Role.OFFICER, full_name="黃承辦")
    case = under_review(office=office)
    other = under_review(office=office)  # a weaker case, so the panel has something to rank against
    first, second, conflicted = reviewer("張委員"), reviewer("李委員"), reviewer("陳委員")
    ConflictDeclaration.objects.create(reviewer=conflicted, company=case.company, reason="曾任該公司董事")
    for person in (first, second):
        assign(other, person, office=office)
        score(other, person, FAIR)

    # the officer assigns two reviewers; the third is refused with the declared reason
    browser_log_in(page, office)
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="審查委員").first.click()
    for person in (first, second):
        page.locator(f"tr[data-reviewer='{person.email}'] button").click()
        page.locator(".messages", has_text=f"已分派 {person.full_name}").wait_for()
    page.locator(f"tr[data-reviewer='{conflicted.email}'] button").click()
    refusal = page.locator("#assign-errors")
    refusal.wait_for()
    assert "曾任該公司董事" in refusal.inner_text()
    page.screenshot(path=str(screenshot_dir / "reviews-assign.png"), full_page=True)

    # the first reviewer scores; a decision before the second sheet is refused
    first_total = fill_and_submit_sheet(page, case, first, FIRST, "請補充能耗基線數據")
    assert first_total == "84.50"
    page.screenshot(path=str(screenshot_dir / "reviews-sheet.png"), full_page=True)
    switch_to(page, office)
    page.goto(f"/cases/{case.pk}/decision/")
    page.get_by_label("通過", exact=True).check()
    page.fill("#id_approved_gov", "3000000")
    page.locator("#caps-check", has_text="3,000,000").wait_for()
    page.fill("#id_reason", "依審查委員評分酌減")
    page.get_by_role("button", name="登錄審查結果").click()
    page.locator(".form-errors", has_text="李委員").wait_for()

    # the second reviewer scores; the panel ranks the case first
    second_total = fill_and_submit_sheet(page, case, second, SECOND, "訓練場次宜具體")
    assert second_total == "75.65"
    switch_to(page, office)
    page.goto("/reviews/panel/machinery-2025/")
    rows = page.locator("#panel-table tbody tr")
    assert rows.count() == 2
    assert rows.nth(0).get_attribute("data-case") == case.reference
    assert rows.nth(0).locator(".rank").inner_text() == "1"
    assert rows.nth(0).locator(".mean").inner_text() == "80.08"  # (84.50 + 75.65) / 2 = 80.075, half up
    assert rows.nth(1).get_attribute("data-case") == other.reference
    page.screenshot(path=str(screenshot_dir / "reviews-panel.png"), full_page=True)

    # the officer approves a reduced amount
    rows.nth(0).locator(f"a[href='/cases/{case.pk}/decision/']").click()
    assert "3,500,000" in page.locator("#requested-gov").inner_text()
    assert page.locator("#mean-score").inner_text() == "80.08"
    page.get_by_label("通過", exact=True).check()
    page.fill("#id_approved_gov", "3,000,000")
    page.fill("#id_reason", "依審查委員評分酌減補助經費")
    page.get_by_role("button", name="登錄審查結果").click()
    page.locator(".messages", has_text="審查結果已登錄").wait_for()
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED and case.approved_gov == 3_000_000

    # the applicant sees the decision and answers the comments
    switch_to(page, case.applicant)
    page.goto(f"/cases/{case.pk}/")
    page.locator("#review").get_by_role("link", name="審查結果與審查意見").click()
    assert "3,000,000" in page.locator("#approved-gov").inner_text()
    table = page.locator(".comments-table")
    assert "請補充能耗基線數據" in table.inner_text() and "訓練場次宜具體" in table.inner_text()
    assert "張委員" not in page.content() and "李委員" not in page.content()
    page.fill("#id_reply_1", "已於第 3 章補充能耗基線")
    page.fill("#id_page_1", "15")
    page.fill("#id_reply_2", "已列明兩次赴廠訓練日期")
    page.fill("#id_page_2", "22")
    page.get_by_role("button", name="儲存回覆").click()
    page.locator(".messages", has_text="回覆已儲存").wait_for()
    plan = tmp_path / "修正計畫書.pdf"
    plan.write_bytes(PDF_BYTES)
    page.set_input_files("#revised-plan input[type=file]", str(plan))
    page.locator("#revised-plan button[type=submit]").click()
    page.locator("#revised-plan", has_text="修正計畫書.pdf").wait_for()
    page.screenshot(path=str(screenshot_dir / "reviews-replies.png"), full_page=True)
    assert list(ReviewComment.objects.filter(case=case).values_list("page", flat=True)) == ["15", "22"]
