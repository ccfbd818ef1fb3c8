"""Benchmark of the ISO 14064-1 report: the whole render (contents from the calculation snapshot, template,
WeasyPrint) against WeasyPrint rendering the same HTML alone. Prints the figures; not a test.

    .venv/bin/python bench/report_bench.py                  # SQLite in a temporary folder, migrated first
    .venv/bin/python bench/report_bench.py --rounds 10 --language en
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


def timed(fn, rounds: int) -> tuple[list[float], object]:
    result = fn()  # warm up (fonts, templates)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times, result


def line(label: str, times: list[float], bare: float | None = None) -> None:
    median = statistics.median(times)
    extra = f"   {median / bare:5.2f} × WeasyPrint alone" if bare else ""
    print(f"{label:<46} median {median * 1000:8.1f} ms   min {min(times) * 1000:8.1f} ms{extra}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--language", default="zh-hant", choices=["zh-hant", "en"])
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
    from django.utils import translation
    from weasyprint import HTML, URLFetcher

    from carbon import services
    from carbon.models import ReportJob
    from carbon.reports.render import report_context, report_html
    from portal.pdf import html_to_pdf
    from tests.carbon.factories import report_demo_inventory
    from tests.factories import UserFactory

    call_command("migrate", verbosity=0)
    with transaction.atomic():
        user = UserFactory(role="applicant")
        inventory = report_demo_inventory(company=user.company)
        calculation = services.calculation_run(actor=user, inventory=inventory)
        job = ReportJob.objects.create(
            inventory=inventory, calculation=calculation, language=args.language, requested_by=user
        )

        def contents() -> str:
            with translation.override(job.language):
                return report_html(report_context(job=job))

        def whole() -> tuple[bytes, int]:
            return html_to_pdf(contents())

        html = contents()

        def weasyprint_alone() -> bytes:
            return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()

        # in turns, so that both meet the same load on the machine
        bare_pdf, (pdf, pages) = weasyprint_alone(), whole()  # warm up (fonts, templates)
        bare_times, whole_times = [], []
        for _ in range(args.rounds):
            for fn, kept in ((weasyprint_alone, bare_times), (whole, whole_times)):
                start = time.perf_counter()
                fn()
                kept.append(time.perf_counter() - start)
        content_times, _html = timed(contents, args.rounds)
        transaction.set_rollback(True)

    rows = len(calculation.results["by_source"])
    print(
        f"ISO 14064-1 report, {args.language}: {pages} pages, {len(pdf) / 1024:.0f} KiB PDF, "
        f"{len(html) / 1024:.0f} KiB "
        f"HTML, {rows} sources, {calculation.results['records']} monthly records; {args.rounds} rounds"
    )
    bare = statistics.median(bare_times)
    line("WeasyPrint alone (the same HTML → PDF)", bare_times)
    line("contents + template (snapshot → HTML)", content_times)
    line("whole report (snapshot → HTML → PDF)", whole_times, bare)
    print(f"{'per page, whole report':<46} median {statistics.median(whole_times) / pages * 1000:8.1f} ms")
    whole_s = statistics.median(whole_times)
    ratio = whole_s / bare
    print(
        f"\nISO 14064-1 PDF, {pages} pages | ours {whole_s:.2f} s | baseline (bare WeasyPrint, same HTML) "
        f"{bare:.2f} s | {ratio:.2f}× | goal ≤ 1.1× of bare: {'met' if ratio <= 1.1 else 'NOT met'}"
    )
    assert len(bare_pdf) > 0


if __name__ == "__main__":
    main()
