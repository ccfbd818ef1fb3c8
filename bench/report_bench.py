"""Benchmark of the ISO 14064-1 report (issue 12). Prints two rows, each as ours | baseline | ratio | goal:

1. The worker's render of a report — ``pdf_job_run`` as the Celery task runs it: contents from the calculation
   snapshot, template, WeasyPrint, the PDF written under its deterministic name, and the job's progress saved
   after every step and page — against bare WeasyPrint rendering the same HTML. Goal ≤ 1.1×.
2. Bare WeasyPrint of the same contents through the template as it was before issue 12 (kept, style inlined, in
   bench/report_template_before.html, for this figure only) against bare WeasyPrint of today's template: how much
   cheaper the template's CSS made the layout. Goal ≥ 2×.

The three renders are timed in turns (so that they meet the same load on a shared machine), as wall time and as
the process's CPU time (less disturbed by other processes). Prints the figures; not a test.

    .venv/bin/python bench/report_bench.py                       # SQLite in a temporary folder, migrated first
    .venv/bin/python bench/report_bench.py --rounds 10 --language en
    .venv/bin/python bench/report_bench.py --copies 3            # each demo source 3 more times: a ~30-page report
    DATABASE_URL=postgres://… .venv/bin/python bench/report_bench.py   # that database (the data is rolled back)
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TEMPLATE_BEFORE = Path(__file__).resolve().parent / "report_template_before.html"


def measure(fn) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def median(pairs: list[tuple[float, float]], which: int) -> float:
    return statistics.median(p[which] for p in pairs)


def line(label: str, pairs: list[tuple[float, float]]) -> None:
    print(
        f"{label:<58} wall median {median(pairs, 0) * 1000:8.1f} ms (min {min(p[0] for p in pairs) * 1000:8.1f})"
        f"   CPU median {median(pairs, 1) * 1000:8.1f} ms"
    )


def copy_sources(inventory, copies: int) -> None:
    """Each included source of the inventory ``copies`` more times, with its monthly records (a larger report)."""
    from carbon.models import ActivityRecord

    for source in list(inventory.sources.filter(included=True)):
        records = list(source.records.all())
        for n in range(2, copies + 2):
            source.pk, source.id, source.name = None, None, f"{source.name.rsplit(' #', 1)[0]} #{n}"
            source.save()
            ActivityRecord.objects.bulk_create(
                ActivityRecord(source=source, month=r.month, quantity=r.quantity, unit=r.unit) for r in records
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--language", default="zh-hant", choices=["zh-hant", "en"])
    parser.add_argument("--copies", type=int, default=0, help="copies of each demo source (0: the demo inventory)")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.update(PORTAL_TESTING="1", LOG_LEVEL="ERROR")
    if "DATABASE_URL" not in os.environ:
        os.environ["SQLITE_PATH"] = str(Path(tempfile.mkdtemp(prefix="portal-report-bench-")) / "bench.sqlite3")
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.template import engines
    from django.test import override_settings
    from django.utils import translation
    from weasyprint import HTML, URLFetcher

    from carbon import services
    from carbon.models import ReportJob
    from carbon.reports.render import report_context, report_html
    from carbon.reports.services import report_progress
    from carbon.reports.tasks import report_file_name
    from portal.models import JobStatus
    from portal.pdf import pdf_job_run
    from tests.carbon.factories import report_demo_inventory
    from tests.factories import UserFactory

    def bare(html: str) -> bytes:
        """WeasyPrint alone, as its documentation shows it."""
        return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()

    call_command("migrate", verbosity=0)
    media = tempfile.mkdtemp(prefix="portal-report-bench-media-")
    with transaction.atomic(), override_settings(MEDIA_ROOT=media):
        user = UserFactory(role="applicant")
        inventory = report_demo_inventory(company=user.company)
        copy_sources(inventory, args.copies)
        calculation = services.calculation_run(actor=user, inventory=inventory)
        job = ReportJob.objects.create(
            inventory=inventory,
            calculation=calculation,
            language=args.language,
            requested_by=user,
            status=JobStatus.RUNNING,  # as the worker has it: its progress is saved
        )
        outcome = {}

        def ours() -> None:
            """The task's work, as report_render runs it (but the job is not finished: it runs again)."""

            def finish(name: str, pages: int, _context: dict) -> bool:
                outcome.update(name=name, pages=pages)
                return True

            def fail(reason: str) -> None:
                raise RuntimeError(reason)

            pdf_job_run(
                job=job,
                contents=lambda: report_context(job=job),
                html=report_html,
                file_name=report_file_name(job),
                steps=("Report contents gathered", "Report document assembled"),
                progress=lambda percent, message, pages: report_progress(
                    job=job, percent=percent, message=message, pages=pages
                ),
                finish=finish,
                fail=fail,
            )

        with translation.override(job.language):
            context = report_context(job=job)
            html = report_html(context)
            html_before = engines["django"].from_string(TEMPLATE_BEFORE.read_text()).render(context)

        def contents() -> None:
            with translation.override(job.language):
                report_html(report_context(job=job))

        template_times = [measure(contents) for _ in range(args.rounds)]

        bare_pdf = bare(html)  # warm up (fonts, templates)
        old_pages = len(HTML(string=html_before, url_fetcher=URLFetcher(allowed_protocols={"data"})).render().pages)
        ours()
        runs = {"ours": [], "bare": [], "bare_before": []}
        for _ in range(args.rounds):
            runs["bare"].append(measure(lambda: bare(html)))
            runs["ours"].append(measure(ours))
            runs["bare_before"].append(measure(lambda: bare(html_before)))
        pdf_size = Path(media, outcome["name"]).stat().st_size
        job.refresh_from_db()
        progress_seen = (job.progress, job.message, job.pages)
        transaction.set_rollback(True)

    pages = outcome["pages"]
    rows = len(calculation.results["by_source"])
    print(
        f"ISO 14064-1 report, {args.language}: {pages} pages ({old_pages} through the template before issue 12), "
        f"{pdf_size / 1024:.0f} KiB PDF, {len(html) / 1024:.0f} KiB HTML ({len(html_before) / 1024:.0f} KiB before), "
        f"{rows} sources, {calculation.results['records']} monthly records; {args.rounds} rounds; "
        f"the job's last step: {progress_seen}"
    )
    line("bare WeasyPrint, the template before issue 12", runs["bare_before"])
    line("bare WeasyPrint, today's template (the same contents)", runs["bare"])
    line("ours: the worker's pdf_job_run (contents → file, progress)", runs["ours"])
    line("  of which contents + template (snapshot → HTML)", template_times)
    for label, which in (("wall", 0), ("CPU", 1)):
        ours_s, bare_s, before_s = (median(runs[k], which) for k in ("ours", "bare", "bare_before"))
        ratio, speedup = ours_s / bare_s, before_s / bare_s
        print(
            f"\n[{label}] ISO 14064-1 PDF, {pages} pages | ours {ours_s:.2f} s | baseline (bare WeasyPrint, same HTML) "
            f"{bare_s:.2f} s | {ratio:.2f}× | goal ≤ 1.1× of bare: {'met' if ratio <= 1.1 else 'NOT met'}"
            f"\n[{label}] template CSS | bare WeasyPrint, today's template {bare_s:.2f} s | the template before "
            f"{before_s:.2f} s | {speedup:.2f}× faster | goal ≥ 2×: {'met' if speedup >= 2 else 'NOT met'}"
        )
    assert bare_pdf.startswith(b"%PDF-")


if __name__ == "__main__":
    main()
