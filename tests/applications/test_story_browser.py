"""Issue 8's story in real Chromium with a real Celery worker: a counsellor drafts a machinery case for a
company, the company consents, submission is refused with the failing rules listed, the draft is fixed, the
documents are uploaded (an .exe renamed .pdf is refused) and it is submitted; the officer requests a
supplement and sees the due date; the company supplies it; the officer passes it to review. Then a lean-2026
company files its own case. The people on the case get the worker's e-mails."""

import re

import pytest

from applications.models import Case, CaseStatus
from portal.models import Role
from portal.services import deadline_compute
from tests.applications.builders import PDF_BYTES, machinery_counsellor
from tests.browser import browser_log_in
from tests.factories import CompanyFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def _edit(page, case_pk: int, section: str, fill) -> None:
    page.goto(f"/cases/{case_pk}/edit/{section}/")
    fill(page)
    page.get_by_role("button", name="儲存", exact=True).click()
    page.wait_for_url(re.compile(rf"/cases/{case_pk}/#section-{section}$"))


def _budget(page, case_pk: int, lines: dict[str, tuple[int, int]]) -> None:
    page.goto(f"/cases/{case_pk}/edit/budget/")
    for code, (gov, own) in lines.items():
        page.fill(f"#id_{code}-gov", str(gov))
        page.fill(f"#id_{code}-self", str(own))
    page.locator("#budget-result .card").wait_for()  # the live check answered
    page.get_by_role("button", name="儲存", exact=True).click()
    page.wait_for_url(re.compile(rf"/cases/{case_pk}/#section-budget$"))


def _action(page, name: str) -> None:
    page.locator("#actions").get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def _upload(page, kind_label: str, path) -> None:
    row = page.locator("#documents tr", has_text=kind_label)
    row.locator("input[type=file]").set_input_files(str(path))
    row.get_by_role("button", name="上傳").click()
    page.wait_for_load_state()


def _mails_to(worker, address: str) -> str:
    return "".join(
        p.read_text(errors="replace") for p in worker["mail_dir"].iterdir() if address in p.read_text(errors="replace")
    )


