"""The expense pages: recording on the ledger page (form errors on bad input, nothing stored), filters and
totals per line, verification from the ledger and the queue, the import page; in zh-Hant and in English."""

import pytest

from expenses.models import Expense, ExpenseStatus
from tests.expenses.builders import VENDORS, lean_contracted, machinery_contracted, record

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "spent_on": "2025-05-02",
        "receipt_kind": "invoice",
        "receipt_no": "GH12345678",
        "vendor_ubn": VENDORS[1],
        "item": "能耗監測模組",
        "line": "other_direct",
        "amount_untaxed": "100,000",
        "amount_taxed": "105,000",
    }
    data.update(overrides)
    return data


def test_recording_on_the_page_and_the_line_totals(client):
    case = machinery_contracted()
    client.force_login(case.counsellor)
    response = client.post(f"/cases/{case.pk}/expenses/", _form())
    assert response.status_code == 302
    expense = Expense.objects.get()
    assert (expense.amount, expense.gov_share + expense.self_share) == (105_000, 105_000)
    page = client.get(f"/cases/{case.pk}/expenses/").content.decode()
    assert "GH12345678" in page and "105,000" in page and "經費帳冊" in page
    assert client.get(f"/cases/{case.pk}/expenses/?line=direct_salary").content.decode().count("GH12345678") == 0


@pytest.mark.parametrize(
    "field,value",
    [
        ("receipt_no", "G12345678"),
        ("vendor_ubn", "12345672"),
        ("amount_taxed", "1,000"),
        ("amount_untaxed", "abc"),
        ("spent_on", "2025-02-30"),
        ("line", "capital_equipment"),
        ("spent_on", "2025-12-01"),
    ],
)
def test_bad_input_on_the_page_is_a_form_error_and_stores_nothing(client, field, value):
    case = machinery_contracted()
    client.force_login(case.counsellor)
    response = client.post(f"/cases/{case.pk}/expenses/", _form(**{field: value}))
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    assert not Expense.objects.exists()


def test_a_second_claim_on_the_page_names_the_first_case(client):
    first, second = machinery_contracted(), lean_contracted()
    record(first, receipt_no="GH12345678")
    client.force_login(second.applicant)
    response = client.post(f"/cases/{second.pk}/expenses/", _form(spent_on="2026-04-01", line="business"))
    assert response.status_code == 400
    assert first.reference in response.content.decode() and "僅能報支一次" in response.content.decode()


def test_the_office_verifies_from_the_ledger_and_the_queue(client):
    case = machinery_contracted()
    one, two = record(case), record(case)
    client.force_login(case.office)
    queue = client.get("/office/expenses/").content.decode()
    assert one.receipt_no in queue and two.receipt_no in queue
    assert client.post(f"/cases/{case.pk}/expenses/{one.pk}/verify/", {"decision": "accept", "next": "queue"})[
        "Location"
    ].endswith("/office/expenses/")
    client.post(f"/cases/{case.pk}/expenses/{two.pk}/verify/", {"decision": "reject", "reason": ""})
    assert Expense.objects.get(pk=two.pk).status == ExpenseStatus.PENDING  # a rejection needs its reason
    client.post(f"/cases/{case.pk}/expenses/{two.pk}/verify/", {"decision": "reject", "reason": "品名不全"})
    assert [e.status for e in Expense.objects.order_by("pk")] == ["accepted", "rejected"]
    assert client.get("/office/expenses/").content.decode().count("/verify/") == 0


def test_the_pages_in_english(client):
    case = lean_contracted()
    record(case, spent_on="2026-04-01", line="business", amount_untaxed=10_000, amount_taxed=10_500)
    client.force_login(case.applicant)
    client.post("/i18n/setlang/", {"language": "en"})
    page = client.get(f"/cases/{case.pk}/expenses/").content.decode()
    assert "Expense ledger" in page and "untaxed basis" in page and "10,000" in page
    report = client.get(f"/cases/{case.pk}/expenses/report/").content.decode()
    assert "Accumulated spending report" in report
