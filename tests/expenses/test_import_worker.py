"""The import run by a real Celery worker process (PostgreSQL, Redis), uploaded through the page: the largest
file the setting allows (20,000 rows) recorded in full, its progress written as it goes; the page polls it."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum

from expenses.models import Expense, ExpenseImportJob
from expenses.workbooks import max_rows
from portal.models import JobStatus
from tests.expenses.builders import VENDORS, machinery_contracted, row
from tests.expenses.test_import import workbook

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

LINES = ("direct_salary", "management_fee", "other_direct")


def wait_until_done(job: ExpenseImportJob, timeout: float = 240) -> tuple[ExpenseImportJob, set[int]]:
    """The job once done, and the progress figures seen while it ran."""
    seen, deadline = set(), time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        seen.add(job.progress)
        if job.done:
            return job, seen
        time.sleep(0.1)
    pytest.fail(f"the import job is still {job.status} ({job.progress} %, {job.message!r})")


def test_a_worker_imports_the_largest_file_allowed(client, expense_uploads):
    case = machinery_contracted()
    size = max_rows()
    assert size == 20_000
    rows = [
        row(
            line=LINES[n % 3],
            receipt_no=f"WK{n:08d}",
            vendor_ubn=VENDORS[n % len(VENDORS)],
            amount_untaxed=60 + n % 7,
            amount_taxed=63 + n % 7,
            item=f"耗材 第 {n + 1} 批",
        )
        for n in range(size)
    ]
    client.force_login(case.counsellor)
    content = workbook(case, rows)
    response = client.post(f"/cases/{case.pk}/expenses/import/", {"file": SimpleUploadedFile("20k.xlsx", content)})
    assert response.status_code == 302
    job = ExpenseImportJob.objects.get(case=case)
    page = client.get(response["Location"]).content.decode()
    assert 'aria-live="polite"' in page
    job, seen = wait_until_done(job)
    assert job.status == JobStatus.SUCCEEDED, job.row_errors[:5]
    assert (job.rows_total, job.rows_imported, job.progress, job.attempts) == (size, size, 100, 1)
    assert len(seen - {0, 100}) >= 1  # the page saw it between the start and the end
    seconds = (job.finished_at - job.started_at).total_seconds()
    print(f"\n{size:,} expenses imported by the worker in {seconds:.1f} s")
    assert seconds < 180
    stored = Expense.objects.filter(case=case)
    assert stored.count() == size
    assert stored.aggregate(s=Sum("amount"))["s"] == sum(r["amount_taxed"] for r in rows)
    assert all(e.gov_share + e.self_share == e.amount for e in stored.only("amount", "gov_share", "self_share")[:50])
    polled = client.get(response["Location"], headers={"HX-Request": "true"})
    assert polled.status_code == 286 and "20,000" in polled.content.decode()
