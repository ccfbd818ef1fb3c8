"""Benchmark of the activity-data import: a 10,000-row workbook read, checked and written (the whole task,
and each step alone) against a bare openpyxl read of the same file. Prints the figures.

    .venv/bin/python bench/import_bench.py                   # SQLite in a temporary folder, migrated first
    DATABASE_URL=postgres://… .venv/bin/python bench/import_bench.py --rows 20000   # that database (cleaned up)
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from decimal import Decimal
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADER = ["排放源", "類別", "排放係數代碼", "月份", "活動數據", "單位", "備註"]
FACTOR = "tw-electricity-113"


def workbook(rows: int, year: int) -> tuple[bytes, Decimal]:
    """``rows`` rows: sources × 12 months of metered electricity (write-only openpyxl)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("活動數據 Activity data")
    sheet.append(HEADER)
    total = Decimal(0)
    for n in range(rows):
        source, month = divmod(n, 12)
        quantity = Decimal(1000 + (source * 37 + month * 11) % 5000) + Decimal("0.25") * (month % 4)
        total += quantity
        sheet.append(
            [
                f"電錶 {source:05d}",
                "2.1",
                FACTOR,
                f"{year}-{month + 1:02d}",
                float(quantity),
                "kWh" if month % 2 else "度",
                f"抄表 {source}-{month + 1}",
            ]
        )
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue(), total


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def line(label: str, seconds: float, rows: int, bare: float | None = None) -> None:
    ratio = f"{seconds / bare:>6.1f} × bare read" if bare else ""
    print(f"  {label:<52} {seconds * 1000:>9.0f} ms  {rows / seconds:>10,.0f} rows/s  {ratio}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each in-memory step (the median is shown)")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="portal-import-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.update(PORTAL_TESTING="1", MEDIA_ROOT=str(Path(workdir) / "media"), LOG_LEVEL="ERROR")
    if not os.environ.get("DATABASE_URL"):
        os.environ["SQLITE_PATH"] = str(Path(workdir) / "bench.sqlite3")
    os.environ.pop("REDIS_URL", None)  # the task is called in-process: no broker needed
    import django

    django.setup()
    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Sum
    from openpyxl import load_workbook

    call_command("migrate", verbosity=0)

    from carbon.imports.parse import read_workbook
    from carbon.imports.rows import Period, check_rows
    from carbon.imports.selectors import import_factors, import_sources
    from carbon.imports.services import activity_import_apply
    from carbon.imports.tasks import activity_import
    from carbon.models import ActivityRecord, GwpSet, ImportJob, Inventory
    from portal.models import Company, JobStatus, Role, User
    from portal.validators import ubn_checksum_ok

    year = 2024
    content, total = workbook(args.rows, year)
    where = connection.vendor + ("" if connection.vendor == "sqlite" else f" ({connection.settings_dict['NAME']})")
    print(f"{args.rows:,}-row workbook, {len(content) / 1024:,.0f} KB; database: {where}\n")

    ubn = next(
        u
        for u in (f"{random.randrange(10**7, 10**8)}" for _ in range(10_000))
        if ubn_checksum_ok(u) and not Company.objects.filter(ubn=u).exists()
    )
    company = Company.objects.create(ubn=ubn, name=f"基準測試公司 {uuid.uuid4().hex[:6]}")
    user = User.objects.create_user(
        f"bench-{uuid.uuid4().hex[:8]}@example.com", None, role=Role.APPLICANT, company=company, full_name="基準測試"
    )
    inventories = []

    def new_inventory() -> Inventory:
        inventory = Inventory.objects.create(
            company=company,
            title="基準測試盤查",
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31),
            base_year=year,
            gwp_set=GwpSet.objects.get(code="AR5"),
        )
        inventories.append(inventory)
        return inventory

    def new_job(inventory: Inventory) -> ImportJob:
        job = ImportJob(inventory=inventory, filename="bench.xlsx", requested_by=user)
        job.upload.save("bench.xlsx", ContentFile(content), save=False)
        job.save()
        return job

    try:
        print("Reading (in memory)")

        def bare_read() -> int:
            book = load_workbook(BytesIO(content), read_only=True, data_only=True)
            count = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
            book.close()
            return count

        bare, _ = timed(bare_read, args.repeat)
        line("bare openpyxl read (read-only, values)", bare, args.rows)
        reading, sheet = timed(lambda: read_workbook(BytesIO(content)), args.repeat)
        line("read_workbook (+ zip checks, header, empty rows)", reading, args.rows, bare)

        inventory = new_inventory()
        factors, sources = import_factors(), import_sources(inventory=inventory)
        checking, parsed = timed(
            lambda: check_rows(sheet, period=Period.of(inventory), factors=factors, sources=sources), args.repeat
        )
        assert parsed.ok, parsed.problems[:3]
        line("check_rows (every row; lookups are 2 queries)", checking, args.rows)

        print("\nWriting (one transaction, bulk)")
        job = new_job(inventory)
        ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
        writing, _ = timed(lambda: activity_import_apply(job=job, rows=parsed.rows), 1)
        created = len({r.source for r in parsed.rows if r.source_id is None})
        line(f"activity_import_apply: {created:,} new sources + records", writing, args.rows)
        again = new_job(inventory)
        ImportJob.objects.filter(pk=again.pk).update(status=JobStatus.RUNNING)
        parsed_again = check_rows(
            sheet, period=Period.of(inventory), factors=factors, sources=import_sources(inventory=inventory)
        )
        replacing, _ = timed(lambda: activity_import_apply(job=again, rows=parsed_again.rows), 1)
        line("activity_import_apply: replacing every record", replacing, args.rows)

        print("\nThe whole task (file from storage → parse → check → write; progress on the job)")
        fresh = new_inventory()
        job = new_job(fresh)
        whole, outcome = timed(lambda: activity_import(job.pk), 1)
        job.refresh_from_db()
        assert outcome == "succeeded" and job.rows_imported == args.rows, (outcome, job.row_errors[:3])
        stored = ActivityRecord.objects.filter(source__inventory=fresh)
        assert stored.count() == args.rows and stored.aggregate(t=Sum("quantity"))["t"] == total
        line("activity_import task, new inventory", whole, args.rows, bare)
        job = new_job(fresh)
        whole_again, _ = timed(lambda: activity_import(job.pk), 1)
        line("activity_import task, replacing the same data", whole_again, args.rows, bare)
        print(
            f"\nbare openpyxl read {bare:.2f} s; whole import {whole:.2f} s "
            f"({whole / bare:.1f} × the bare read); total checked: {total} (exact)"
        )
        ratio = whole / bare
        print(
            f"activity import, {args.rows:,} rows | ours {whole:.2f} s | baseline (bare openpyxl read) {bare:.2f} s | "
            f"{ratio:.2f}× | goal ≤ 1.5×: {'met' if ratio <= 1.5 else 'NOT met'}"
        )
    finally:
        for inventory in inventories:
            ImportJob.objects.filter(inventory=inventory).delete()
            inventory.delete()
        user.delete()
        company.delete()


if __name__ == "__main__":
    main()
