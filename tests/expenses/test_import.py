"""The Excel import: the template downloaded, filled in and uploaded again; a file with refused rows stores
nothing and lists each row with its reasons; fixed, it stores every row."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from expenses.models import Expense
from expenses.workbooks import DATA_SHEET, HEADER_ROW
from tests.expenses.builders import machinery_contracted, row

pytestmark = pytest.mark.django_db

ORDER = ("spent_on", "receipt_kind", "receipt_no", "vendor_ubn", "item", "line", "amount_untaxed", "amount_taxed")
KIND = {"invoice": "發票", "receipt": "收據"}


def workbook(case, rows, *, labels=True) -> bytes:
    """The case's template (as the page serves it) filled in with ``rows``; lines by their label."""
    from django.test import Client

    client = Client()
    client.force_login(case.counsellor)
    book = load_workbook(io.BytesIO(client.get(f"/cases/{case.pk}/expenses/template.xlsx").content))
    names = {code: label for label, code in book["經費科目 Lines"].iter_rows(min_row=2, values_only=True)}
    sheet = book[DATA_SHEET]
    for index, data in enumerate(rows, start=HEADER_ROW + 1):
        for column, key in enumerate(ORDER, start=1):
            value = data[key]
            if key == "line" and labels:
                value = names.get(value, value)
            if key == "receipt_kind":
                value = KIND.get(value, value)
            sheet.cell(row=index, column=column, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_forty_rows_two_refused_nothing_stored_then_fixed(client):
    case = machinery_contracted()
    client.force_login(case.counsellor)
    rows = [
        row(
            line=("direct_salary", "management_fee", "other_direct")[n % 3],
            amount_untaxed=10_000 + n,
            amount_taxed=10_500 + n,
        )
        for n in range(40)
    ]
    rows[6]["receipt_no"] = "AB1234"  # row 10 of the sheet
    rows[20]["spent_on"] = "2025-12-01"  # row 24: after the project's end
    upload = SimpleUploadedFile("expenses.xlsx", workbook(case, rows))
    response = client.post(f"/cases/{case.pk}/expenses/import/", {"file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert "第 10 列" in page and "第 24 列" in page
    assert "兩個英文字母" in page or "two letters" in page
    assert not Expense.objects.exists()
    rows[6]["receipt_no"], rows[20]["spent_on"] = "AB99990000", "2025-10-01"
    response = client.post(
        f"/cases/{case.pk}/expenses/import/", {"file": SimpleUploadedFile("expenses.xlsx", workbook(case, rows))}
    )
    assert response.status_code == 302
    assert Expense.objects.filter(case=case).count() == 40
    assert sum(Expense.objects.values_list("amount", flat=True)) == sum(r["amount_taxed"] for r in rows)


def test_a_workbook_with_changed_headings_or_not_a_workbook_is_refused(client):
    case = machinery_contracted()
    client.force_login(case.counsellor)
    book = load_workbook(io.BytesIO(workbook(case, [row()])))
    book[DATA_SHEET].cell(row=HEADER_ROW, column=1, value="日期")
    buffer = io.BytesIO()
    book.save(buffer)
    for content in (buffer.getvalue(), b"PK\x03\x04 not really"):
        response = client.post(f"/cases/{case.pk}/expenses/import/", {"file": SimpleUploadedFile("x.xlsx", content)})
        assert response.status_code == 400
    assert not Expense.objects.exists()


def test_the_same_invoice_twice_in_one_file_is_refused(client):
    case = machinery_contracted()
    client.force_login(case.counsellor)
    rows = [row(receipt_no="CD12345678"), row(receipt_no="CD12345678")]
    response = client.post(
        f"/cases/{case.pk}/expenses/import/", {"file": SimpleUploadedFile("x.xlsx", workbook(case, rows))}
    )
    assert response.status_code == 400 and "第 5 列" in response.content.decode()
    assert not Expense.objects.exists()
