"""The import job (task run in-process here; tests/carbon/imports/test_worker.py runs a real worker):
all or nothing, replacing records, attributed in the audit trail, run once."""

import datetime
import io
import os
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum

from carbon.imports import services as import_services
from carbon.imports.parse import parse_workbook
from carbon.imports.problems import MAX_STORED_PROBLEMS
from carbon.imports.services import ImportConflict, activity_import_apply
from carbon.imports.tasks import activity_import
from carbon.models import ActivityRecord, EmissionSource, ImportJob
from portal.models import AuditEvent, JobStatus
from tests.carbon.factories import ActivityRecordFactory, EmissionSourceFactory

from .workbooks import DIESEL, ELECTRICITY, GOOD_ROWS, xlsx
from .workbooks import upload as as_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_import(django_capture_on_commit_callbacks):
    def run(inventory, content: bytes, *, user, name: str = "activity.xlsx") -> ImportJob:
        with django_capture_on_commit_callbacks(execute=True):
            job = import_services.activity_import_request(
                actor=user, inventory=inventory, upload=as_upload(content, name)
            )
        job.refresh_from_db()
        return job

    return run


def snapshot(inventory) -> tuple:
    records = ActivityRecord.objects.filter(source__inventory=inventory)
    return (
        sorted(EmissionSource.objects.filter(inventory=inventory).values_list("name", "factor__code", "subcategory")),
        sorted(records.values_list("source__name", "month", "quantity", "unit", "note")),
    )


def test_a_good_workbook_is_imported(inventory, applicant, run_import):
    job = run_import(inventory, xlsx(GOOD_ROWS), user=applicant)
    assert (job.status, job.rows_total, job.rows_imported) == (JobStatus.SUCCEEDED, 4, 4)
    assert (job.progress, job.row_errors) == (100, [])
    assert job.attempts == 1 and job.started_at and job.finished_at
    sources = {s.name: s for s in EmissionSource.objects.filter(inventory=inventory).select_related("factor")}
    assert {n: (s.subcategory, s.factor.code) for n, s in sources.items()} == {
        "廠區用電": ("2.1", ELECTRICITY),
        "堆高機柴油": ("1.2", DIESEL),
        "自來水": ("4.5", "dmmap-water"),
    }
    records = ActivityRecord.objects.filter(source__inventory=inventory)
    assert records.count() == 4
    expected = Decimal("41800") + Decimal("38200.5") + Decimal("320") + Decimal("1.25")
    assert records.aggregate(total=Sum("quantity"))["total"] == expected
    january = records.get(source__name="廠區用電", month=datetime.date(2024, 1, 1))
    assert (january.unit, january.note) == ("度", "電費單 1 月")


BAD_WORKBOOKS = {
    "wrong columns": (xlsx([GOOD_ROWS[0]], header=["排放源", "類別", "排放係數代碼", "月份", "數值", "單位"]), (1, "", "missing_columns")),  # noqa: E501
    "text in numbers": (xlsx([GOOD_ROWS[0], ("廠區用電", "2.1", ELECTRICITY, "2024-02", "abc", "度", "")]), (3, "E", "not_number")),  # noqa: E501
    "negative": (xlsx([GOOD_ROWS[0], ("新源", "1.2", DIESEL, "2024-02", -1, "L", "")]), (3, "E", "negative")),
    "unknown factor": (xlsx([*GOOD_ROWS, ("鍋爐", "1.1", "no-such-factor", "2024-01", 1, "L", "")]), (6, "C", "unknown_factor")),  # noqa: E501
    "unit mismatch": (xlsx([GOOD_ROWS[0], ("堆高機柴油", "1.2", DIESEL, "2024-02", 1, "kg", "")]), (3, "F", "unit_mismatch")),  # noqa: E501
    "bad month": (xlsx([GOOD_ROWS[0], ("堆高機柴油", "1.2", DIESEL, "24/02", 1, "L", "")]), (3, "D", "bad_month")),
    "month outside": (xlsx([GOOD_ROWS[0], ("堆高機柴油", "1.2", DIESEL, "2023-02", 1, "L", "")]), (3, "D", "month_outside")),  # noqa: E501
    "duplicate rows": (xlsx([*GOOD_ROWS, GOOD_ROWS[2]]), (6, "D", "duplicate_row")),
    "unknown subcategory": (xlsx([GOOD_ROWS[0], ("鍋爐", "9.9", DIESEL, "2024-02", 1, "L", "")]), (3, "B", "unknown_subcategory")),  # noqa: E501
    "random bytes": (os.urandom(2048), (None, "", "not_xlsx")),
    "csv renamed": (b"source,month\nA,2024-01\n", (None, "", "not_xlsx")),
    "oversized": (b"PK\x03\x04" + b"\0" * (5 * 1024 * 1024), (None, "", "file_too_large")),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BAD_WORKBOOKS))
def test_a_bad_workbook_fails_the_job_and_writes_nothing(inventory, applicant, run_import, case):
    EmissionSourceFactory(inventory=inventory, name="廠區用電", subcategory="2.1", factor_code=ELECTRICITY)
    source = inventory.sources.get()
    ActivityRecordFactory(source=source, month=datetime.date(2024, 1, 1), quantity=Decimal(7), unit="kWh")
    before = snapshot(inventory)
    content, (row, column, code) = BAD_WORKBOOKS[case]
    job = run_import(inventory, content, user=applicant)
    assert job.status == JobStatus.FAILED
    assert job.rows_imported == 0
    first = job.row_errors[0]
    assert (first["row"], first["column"], first["code"]) == (row, column, code)
    assert first["message"] and job.error == first["message"]
    assert snapshot(inventory) == before  # nothing written: not the good rows, not the new sources


