"""The Excel import as a background job (the task run in-process here; test_import_worker.py runs a real worker):
the template downloaded, filled in and uploaded; a file with refused rows stores nothing and the job lists each
row with its column and reason in the reader's language; fixed, every row is stored. A receipt claimed by another
case is refused naming it; the rows are checked again under the case's lock before they are written; a job is
applied once; the row limit is a setting."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from rest_framework.test import APIClient

from expenses.models import Expense, ExpenseImportJob
from expenses.services import expenses_import_request
from expenses.services.imports import ImportConflict, expenses_import_apply, expenses_import_start
from expenses.tasks import expenses_import_run
from expenses.workbooks import DATA_SHEET, HEADER_ROW, import_rows
from portal.models import JobStatus
from tests.expenses.builders import machinery_contracted, record, row

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


@pytest.fixture
def upload(client, django_capture_on_commit_callbacks):
    """Upload through the page as the case's unit; the job as the worker (in-process) left it."""

    def run(case, rows, *, user=None):
        client.force_login(user or case.counsellor)
        content = workbook(case, rows)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/cases/{case.pk}/expenses/import/", {"file": SimpleUploadedFile("x.xlsx", content)}
            )
        assert response.status_code == 302, response.content.decode()[:2000]
        job = ExpenseImportJob.objects.latest("id")
        assert response["Location"] == f"/cases/{case.pk}/expenses/import/{job.pk}/"
        return job

    return run


def forty(case):
    return [
        row(
            line=("direct_salary", "management_fee", "other_direct")[n % 3],
            amount_untaxed=10_000 + n,
            amount_taxed=10_500 + n,
        )
        for n in range(40)
    ]


def test_forty_rows_two_refused_nothing_stored_then_fixed(client, upload):
    case = machinery_contracted()
    rows = forty(case)
    rows[6]["receipt_no"] = "AB1234"  # row 10 of the sheet
    rows[20]["spent_on"] = "2025-12-01"  # row 24: after the project's end
    job = upload(case, rows)
    assert (job.status, job.rows_total, job.rows_imported) == (JobStatus.FAILED, 40, 0)
    assert [(p["row"], p["column"], p["field"]) for p in job.row_errors] == [
        (10, "C", "receipt_no"),
        (24, "A", "spent_on"),
    ]
    assert "兩個英文字母" in job.row_errors[0]["message"]["zh-hant"]
    assert "two letters" in job.row_errors[0]["message"]["en"]
    assert not Expense.objects.exists()
    page = client.get(f"/cases/{case.pk}/expenses/import/{job.pk}/").content.decode()
    assert "未匯入任何資料" in page and "第 10 列" in page and "第 24 列" in page and "兩個英文字母" in page
    english = client.get(f"/cases/{case.pk}/expenses/import/{job.pk}/", headers={"Accept-Language": "en"})
    text = english.content.decode()
    assert "Row 10" in text and "two letters and eight digits" in text and "兩個英文字母" not in text
    assert "is outside" in text  # the rule's message, in English too

    rows[6]["receipt_no"], rows[20]["spent_on"] = "AB99990000", "2025-10-01"
    job = upload(case, rows)
    assert (job.status, job.rows_total, job.rows_imported, job.progress) == (JobStatus.SUCCEEDED, 40, 40, 100)
    assert Expense.objects.filter(case=case).count() == 40
    assert sum(Expense.objects.values_list("amount", flat=True)) == sum(r["amount_taxed"] for r in rows)
    assert set(Expense.objects.values_list("recorded_by", flat=True)) == {case.counsellor.pk}
    done = client.get(f"/cases/{case.pk}/expenses/import/{job.pk}/").content.decode()
    assert "已匯入 40 筆經費支出" in done and 'aria-live="polite"' in done and "every 2s" not in done


def test_a_workbook_with_changed_headings_or_not_a_workbook_is_refused_at_once(client):
    case = machinery_contracted()
    client.force_login(case.counsellor)
    book = load_workbook(io.BytesIO(workbook(case, [row()])))
    book[DATA_SHEET].cell(row=HEADER_ROW, column=1, value="日期")
    buffer = io.BytesIO()
    book.save(buffer)
    for content in (buffer.getvalue(), b"PK\x03\x04 not really"):
        response = client.post(f"/cases/{case.pk}/expenses/import/", {"file": SimpleUploadedFile("x.xlsx", content)})
        assert response.status_code == 400
    assert not Expense.objects.exists() and not ExpenseImportJob.objects.exists()


