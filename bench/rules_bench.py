"""Benchmark of the rule engine: screening one company against every edition and a budget check,
in-process and through the API. Prints per-call times and evaluations per second.

    .venv/bin/python bench/rules_bench.py            # SQLite in a temporary folder, migrated first
    .venv/bin/python bench/rules_bench.py --rounds 5000
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COMPANY = {
    "registration": "company", "factory_registered": True, "industry_codes": ["2912"], "business_items": ["CB01"],
    "employees": 48, "paid_in_capital": 30000000, "net_worth": 12000000, "prc_capital": False, "bank_refused": False,
    "tax_arrears_3y": False, "pcc_refused": False, "serious_violation_3y": False, "site_in_roc": True,
}  # fmt: skip
LINES = [
    {"code": "direct_salary", "gov": 1400000, "self": 600000},
    {"code": "management_fee", "gov": 700000, "self": 300000},
    {"code": "other_direct", "gov": 1157733, "self": 496171},
    {"code": "public_fee", "gov": 75600, "self": 32400},
    {"code": "business_tax", "gov": 166667, "self": 71429},
]


def timed(label: str, calls: int, fn, per: int = 1) -> float:
    fn()  # warm up
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    elapsed = time.perf_counter() - start
    per_call = elapsed / calls
    print(f"{label:<58} {per_call * 1e6:>10.1f} µs/call   {calls * per / elapsed:>12,.0f} evaluations/s")
    return calls * per / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2000)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="portal-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.update(
        PORTAL_TESTING="1",
        SQLITE_PATH=str(Path(workdir) / "bench.sqlite3"),
        CALCULATOR_RATE="100000000/min",
        ALLOWED_HOSTS="testserver",
        LOG_LEVEL="ERROR",
    )
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)

    from programs.models import Edition
    from programs.rules import budget_check, compile_ruleset, screen
    from programs.rulesets import ruleset_for

    editions = list(Edition.objects.filter(status="published").order_by("code"))
    rulesets = [ruleset_for(e) for e in editions]
    machinery = ruleset_for(Edition.objects.get(code="machinery-2025", status="published"))
    n = len(rulesets)
    rules_per_edition = sum(len(r.company_rules) for r in rulesets) / n
    print(f"{n} published editions, {rules_per_edition:.1f} eligibility rules each on average; {args.rounds} rounds\n")

    print("In-process (the pure engine)")
    stored = Edition.objects.get(code="machinery-2025", status="published").rules
    timed(
        "  compile one edition's rule set (machinery-2025)", max(args.rounds // 10, 50), lambda: compile_ruleset(stored)
    )
    single = timed(
        "  screening: one company × one edition (machinery-2025)",
        args.rounds * 5,
        lambda: screen(machinery, COMPANY, lang="zh-hant"),
    )
    timed(
        f"  screening: one company × all {n} editions",
        args.rounds,
        lambda: [screen(r, COMPANY, lang="zh-hant") for r in rulesets],
        per=n,
    )
    timed(
        "  budget check (machinery-2025, 5 lines, 10 rules)",
        args.rounds * 2,
        lambda: budget_check(machinery, LINES, lang="zh-hant"),
    )

    print("\nThrough the API (Django test client: middleware, DRF, JSON)")
    client = Client()
    body = json.dumps({"company": {"ubn": "22099131", **COMPANY}})
    one = json.dumps({"company": {"ubn": "22099131", **COMPANY}, "editions": ["machinery-2025"]})
    budget = json.dumps({"lines": LINES})

    def api(url, payload):
        response = client.post(url, payload, content_type="application/json")
        assert response.status_code == 200, response.content[:300]

    calls = max(args.rounds // 10, 50)
    timed("  POST /api/v1/screening/ (one edition)", calls, lambda: api("/api/v1/screening/", one))
    timed(f"  POST /api/v1/screening/ (all {n} editions)", calls, lambda: api("/api/v1/screening/", body), per=n)
    timed(
        "  POST /api/v1/editions/machinery-2025/budget-check/",
        calls,
        lambda: api("/api/v1/editions/machinery-2025/budget-check/", budget),
    )

    target = 5000
    verdict = "meets" if single >= target else "MISSES"
    print(f"\nSingle-edition evaluations in-process: {single:,.0f}/s — {verdict} the target of {target:,}/s")


if __name__ == "__main__":
    main()