def test_machinery_case_from_draft_to_review(page, worker, tmp_path, screenshot_dir, browser):
    counsellor = machinery_counsellor()
    company = CompanyFactory(name="鴻昇金屬工業股份有限公司")
    applicant = UserFactory(role=Role.APPLICANT, company=company, email="owner@hongsheng.example.tw")
    officer = UserFactory(role=Role.OFFICER)

    # --- the counsellor drafts -------------------------------------------------------------------------
    browser_log_in(page, counsellor)
    page.goto("/cases/new/")
    page.select_option("select[name=edition]", "machinery-2025")
    page.fill("input[name=company_ubn]", company.ubn)
    page.fill("input[name=title]", "智慧化產線能耗監控導入")
    page.get_by_role("button", name="建立草稿").click()
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    case = Case.objects.get(company=company)

    _edit(
        page,
        case.pk,
        "basic",
        lambda p: (p.fill("#id_period_start", "2025-03-01"), p.fill("#id_period_end", "2025-10-31")),
    )
    _edit(
        page,
        case.pk,
        "plan",
        lambda p: (
            p.fill("#id_needs", "換線時間長，能耗無法即時掌握。"),
            p.fill("#id_solution", "導入設備聯網與能耗模組。"),
        ),
    )

    def facts(p):
        p.check("input[name=fact_part1_work][value=smart]")
        p.check("input[name=fact_part2_work][value=carbon_inventory]")
        for name in ("energy_module", "third_party_verification"):
            p.select_option(f"select[name=fact_{name}]", "true")
        p.select_option("select[name=fact_duplicate_funding]", "false")
        p.fill("input[name=fact_site_visits]", "2")
        p.fill("input[name=fact_ai_advisory_forms]", "1")

    _edit(page, case.pk, "facts", facts)

    def staff(p):
        p.fill("input[name=staff-0-name]", "王大明")
        p.fill("input[name=staff-0-email]", "pi@unit.example.tw")
        p.select_option("select[name=staff-0-role]", "pi")
        p.fill("input[name=staff-0-person_months]", "4")

    _edit(page, case.pk, "staff", staff)

    def checkpoints(p):
        p.fill("input[name=checkpoints-0-date]", "2025-06-30")
        p.fill("input[name=checkpoints-0-item]", "能耗模組上線")
        p.fill("input[name=checkpoints-0-percent]", "60")
        p.fill("input[name=checkpoints-1-date]", "2025-10-31")
        p.fill("input[name=checkpoints-1-item]", "第三方驗證完成")
        p.fill("input[name=checkpoints-1-percent]", "100")

    _edit(page, case.pk, "checkpoints", checkpoints)
    _edit(page, case.pk, "declarations", lambda p: (p.check("#id_truthful"), p.check("#id_personal_data")))
    # a budget above the government cap: 4,000,000 of government funds where 3,500,000 is the most
    _budget(page, case.pk, {"direct_salary": (2_800_000, 1_200_000), "management_fee": (1_200_000, 550_000)})

    # --- submission is refused with the failing rules ------------------------------------------------
    _action(page, "送出")
    refusal = page.locator("#refusal")
    refusal.wait_for()
    text = refusal.inner_text()
    assert "「送出」未能執行" in text
    assert "4,000,000" in text and "3,500,000" in text  # the government cap with its numbers
    assert "須經公司同意" in text  # the company's consent is still missing
    assert "上傳" in text  # and the documents
    page.screenshot(path=str(screenshot_dir / "cases-story-refused.png"), full_page=True)
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT

    # --- the draft is fixed and the documents uploaded ----------------------------------------------
    _budget(
        page,
        case.pk,
        {
            "direct_salary": (1_400_000, 600_000),
            "management_fee": (700_000, 300_000),
            "other_direct": (1_157_733, 496_171),
            "public_fee": (75_600, 32_400),
            "business_tax": (166_667, 71_429),
        },
    )
    evil = tmp_path / "計畫書.pdf"
    evil.write_bytes(EXE_BYTES)
    _upload(page, "專案計畫書", evil)
    assert page.locator(".messages").inner_text().count("不是") or "格式" in page.locator(".messages").inner_text()
    assert not case.documents.exists()
    for kind, label in (
        ("application_form", "專案計畫申請表"),
        ("plan", "專案計畫書（附件二）"),
        ("review_slides", "審查簡報"),
    ):
        good = tmp_path / f"{kind}.pdf"
        good.write_bytes(PDF_BYTES)
        _upload(page, label, good)
    assert case.documents.count() == 3

    # --- the company consents ---------------------------------------------------------------------
    base_url = page.url.split("/cases")[0]
    context = browser.new_context(locale="zh-TW", base_url=base_url)
    company_page = context.new_page()
    browser_log_in(company_page, applicant)
    company_page.goto(f"/cases/{case.pk}/")
    _action(company_page, "同意")
    case.refresh_from_db()
    assert case.consented_at is not None

    # --- submitted ---------------------------------------------------------------------------------
    page.goto(f"/cases/{case.pk}/")
    assert "要件均已符合" in page.locator("#check").inner_text()
    _action(page, "送出")
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED

    # --- the officer screens and asks for a supplement ----------------------------------------------
    office_context = browser.new_context(locale="zh-TW", base_url=base_url)
    office_page = office_context.new_page()
    browser_log_in(office_page, officer)
    office_page.goto("/office/cases/")
    office_page.get_by_role("link", name=case.reference).first.click()
    office_page.goto(f"/office/cases/{case.pk}/screening/")
    office_page.get_by_role("button", name="開始文件審查").click()
    office_page.wait_for_load_state()
    request = office_page.locator("#request-supplement")
    request.locator("textarea[name=reason]").fill("申請表缺少用印頁，請補正。")
    request.get_by_label("專案計畫申請表（附件一）").check()
    due_text = request.locator(".supplement-due").inner_text()
    request.get_by_role("button", name="通知補件").click()
    office_page.wait_for_load_state()
    case.refresh_from_db()
    assert case.status == CaseStatus.SUPPLEMENT_REQUESTED
    # 10 working days counting the day of notice (seed 003), on the government calendar
    assert case.due == deadline_compute(start=case.events.last().occurred_at.astimezone().date(), working_days=10)
    assert f"{case.due.year - 1911} 年 {case.due.month} 月 {case.due.day} 日" in due_text

    # --- the company supplies it -------------------------------------------------------------------
    company_page.goto(f"/cases/{case.pk}/")
    box = company_page.locator("#supplement")
    assert "申請表缺少用印頁" in box.inner_text() and "專案計畫申請表" in box.inner_text()
    assert f"{case.due.month} 月 {case.due.day} 日" in box.inner_text()
    good = tmp_path / "application_form_v2.pdf"
    good.write_bytes(PDF_BYTES + b"% stamped\n")
    _upload(company_page, "專案計畫申請表", good)
    company_page.locator("#actions textarea[name=answer]").fill("已補上用印頁。")
    _action(company_page, "已補件")
    case.refresh_from_db()
    assert case.status == CaseStatus.SCREENING
    assert case.documents.filter(kind="application_form").count() == 2

    # --- the officer passes it to review -------------------------------------------------------------
    office_page.goto(f"/office/cases/{case.pk}/screening/")
    office_page.get_by_role("button", name="文件審查通過").click()
    office_page.wait_for_load_state()
    case.refresh_from_db()
    assert case.status == CaseStatus.UNDER_REVIEW
    office_page.goto(f"/cases/{case.pk}/")
    timeline = office_page.locator("#timeline").inner_text()
    for step in ("送出", "開始文件審查", "通知補件", "已補件", "文件審查通過"):
        assert step in timeline
    office_page.screenshot(path=str(screenshot_dir / "cases-story-under-review.png"), full_page=True)

    # the real worker e-mailed the company about the supplement request
    mail = _mails_to(worker, applicant.email)
    assert case.reference in mail
    context.close()
    office_context.close()