def test_the_same_invoice_twice_in_one_file_is_refused(upload):
    case = machinery_contracted()
    job = upload(case, [row(receipt_no="CD12345678"), row(receipt_no="CD12345678")])
    assert job.status == JobStatus.FAILED
    assert [(p["row"], p["column"]) for p in job.row_errors] == [(5, "C")]
    assert "第 4 列" in job.row_errors[0]["message"]["zh-hant"]
    assert not Expense.objects.exists()


def test_an_invoice_claimed_by_another_case_is_refused_naming_it(upload):
    first, second = machinery_contracted(), machinery_contracted()
    record(first, receipt_no="EF20250001")
    job = upload(second, [row(), row(receipt_no="EF20250001")])
    assert job.status == JobStatus.FAILED
    assert [(p["row"], p["column"]) for p in job.row_errors] == [(5, "C")]
    assert first.reference in job.row_errors[0]["message"]["zh-hant"]
    assert first.reference in job.row_errors[0]["message"]["en"]
    assert Expense.objects.filter(case=second).count() == 0


def test_an_over_spent_line_is_refused_with_its_amount_column(upload):
    case = machinery_contracted()  # other_direct approved 1,653,904
    job = upload(case, [row(amount_untaxed=1_000_000, amount_taxed=1_050_000) for _ in range(2)])
    assert job.status == JobStatus.FAILED
    assert [(p["row"], p["column"], p["field"]) for p in job.row_errors] == [(5, "H", "amount_taxed")]
    assert not Expense.objects.exists()


def _started_job(case, rows, django_capture_on_commit_callbacks):
    """A job queued and started as the worker would, its rows read, not yet applied."""
    with django_capture_on_commit_callbacks(execute=False):
        job = expenses_import_request(
            actor=case.counsellor, case=case, upload=SimpleUploadedFile("x.xlsx", workbook(case, rows)), lang="zh-hant"
        )
    job = expenses_import_start(job_id=job.pk)
    with job.upload.open("rb") as handle:
        return job, import_rows(handle.file)


def test_the_rows_are_checked_again_under_the_lock(django_capture_on_commit_callbacks):
    """A receipt of the file claimed by another case after the check: the write refuses it, storing nothing."""
    case, other = machinery_contracted(), machinery_contracted()
    rows = [row(), row(receipt_no="GH20250001")]
    job, read = _started_job(case, rows, django_capture_on_commit_callbacks)
    record(other, receipt_no="GH20250001")
    with pytest.raises(ImportConflict) as refused:
        expenses_import_apply(job=job, rows=read)
    assert [(p["row"], p["column"]) for p in refused.value.problems] == [(5, "C")]
    assert other.reference in refused.value.problems[0]["message"]["en"]
    assert not Expense.objects.filter(case=case).exists()


def test_a_job_is_applied_once(django_capture_on_commit_callbacks):
    """The task delivered twice (acks_late): the second finds the job done and writes nothing."""
    case = machinery_contracted()
    job, read = _started_job(case, [row(), row()], django_capture_on_commit_callbacks)
    expenses_import_apply(job=job, rows=read)
    again = expenses_import_apply(job=job, rows=read)
    assert again.status == JobStatus.SUCCEEDED and Expense.objects.filter(case=case).count() == 2
    assert expenses_import_run.run(job.pk) == "skipped"
    assert Expense.objects.filter(case=case).count() == 2


def test_a_redelivered_running_job_is_run_again_to_the_end(django_capture_on_commit_callbacks):
    """A worker lost mid-job leaves it running with nothing written; the redelivered task runs it to the end."""
    case = machinery_contracted()
    job, _read = _started_job(case, [row(), row(), row()], django_capture_on_commit_callbacks)
    assert expenses_import_run.run(job.pk) == "succeeded"
    job.refresh_from_db()
    assert (job.status, job.attempts, job.rows_imported) == (JobStatus.SUCCEEDED, 2, 3)
    assert Expense.objects.filter(case=case).count() == 3


