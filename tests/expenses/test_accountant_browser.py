"""The external accountant in real Chromium: the programme office registers an accountant and assigns them to a
machinery case from its expense ledger; the accountant finds the case on their dashboard and list, opens its
ledger (nothing else of the case offered), accepts one expense and rejects another with its reason — the
expenses record who verified them. Every page visited is axe-checked."""

import re

import pytest

from expenses.models import AccountantAssignment, Expense, ExpenseStatus
from portal.models import Role, User
from tests.browser import browser_log_in
from tests.expenses.builders import VENDORS, machinery_contracted, record
from tests.expenses.test_story_browser import _new_page
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_office_assigns_an_accountant_who_verifies_the_cases_expenses(page, browser):
    case = machinery_contracted()
    first, second = record(case), record(case)
    browser_log_in(page, case.office)
    page.goto("/office/accountants/")
    form = page.locator("#new-accountant")
    form.locator("#id_full_name").fill("鄭會計師")
    form.locator("#id_email").fill("cheng@cpa.tw")
    form.locator("#id_firm_name").fill("正信聯合會計師事務所")
    form.locator("#id_firm_ubn").fill(VENDORS[5])
    form.get_by_role("button", name="登錄會計師").click()
    page.wait_for_url(re.compile(r"/office/accountants/$"))
    accountant = User.objects.get(email="cheng@cpa.tw")
    assert accountant.role == Role.ACCOUNTANT and "鄭會計師" in page.locator("#accountants").inner_text()
    accountant.set_password(TEST_PASSWORD)
    accountant.save()

    page.goto(f"/cases/{case.pk}/expenses/")
    card = page.locator("#accountants")
    card.locator("#id_accountant").select_option(str(accountant.pk))
    card.get_by_role("button", name="指派會計師").click()
    page.wait_for_url(re.compile(rf"/cases/{case.pk}/expenses/$"))
    assert AccountantAssignment.objects.filter(case=case, accountant=accountant).exists()
    assert "鄭會計師" in page.locator("#accountants").inner_text()

    tab = _new_page(browser, page, accountant)
    assert case.reference in tab.locator("#assigned-cases").inner_text()
    tab.goto("/accountant/cases/")
    tab.locator(f"#case-{case.pk}").get_by_role("link", name=case.reference).click()
    tab.wait_for_url(re.compile(rf"/cases/{case.pk}/expenses/$"))
    assert tab.locator("#accountants").count() == 0 and tab.locator("#new-expense").count() == 0
    tab.locator(f"#expense-{first.pk}").get_by_role("button", name="核銷").click()
    tab.wait_for_url(re.compile(rf"/cases/{case.pk}/expenses/$"))
    row = tab.locator(f"#expense-{second.pk}")
    row.locator(f"#reason-{second.pk}").fill("品名與發票不符")
    row.get_by_role("button", name="剔除").click()
    tab.wait_for_url(re.compile(rf"/cases/{case.pk}/expenses/$"))
    verified = {e.pk: (e.status, e.verified_by_id) for e in Expense.objects.filter(case=case)}
    assert verified == {
        first.pk: (ExpenseStatus.ACCEPTED, accountant.pk),
        second.pk: (ExpenseStatus.REJECTED, accountant.pk),
    }
    tab.goto(f"/cases/{case.pk}/expenses/report/")
    assert tab.locator("#lines").count() == 1
    assert tab.goto(f"/cases/{case.pk}/").status == 404