def test_existing_records_are_replaced_and_others_kept(inventory, applicant, run_import):
    source = EmissionSourceFactory(inventory=inventory, name="廠區用電", subcategory="2.1", factor_code=ELECTRICITY)
    ActivityRecordFactory(source=source, month=datetime.date(2024, 1, 1), quantity=Decimal(1), unit="kWh", note="舊")
    ActivityRecordFactory(source=source, month=datetime.date(2024, 6, 1), quantity=Decimal(6), unit="kWh")
    job = run_import(inventory, xlsx(GOOD_ROWS[:2]), user=applicant)
    assert job.status == JobStatus.SUCCEEDED
    values = dict(source.records.values_list("month", "quantity"))
    assert values == {
        datetime.date(2024, 1, 1): Decimal("41800"),
        datetime.date(2024, 2, 1): Decimal("38200.5"),
        datetime.date(2024, 6, 1): Decimal(6),
    }
    assert source.records.get(month=datetime.date(2024, 1, 1)).note == "電費單 1 月"
    assert EmissionSource.objects.filter(inventory=inventory).count() == 1


def test_the_writes_are_attributed_to_the_person_who_uploaded(inventory, applicant, run_import):
    job = run_import(inventory, xlsx(GOOD_ROWS), user=applicant)
    created = EmissionSource.objects.get(inventory=inventory, name="堆高機柴油")
    events = AuditEvent.objects.filter(table_name=EmissionSource._meta.db_table, object_id=str(created.pk))
    if connection.vendor == "postgresql":  # the trigger sees bulk inserts; SQLite's signals do not
        event = events.get()
        assert (event.action, event.actor_id) == ("insert", applicant.pk)
        assert event.context["action"] == "activity_import" and event.context["import_job"] == job.pk


def test_a_finished_job_is_not_run_again(inventory, applicant, run_import):
    job = run_import(inventory, xlsx(GOOD_ROWS), user=applicant)
    ActivityRecord.objects.filter(source__inventory=inventory).update(quantity=Decimal(99))
    assert activity_import(job.pk) == "skipped"
    job.refresh_from_db()
    assert job.attempts == 1
    assert set(ActivityRecord.objects.filter(source__inventory=inventory).values_list("quantity", flat=True)) == {99}
    assert activity_import(10**9) == "skipped"  # a job deleted meanwhile


def test_a_job_interrupted_while_running_is_finished_by_the_redelivery(inventory, applicant, run_import):
    job = ImportJob.objects.create(
        inventory=inventory,
        upload=as_upload(xlsx(GOOD_ROWS)),
        filename="a.xlsx",
        requested_by=applicant,
        status=JobStatus.RUNNING,
        progress=40,
        attempts=1,
    )
    assert activity_import(job.pk) == "succeeded"
    job.refresh_from_db()
    assert (job.status, job.attempts, job.rows_imported) == (JobStatus.SUCCEEDED, 2, 4)


def test_apply_on_a_done_job_writes_nothing(inventory, applicant, run_import):
    job = run_import(inventory, xlsx(GOOD_ROWS[:1]), user=applicant)
    rows = parse_workbook(io.BytesIO(xlsx([GOOD_ROWS[2]])), inventory=inventory).rows
    activity_import_apply(job=job, rows=rows)
    assert not EmissionSource.objects.filter(inventory=inventory, name="堆高機柴油").exists()


def test_a_source_changed_between_reading_and_writing(inventory, applicant):
    job = ImportJob.objects.create(
        inventory=inventory,
        upload=as_upload(xlsx(GOOD_ROWS)),
        filename="a.xlsx",
        requested_by=applicant,
        status=JobStatus.RUNNING,
    )
    rows = parse_workbook(io.BytesIO(xlsx(GOOD_ROWS)), inventory=inventory).rows
    EmissionSourceFactory(inventory=inventory, name="堆高機柴油", subcategory="1.2", factor_code="epa-6.0.4-diesel")
    before = snapshot(inventory)
    with pytest.raises(ImportConflict) as caught:
        activity_import_apply(job=job, rows=rows)
    assert [(p.row, p.code) for p in caught.value.problems] == [(4, "changed_meanwhile")]
    assert snapshot(inventory) == before


def test_thousands_of_problems_are_capped_and_counted(inventory, applicant, run_import):
    rows = [(f"源 {n}", "2.1", ELECTRICITY, "2024-01", -1, "度", "") for n in range(1500)]
    job = run_import(inventory, xlsx(rows), user=applicant)
    assert job.status == JobStatus.FAILED
    assert len(job.row_errors) == MAX_STORED_PROBLEMS + 1
    assert job.row_errors[-1]["code"] == "more_problems" and job.row_errors[-1]["params"] == {"count": "500"}
    assert job.row_errors[MAX_STORED_PROBLEMS - 1]["row"] == MAX_STORED_PROBLEMS + 1


def test_the_uploaded_file_gone(inventory, applicant):
    job = ImportJob.objects.create(
        inventory=inventory, upload=as_upload(xlsx(GOOD_ROWS)), filename="a.xlsx", requested_by=applicant
    )
    job.upload.storage.delete(job.upload.name)
    assert activity_import(job.pk) == "failed"
    job.refresh_from_db()
    assert (job.status, job.row_errors[0]["code"]) == (JobStatus.FAILED, "file_missing")