def test_the_row_limit_is_a_setting(upload, settings):
    settings.EXPENSE_IMPORT_MAX_ROWS = 3
    case = machinery_contracted()
    job = upload(case, [row() for _ in range(4)])
    assert job.status == JobStatus.FAILED
    assert job.row_errors[0]["row"] is None and "3" in job.row_errors[0]["message"]["en"]
    assert not Expense.objects.exists()


def test_the_import_page_lists_the_recent_imports(client, upload):
    case = machinery_contracted()
    upload(case, [row(receipt_no="bad")])
    upload(case, [row()])
    page = client.get(f"/cases/{case.pk}/expenses/import/").content.decode()
    assert page.count("x.xlsx") == 2 and "20,000" in page


def test_the_job_page_polls_while_the_job_waits_and_stops_when_it_is_done(client, django_capture_on_commit_callbacks):
    case = machinery_contracted()
    client.force_login(case.counsellor)
    with django_capture_on_commit_callbacks(execute=False):  # no worker has taken it yet
        response = client.post(
            f"/cases/{case.pk}/expenses/import/", {"file": SimpleUploadedFile("x.xlsx", workbook(case, [row()]))}
        )
    job = ExpenseImportJob.objects.get(case=case)
    url = f"/cases/{case.pk}/expenses/import/{job.pk}/"
    assert response["Location"] == url
    waiting = client.get(url).content.decode()
    assert 'aria-live="polite"' in waiting and 'hx-trigger="every 2s"' in waiting and "<progress" in waiting
    assert "等待背景程序處理" in waiting
    assert client.get(f"/cases/{case.pk}/expenses/import/").content.decode().count("<progress") == 1
    polled = client.get(url, headers={"HX-Request": "true"})
    assert polled.status_code == 200 and "<progress" in polled.content.decode()
    assert expenses_import_run.run(job.pk) == "succeeded"
    done = client.get(url, headers={"HX-Request": "true"})
    assert done.status_code == 286 and "已匯入 1 筆經費支出" in done.content.decode()


def test_an_import_uploaded_while_the_broker_is_down_leaves_nothing(client, settings):
    from portal.celery import app as celery_app
    from tests.portal.test_job_outages import NOWHERE, _reset_pools

    case = machinery_contracted()
    content = workbook(case, [row()])
    client.force_login(case.counsellor)
    conf = celery_app.conf
    previous = conf.broker_url, conf.task_always_eager
    conf.broker_url, conf.task_always_eager = NOWHERE, False
    _reset_pools()
    try:
        page = client.post(f"/cases/{case.pk}/expenses/import/", {"file": SimpleUploadedFile("x.xlsx", content)})
        api = APIClient()
        api.force_authenticate(case.counsellor)
        answer = api.post(
            f"/api/v1/cases/{case.pk}/expenses/import/",
            {"file": SimpleUploadedFile("x.xlsx", content)},
            format="multipart",
        )
    finally:
        conf.broker_url, conf.task_always_eager = previous
        _reset_pools()
    assert page.status_code == 400 and "背景服務暫時無法使用" in page.content.decode()
    assert answer.status_code == 503
    assert not ExpenseImportJob.objects.exists() and not Expense.objects.exists()
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.xlsx"))  # the upload was not kept


def test_a_workbook_that_unpacks_to_too_much_is_refused_unread(client):
    import zipfile

    case = machinery_contracted()
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook(case, [row()]))) as template,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for member in template.infolist():
            bomb.writestr(member, template.read(member))
        with bomb.open("xl/media/padding.bin", "w", force_zip64=True) as padding:
            for _ in range(201):
                padding.write(bytes(1024 * 1024))
    assert len(buffer.getvalue()) < 5 * 1024 * 1024
    client.force_login(case.counsellor)
    response = client.post(
        f"/cases/{case.pk}/expenses/import/", {"file": SimpleUploadedFile("x.xlsx", buffer.getvalue())}
    )
    assert response.status_code == 400 and "解壓縮後超過 200 MB" in response.content.decode()
    assert not ExpenseImportJob.objects.exists()
