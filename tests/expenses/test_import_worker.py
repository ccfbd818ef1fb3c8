"""The import run by a real Celery worker process (PostgreSQL, Redis), uploaded through the page: the largest
file the setting allows (20,000 rows) recorded in full, its progress written as it goes; the page polls it. A
worker killed mid-job leaves nothing half done: the task is delivered again and the job ends once."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Sum

from expenses.models import Expense, ExpenseImportJob
from expenses.services import expenses_import_request
from expenses.workbooks import max_rows
from portal.models import JobStatus
from tests.expenses.builders import VENDORS, machinery_contracted, row
from tests.expenses.test_import import workbook
from tests.workers import worker_running

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


def test_a_worker_killed_mid_import_leaves_nothing_half_done(expense_uploads, tmp_path):
    """The pool process dies while the job runs: acks_late + reject_on_worker_lost put the task back, the worker
    runs it again, and the job ends with every row recorded exactly once (attempts 2)."""
    case = machinery_contracted()
    size = 5_000
    rows = [row(line=LINES[n % 3], receipt_no=f"KL{n:08d}", amount_untaxed=60, amount_taxed=63) for n in range(size)]
    content = workbook(case, rows)
    with worker_running(log_path=tmp_path / "worker.log", pool="prefork", prefix="test-kill") as prefork:
        job = expenses_import_request(
            actor=case.counsellor, case=case, upload=SimpleUploadedFile("5k.xlsx", content), lang="zh-hant"
        )
        deadline = time.monotonic() + 60
        while not ExpenseImportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).exists():
            assert time.monotonic() < deadline, "the job never started"
            time.sleep(0.02)
        prefork.kill_pool_process()
        job, _seen = wait_until_done(job)
        log = prefork.log_text()
        assert job.status == JobStatus.SUCCEEDED, log[-3000:]
        assert job.attempts == 2, log[-3000:]
    stored = Expense.objects.filter(case=case)
    assert stored.count() == job.rows_imported == size
    assert stored.aggregate(s=Sum("amount"))["s"] == 63 * size