def test_a_lean_company_files_its_own_case(page, worker, tmp_path):
    company = CompanyFactory(employees=48, industry_codes=["2912"])
    applicant = UserFactory(role=Role.APPLICANT, company=company)
    browser_log_in(page, applicant)
    page.goto("/cases/new/")
    page.select_option("select[name=edition]", "lean-2026-basic")
    page.fill("input[name=title]", "數位化精實管理導入")
    page.get_by_role("button", name="建立草稿").click()
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    case = Case.objects.get(company=company)
    assert "同意" not in page.locator("#actions").inner_text()  # the company files itself: no consent asked

    _edit(
        page,
        case.pk,
        "basic",
        lambda p: (p.fill("#id_period_start", "2026-02-01"), p.fill("#id_period_end", "2026-09-30")),
    )
    _edit(
        page, case.pk, "plan", lambda p: (p.fill("#id_needs", "在製品堆積。"), p.fill("#id_solution", "價值流改善。"))
    )

    def facts(p):
        for name in (
            "pi_first_level_executive",
            "contact_formal_employee",
            "business_fee_consultants_only",
            "slides_current_vsm",
            "slides_kpi_before_after",
        ):
            p.select_option(f"select[name=fact_{name}]", "true")
        p.fill("input[name=fact_staff_without_labour_insurance]", "0")
        p.fill("input[name=fact_staff_retired_uninsured]", "0")
        p.check("input[name=fact_consultant_roles][value=lean_production]")
        for code in ("value_stream_map", "a3_report", "standard_work", "kpi"):
            p.check(f"input[name=fact_knowledge_base][value={code}]")

    _edit(page, case.pk, "facts", facts)

    def staff(p):
        p.fill("input[name=staff-0-name]", "林經理")
        p.fill("input[name=staff-0-email]", "pi@lean.example.tw")
        p.select_option("select[name=staff-0-role]", "pi")
        p.fill("input[name=staff-0-person_months]", "6")

    _edit(page, case.pk, "staff", staff)
    _edit(page, case.pk, "declarations", lambda p: (p.check("#id_truthful"), p.check("#id_personal_data")))
    _budget(page, case.pk, {"personnel": (200_000, 300_000), "business": (250_000, 250_000)})

    page.goto(f"/cases/{case.pk}/")
    rows = page.locator("#documents tbody tr")
    for index in range(rows.count()):
        good = tmp_path / f"doc{index}.pdf"
        good.write_bytes(PDF_BYTES)
        page.locator("#documents tbody tr").nth(index).locator("input[type=file]").set_input_files(str(good))
        page.locator("#documents tbody tr").nth(index).get_by_role("button", name="上傳").click()
        page.wait_for_load_state()
    assert "要件均已符合" in page.locator("#check").inner_text(), page.locator("#check").inner_text()
    _action(page, "送出")
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    assert case.unit_id is None and not case.drafted_by_unit
