"""Imports run by a real Celery worker process (PostgreSQL, Redis), uploaded through the page."""

import time
from decimal import Decimal

import pytest
from django.db.models import Sum

from carbon.imports import services as import_services
from carbon.models import ActivityRecord, EmissionSource, ImportJob
from portal.models import JobStatus
from tests.carbon.factories import InventoryFactory
from tests.factories import UserFactory
from tests.workers import worker_running

from .workbooks import DIESEL, big_xlsx, upload, xlsx

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

HTMX = {"HX-Request": "true", "Accept-Language": "en"}


def wait_until_done(job: ImportJob, timeout: float = 90) -> ImportJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.done:
            return job
        time.sleep(0.2)
    pytest.fail(f"the import job is still {job.status} ({job.progress} %, {job.message!r})")


def test_a_worker_imports_ten_thousand_rows_uploaded_through_the_page(worker_uploads, client):
    applicant = UserFactory()
    inventory = InventoryFactory(company=applicant.company)
    content, total = big_xlsx(sources=1000, months=10)
    client.force_login(applicant)
    response = client.post(
        f"/carbon/inventories/{inventory.pk}/import/", {"workbook": upload(content, "10k.xlsx")}, headers=HTMX
    )
    assert response.status_code == 200
    job = wait_until_done(inventory.import_jobs.get())
    assert job.status == JobStatus.SUCCEEDED, job.row_errors[:5]
    assert (job.rows_total, job.rows_imported, job.progress, job.attempts) == (10_000, 10_000, 100, 1)
    seconds = (job.finished_at - job.started_at).total_seconds()
    print(f"\n10,000 rows imported by the worker in {seconds:.2f} s")
    assert seconds < 30  # "a few seconds" (about 2 s here); generous for a loaded CI machine
    records = ActivityRecord.objects.filter(source__inventory=inventory)
    assert records.count() == 10_000
    assert records.aggregate(total=Sum("quantity"))["total"] == total
    assert EmissionSource.objects.filter(inventory=inventory).count() == 1000
    assert records.filter(unit="度").count() == 5_000
    html = client.get(f"/carbon/inventories/{inventory.pk}/import/{job.pk}/?poll=1", headers=HTMX).content.decode()
    assert "10,000 rows of activity data imported." in html and "every 2s" not in html


def test_a_worker_refuses_a_bad_workbook_and_writes_nothing(worker_uploads, client):
    applicant = UserFactory()
    inventory = InventoryFactory(company=applicant.company)
    rows = [("堆高機柴油", "1.2", DIESEL, f"2024-{m:02d}", 300 + m, "L", "") for m in range(1, 13)]
    rows[6] = ("堆高機柴油", "1.2", DIESEL, "2024-07", -3, "L", "")
    client.force_login(applicant)
    client.post(f"/carbon/inventories/{inventory.pk}/import/", {"workbook": upload(xlsx(rows))}, headers=HTMX)
    job = wait_until_done(inventory.import_jobs.get())
    assert job.status == JobStatus.FAILED
    assert [(e["row"], e["column"], e["code"]) for e in job.row_errors] == [(8, "E", "negative")]
    assert not EmissionSource.objects.filter(inventory=inventory).exists()
    assert not ActivityRecord.objects.filter(source__inventory=inventory).exists()
    html = client.get(f"/carbon/inventories/{inventory.pk}/import/{job.pk}/", headers=HTMX).content.decode()
    assert "Nothing was imported." in html and "A quantity cannot be negative." in html
    assert Decimal(0) == (ActivityRecord.objects.aggregate(total=Sum("quantity"))["total"] or Decimal(0))


def test_a_worker_killed_mid_import_leaves_nothing_half_done(worker_uploads, tmp_path):
    """The pool process dies while it reads the workbook: acks_late + reject_on_worker_lost put the task back,
    the worker runs it again, and the job ends with every row exactly once (attempts 2)."""
    applicant = UserFactory()
    inventory = InventoryFactory(company=applicant.company)
    content, total = big_xlsx(sources=1000, months=10)
    with worker_running(log_path=tmp_path / "worker.log", pool="prefork", prefix="test-kill") as prefork:
        job = import_services.activity_import_request(
            actor=applicant, inventory=inventory, upload=upload(content, "10k.xlsx")
        )
        deadline = time.monotonic() + 60
        while ImportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).count() == 0:
            assert time.monotonic() < deadline, "the job never started"
            time.sleep(0.02)
        prefork.kill_pool_process()
        job = wait_until_done(job, timeout=120)
        worker_log = prefork.log_text()
        assert job.status == JobStatus.SUCCEEDED, worker_log[-3000:]
        assert job.attempts == 2, worker_log[-3000:]
        records = ActivityRecord.objects.filter(source__inventory=inventory)
        assert records.count() == job.rows_imported == 10_000
        assert records.aggregate(total=Sum("quantity"))["total"] == total
        assert EmissionSource.objects.filter(inventory=inventory).count() == 1000
