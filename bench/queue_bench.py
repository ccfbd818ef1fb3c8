"""Benchmark of the programme office's case queue at 100,000 cases: the real page (/office/cases/: filters,
pagination, template, navigation) against a bare view of the same rows — one hand-written SQL query for the
page's rows and the total the pagination needs, the same filters and page size, rows joined into a bare
HTML table, behind the same sign-in (login_required: the session and the user are read for both; issue 12 made
the baseline fair so). Both are requested through the same client and middleware. Prints the medians and their ratio
per scenario (goal: ≤ 1.5 ×). Not a test.

The cases are loaded into a scratch database (``<name>_queue_bench`` beside the one DATABASE_URL names),
vacuumed and analysed as a live database would be, and the scratch database is dropped at the end.

    DATABASE_URL=postgres://… .venv/bin/python bench/queue_bench.py
    DATABASE_URL=postgres://… .venv/bin/python bench/queue_bench.py --cases 20000 --rounds 30
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGE_SIZE = 25
STATUSES = [
    "submitted",
    "screening",
    "supplement_requested",
    "under_review",
    "approved",
    "rejected",
    "draft",
    "contracted",
    "in_progress",
    "withdrawn",
]

BARE_SQL = """
SELECT c.id, c.reference, c.title, co.name, co.ubn, u.name, e.track, e.year, c.status, c.requested_gov,
       c.submitted_at, c.due, c.check_result -> 'ready',
       (SELECT count(*) FROM applications_case c2 {join2} WHERE {where2}) AS total
  FROM applications_case c
  JOIN portal_company co ON co.id = c.company_id
  LEFT JOIN portal_counsellingunit u ON u.id = c.unit_id
  JOIN programs_edition e ON e.id = c.edition_id
 WHERE {where}
 ORDER BY c.created_at DESC, c.id DESC
 LIMIT %s OFFSET %s
"""


def bare_filters(params, alias: str, company: str) -> tuple[str, list]:
    """The queue's filters (selectors.cases_for_user) written by hand."""
    clauses, args = ["TRUE"], []
    if params.get("edition"):
        clauses.append(f"{alias}.edition_code = %s")
        args.append(params["edition"])
    if params.get("status"):
        clauses.append(f"{alias}.status = %s")
        args.append(params["status"])
    if params.get("due_soon"):
        from django.utils import timezone

        clauses.append(f"{alias}.due IS NOT NULL AND {alias}.due <= %s")
        args.append(timezone.localdate() + datetime.timedelta(days=7))
    if params.get("q"):
        like = f"%{params['q']}%"
        clauses.append(
            f"(UPPER({alias}.reference) LIKE UPPER(%s) OR UPPER({alias}.title) LIKE UPPER(%s) "
            f"OR UPPER({company}.name) LIKE UPPER(%s) OR {company}.ubn = %s)"
        )
        args += [like, like, like, params["q"]]
    return " AND ".join(clauses), args


def bare_queue(request):
    """The same rows in one query, no form, no template, no navigation; behind the same sign-in as the page
    (``login_required`` in run(): the session and the user are read for both, as they must be for the page)."""
    from django.db import connection
    from django.http import HttpResponse
    from django.utils.html import escape

    params = request.GET
    page = max(int(params.get("page", "1") or 1), 1)
    where, args = bare_filters(params, "c", "co")
    where2, args2 = bare_filters(params, "c2", "co2")
    with connection.cursor() as cursor:
        join2 = "JOIN portal_company co2 ON co2.id = c2.company_id" if params.get("q") else ""
        cursor.execute(
            BARE_SQL.format(where=where, where2=where2, join2=join2), [*args2, *args, PAGE_SIZE, (page - 1) * PAGE_SIZE]
        )
        rows = cursor.fetchall()
    body = "".join("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>" for row in rows)
    total = rows[0][-1] if rows else 0
    return HttpResponse(f"<!DOCTYPE html><p>{total}</p><table>{body}</table>")


urlpatterns: list = []  # filled in main(), once Django is set up


