"""The expense routes of the case API: record (JSON and with a scanned receipt), list with filters, the
per-line summary, verification; bad input is a 400 with field messages that changes nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from expenses.models import Expense
from tests.expenses.builders import VENDORS, lean_contracted, machinery_contracted, record, row

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_record_list_filter_and_summarise():
    case = machinery_contracted()
    client = _client(case.counsellor)
    base = f"/api/v1/cases/{case.pk}/expenses/"
    created = client.post(base, row(line="direct_salary", amount_untaxed=70_000, amount_taxed=70_000), format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["gov_share"] == 49_000 and created.json()["status"] == "pending"
    upload = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")
    with_scan = client.post(base, {**row(), "receipt": upload}, format="multipart")
    assert with_scan.status_code == 201 and with_scan.json()["has_receipt"] is True
    from django.test import Client

    pages = Client()
    pages.force_login(case.applicant)
    scan = pages.get(f"/cases/{case.pk}/expenses/{with_scan.json()['id']}/receipt/")
    assert scan.status_code == 200 and b"".join(scan.streaming_content) == PDF
    assert pages.get(f"/cases/{case.pk}/expenses/{created.json()['id']}/receipt/").status_code == 404  # no scan
    stranger = Client()
    stranger.force_login(lean_contracted().applicant)
    assert stranger.get(f"/cases/{case.pk}/expenses/{with_scan.json()['id']}/receipt/").status_code == 404
    listed = client.get(base, {"line": "direct_salary"}).json()
    assert listed["count"] == 1 and listed["results"][0]["line"] == "direct_salary"
    summary = client.get(f"{base}summary/").json()
    assert summary["tax_basis"] == "taxed"
    assert summary["total"]["spent"] == sum(e.amount for e in Expense.objects.filter(case=case))
    salary = next(line for line in summary["lines"] if line["code"] == "direct_salary")
    assert (salary["approved"], salary["spent_gov"], salary["remaining"]) == (2_000_000, 49_000, 1_930_000)


@pytest.mark.parametrize(
    "body,field",
    [
        ({**row(), "receipt_no": "12345678AB"}, "receipt_no"),
        ({**row(), "vendor_ubn": "12345672"}, "vendor_ubn"),
        ({**row(), "amount_taxed": "105000"}, "amount_taxed"),
        ({**row(), "amount_untaxed": -5}, "amount_untaxed"),
        ({**row(), "spent_on": "yesterday"}, "spent_on"),
        ({**row(), "surprise": 1}, "surprise"),
        ({**row(), "line": "nothing"}, "line"),
        ({k: v for k, v in row().items() if k != "item"}, "item"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(body, field):
    case = machinery_contracted()
    response = _client(case.counsellor).post(f"/api/v1/cases/{case.pk}/expenses/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Expense.objects.exists()


def test_not_json_and_a_fake_scan_are_400s():
    case = machinery_contracted()
    client = _client(case.counsellor)
    base = f"/api/v1/cases/{case.pk}/expenses/"
    assert client.post(base, "[1, 2]", content_type="application/json").status_code == 400
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(base, {**row(), "receipt": fake}, format="multipart")
    assert response.status_code == 400 and "receipt" in response.json()["errors"]
    assert client.get(base, {"status": "maybe"}).status_code == 400
    assert not Expense.objects.exists()


def test_a_second_claim_in_another_case_is_refused_with_the_first_cases_reference():
    first, second = machinery_contracted(), lean_contracted()
    record(first, receipt_no="ZZ00000001")
    response = _client(second.applicant).post(
        f"/api/v1/cases/{second.pk}/expenses/",
        row(receipt_no="ZZ00000001", spent_on="2026-04-01", line="business", vendor_ubn=VENDORS[3]),
        format="json",
    )
    assert response.status_code == 400
    assert first.reference in response.json()["errors"]["receipt_no"][0]
    assert Expense.objects.filter(case=second).count() == 0


def test_verify_over_the_api():
    case = machinery_contracted()
    expense = record(case)
    client = _client(case.office)
    url = f"/api/v1/cases/{case.pk}/expenses/{expense.pk}/verify/"
    assert client.post(url, {"decision": "reject"}, format="json").status_code == 400  # no reason
    assert client.post(url, {"decision": "maybe"}, format="json").status_code == 400
    assert (
        client.post(
            f"/api/v1/cases/{case.pk}/expenses/999999/verify/", {"decision": "accept"}, format="json"
        ).status_code
        == 404
    )
    assert client.post(url, {"decision": "reject", "reason": "品名不全"}, format="json").json()["status"] == "rejected"
    assert client.post(url, {"decision": "accept"}, format="json").status_code == 409


def test_an_import_over_the_api_is_a_job_all_or_nothing(django_capture_on_commit_callbacks):
    from tests.expenses.test_import import workbook

    case = machinery_contracted()
    client = _client(case.counsellor)
    url = f"/api/v1/cases/{case.pk}/expenses/import/"
    bad = workbook(case, [row(), row(receipt_no="bad")])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": SimpleUploadedFile("x.xlsx", bad)}, format="multipart")
    assert response.status_code == 202, response.json()
    job_url = response["Location"]
    assert job_url == f"{url}{response.json()['id']}/"
    job = client.get(job_url, headers={"Accept-Language": "en"}).json()
    assert (job["status"], job["rows_total"], job["rows_imported"]) == ("failed", 2, 0)
    assert [(e["row"], e["column"], e["field"]) for e in job["errors"]] == [(5, "C", "receipt_no")]
    assert "two letters" in job["errors"][0]["message"]
    assert "兩個英文字母" in client.get(job_url).json()["errors"][0]["message"]
    assert not Expense.objects.exists()
    good = workbook(case, [row(), row()])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": SimpleUploadedFile("x.xlsx", good)}, format="multipart")
    assert response.status_code == 202
    job = client.get(response["Location"]).json()
    assert (job["status"], job["progress"], job["rows_imported"], job["errors"]) == ("succeeded", 100, 2, [])
    assert Expense.objects.count() == 2
    not_xlsx = client.post(url, {"file": SimpleUploadedFile("x.xlsx", io.BytesIO(b"hello").read())}, format="multipart")
    assert not_xlsx.status_code == 400 and "file" in not_xlsx.json()["errors"]
    assert client.get(f"{url}999999/").status_code == 404
