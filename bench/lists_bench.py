"""Benchmark of the lists of issue 12 at two sizes: the catalogue ``/programmes/``, ``GET /api/v1/editions/``,
``/staff/editions/``, an edition's versions (its manage page) and the carbon inventory workspace's sources.
Each is requested in-process (the same middleware as gunicorn, no network) at a small and at a large size;
prints the queries and the median time of each, and whether the time is flat (goal: paginated, ≤ 50 ms at
1,000 editions; the workspace ≤ 100 ms at 1,000 sources). The editions carry a real rule set (machinery-2025's)
so that reading the rules column would show.

The rows are loaded into a scratch database (``<name>_lists_bench`` beside the one DATABASE_URL names), which
is dropped at the end.

    DATABASE_URL=postgres://… .venv/bin/python bench/lists_bench.py                 # 10 and 1,000 added rows
    DATABASE_URL=postgres://… .venv/bin/python bench/lists_bench.py --sizes 10,10000 --rounds 15
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.queue_bench import scratch_database  # noqa: E402

GOALS = {"workspace": 0.100}  # seconds at the large size; the others 50 ms
DEFAULT_GOAL = 0.050


def grow_editions(total: int) -> None:
    """Published editions (and as many versions of one code) until ``total`` exist beside the seeded ones."""
    from programs.models import Edition, EditionStatus

    template = Edition.objects.get(code="machinery-2025", status=EditionStatus.PUBLISHED)
    have = Edition.objects.filter(code__startswith="bench-").count()
    batch = []
    for n in range(have, total):
        code, version, status = f"bench-{n:06d}", 1, EditionStatus.PUBLISHED
        if n % 2:  # half are versions of one code: its versions page grows too
            code, version, status = "bench-versions", n, EditionStatus.RETIRED
        batch.append(
            Edition(
                programme_id=template.programme_id,
                code=code,
                version=version,
                year=template.year,
                track=template.track,
                title=template.title,
                rules=template.rules,
                status=status,
            )
        )
    Edition.objects.bulk_create(batch, batch_size=500)


def grow_sources(inventory, total: int) -> None:
    from carbon.models import ActivityRecord, EmissionSource, Factor

    factor = Factor.objects.get(code="tw-electricity-113")
    have = inventory.sources.count()
    sources = EmissionSource.objects.bulk_create(
        [
            EmissionSource(inventory=inventory, name=f"電錶 {n:06d}", subcategory="2.1", factor=factor)
            for n in range(have, total)
        ],
        batch_size=2000,
    )
    ActivityRecord.objects.bulk_create(
        [ActivityRecord(source=s, month=datetime.date(2025, 3, 1), quantity=Decimal(5), unit="kWh") for s in sources],
        batch_size=2000,
    )


def measure(client, url: str, rounds: int) -> tuple[int, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    count = len(queries.captured_queries)  # before the next request resets the log
    if os.environ.get("BENCH_SHOW_QUERIES"):
        for q in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:2]:
            print(f"    {url} {q['time']} s  {q['sql'][:300]}")
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - start)
    return count, statistics.median(times), len(response.content)


def run(args) -> None:
    from django.core.management import call_command
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.test import Client

    from carbon import services as carbon_services
    from carbon.models import GwpSet
    from portal.models import Company, ProgrammeOffice, Role, User
    from programs.models import Edition

    call_command("migrate", verbosity=0)
    # as under pytest: the connection (and the queries counted on it) stays across requests
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    company = Company.objects.create(ubn="22099131", name="基準測試公司")
    office = ProgrammeOffice.objects.create(name="基準測試計畫辦公室", ministry_unit="經濟部產業發展署")
    admin = User.objects.create_user(
        "lists-bench-admin@example.com", None, role=Role.ADMIN, full_name="基準測試", programme_office=office
    )
    owner = User.objects.create_user(
        "lists-bench@example.com", None, role=Role.APPLICANT, company=company, full_name="基準測試"
    )
    inventory = carbon_services.inventory_create(
        actor=owner,
        company=company,
        data={
            "title": "基準測試盤查",
            "period_start": datetime.date(2025, 1, 1),
            "period_end": datetime.date(2025, 12, 31),
            "base_year": 2025,
            "gwp_set": GwpSet.objects.get(code="AR5"),
        },
    )
    public, staff, mine = (
        Client(SERVER_NAME="localhost"),
        Client(SERVER_NAME="localhost"),
        Client(SERVER_NAME="localhost"),
    )
    staff.force_login(admin)
    mine.force_login(owner)
    sizes = [int(s) for s in args.sizes.split(",")]
    results: dict[str, list] = {}
    for size in sizes:
        grow_editions(size)
        grow_sources(inventory, size)
        versions = Edition.objects.filter(code="bench-versions").order_by("version").first()
        pages = [
            ("catalogue /programmes/", public, "/programmes/"),
            ("GET /api/v1/editions/", public, "/api/v1/editions/"),
            ("/staff/editions/", staff, "/staff/editions/"),
            ("an edition's versions", staff, f"/staff/editions/{versions.pk}/" if versions else None),
            ("workspace", mine, f"/carbon/inventories/{inventory.pk}/"),
        ]
        for label, client, url in pages:
            if url is None:
                continue
            results.setdefault(label, []).append((size, *measure(client, url, args.rounds)))
    print(
        f"{args.rounds} rounds, medians; sizes = rows added (editions beside the 15 seeded, versions of one "
        f"code ≈ half of them, sources of one inventory)\n"
    )
    print(f"{'list':<26} | {'ours':<52} | {'baseline':<10} | {'ratio':<26} | goal")
    print("-" * 150)
    for label, rows in results.items():
        goal = GOALS.get(label.split()[0], DEFAULT_GOAL)
        (small, q1, t1, _b1), (large, q2, t2, _b2) = rows[0], rows[-1]
        ours = f"{t1 * 1000:.0f} ms / {q1} q at {small:,} → {t2 * 1000:.0f} ms / {q2} q at {large:,}"
        met = q1 == q2 and t2 <= goal
        print(
            f"{label:<26} | {ours:<52} | {'—':<10} | {f'time {t2 / t1:.2f}× (queries {q2 - q1:+d})':<26} | "
            f"flat, ≤ {goal * 1000:.0f} ms at the large size: {'met' if met else 'NOT met'}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10,1000", help="rows added at each step, comma-separated")
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server's database: the figure is about PostgreSQL.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.update(
        PORTAL_TESTING="1", LOG_LEVEL="ERROR", DATABASE_URL=scratch_database(url, create=True, suffix="_lists_bench")
    )
    os.environ.pop("REDIS_URL", None)
    try:
        import django

        django.setup()
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        scratch_database(url, create=False, suffix="_lists_bench")


if __name__ == "__main__":
    main()