def timed_pair(first, second, rounds: int) -> tuple[float, float]:
    """Median seconds of each, run in turns so that both meet the same load on the machine."""
    for _ in range(3):
        first(), second()  # warm up: templates, caches, the database's buffers
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(rounds):
        for fn, kept in ((first, times[0]), (second, times[1])):
            start = time.perf_counter()
            fn()
            kept.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def make_cases(count: int) -> None:
    """``count`` cases spread over the published editions, one per company per edition, in bulk."""
    from django.utils import timezone

    from applications.models import Case
    from portal.models import Company, CounsellingUnit, Role, User
    from portal.validators import ubn_checksum_ok
    from programs.selectors import editions_published

    editions = list(editions_published())
    per_edition = -(-count // len(editions))
    taken = set(Company.objects.values_list("ubn", flat=True))
    ubns = (u for u in (f"{n:08d}" for n in range(60_000_000, 70_000_000)) if ubn_checksum_ok(u) and u not in taken)
    companies = Company.objects.bulk_create(
        [
            Company(ubn=next(ubns), name=f"基準測試機械工業 {n} 股份有限公司", industry_codes=["2912"])
            for n in range(per_edition)
        ],
        batch_size=5000,
    )
    units = CounsellingUnit.objects.bulk_create(
        [CounsellingUnit(kind="company", ubn=next(ubns), name=f"基準測試輔導單位 {n}") for n in range(50)]
    )
    creator = User.objects.create_user(
        "queue-bench@example.com", None, role=Role.COUNSELLOR, counselling_unit=units[0], full_name="基準測試"
    )
    rng, now = random.Random(7), timezone.now()
    # what a stored check weighs: the outcomes of every rule, in both languages
    outcomes = [
        {"rule": f"rule_{n}", "passed": True, "level": "error", "message": "政府補助款占總經費比例符合上限" * 3}
        for n in range(25)
    ]
    batch, made = [], 0
    for edition in editions:
        for serial, company in enumerate(companies[: min(per_edition, count - made)], start=1):
            status = rng.choice(STATUSES)
            batch.append(
                Case(
                    reference=f"{edition.code}-{serial:05d}",
                    edition=edition,
                    edition_code=edition.code,
                    company=company,
                    unit=rng.choice(units) if rng.random() < 0.7 else None,
                    created_by=creator,
                    title=f"智慧化產線能耗監控導入 {serial}",
                    status=status,
                    requested_gov=rng.randrange(500_000, 5_000_000),
                    requested_self=rng.randrange(200_000, 2_000_000),
                    submitted_at=None if status == "draft" else now - datetime.timedelta(hours=rng.randrange(1, 5000)),
                    due=(now.date() + datetime.timedelta(days=rng.randrange(-3, 14)))
                    if status == "supplement_requested"
                    else None,
                    check_result={"ready": rng.random() < 0.8, "outcomes": {"zh-hant": outcomes, "en": outcomes}},
                    created_at=now - datetime.timedelta(minutes=made),
                )
            )
            made += 1
            if len(batch) == 5000:
                Case.objects.bulk_create(batch)
                batch = []
    Case.objects.bulk_create(batch)


def scratch_database(url: str, *, create: bool, suffix: str = "_queue_bench") -> str:
    """Create (or drop) the scratch database beside the one ``url`` names; returns its URL."""
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/") + suffix
    admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if create:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()
    return urlunsplit(parts._replace(path=f"/{name}"))


def run(args) -> None:
    from django.conf import settings
    from django.contrib.auth.decorators import login_required
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import clear_url_caches, include, path

    from applications.models import Case
    from portal.audit import audit_stores_nothing
    from portal.models import ProgrammeOffice, Role, User

    urlpatterns.extend(
        [path("bench/bare-queue/", audit_stores_nothing(login_required(bare_queue))), path("", include("portal.urls"))]
    )
    settings.ROOT_URLCONF = "__main__"
    clear_url_caches()
    call_command("migrate", verbosity=0)

    started = time.perf_counter()
    make_cases(args.cases)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum leaves a live database
    print(
        f"{Case.objects.count():,} cases loaded in {time.perf_counter() - started:.0f} s; "
        f"{args.rounds} rounds, medians\n"
    )
    office = ProgrammeOffice.objects.create(name="基準測試計畫辦公室", ministry_unit="經濟部產業發展署")
    officer = User.objects.create_user(
        "queue-bench-officer@example.com", None, role=Role.OFFICER, programme_office=office, full_name="基準測試承辦"
    )
    client = Client(SERVER_NAME="localhost")  # an allowed host
    client.force_login(officer)
    scenarios = [
        ("first page, no filter", {}),
        ("status = screening", {"status": "screening"}),
        ("edition + search", {"edition": "machinery-2025", "q": "基準測試機械工業 12"}),
        ("due within 7 days", {"due_soon": "on"}),
        ("page 400 (offset 9,975)", {"page": "400"}),
    ]
    print(f"{'scenario':<28} {'queue page':>11} {'bare view':>11} {'ratio':>7}")
    ratios = []
    for label, params in scenarios:
        page, bare = client.get("/office/cases/", params), client.get("/bench/bare-queue/", params)
        assert page.status_code == bare.status_code == 200, (page.status_code, bare.status_code)
        page_s, bare_s = timed_pair(
            lambda p=params: client.get("/office/cases/", p),
            lambda p=params: client.get("/bench/bare-queue/", p),
            args.rounds,
        )
        page_ms, bare_ms = page_s * 1000, bare_s * 1000
        ratios.append(page_ms / bare_ms)
        print(f"{label:<28} {page_ms:>8.1f} ms {bare_ms:>8.1f} ms {page_ms / bare_ms:>6.2f}×")
    print(f"\nworst ratio {max(ratios):.2f}× (goal ≤ 1.5×)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server's database: the figure is about PostgreSQL.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.update(PORTAL_TESTING="1", LOG_LEVEL="ERROR", DATABASE_URL=scratch_database(url, create=True))
    os.environ.pop("REDIS_URL", None)
    try:
        import django

        django.setup()
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        scratch_database(url, create=False)


if __name__ == "__main__":
    main()
