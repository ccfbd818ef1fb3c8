"""A bounded load generator for the public hot paths, beside a constant-JSON baseline in the same run.

Starts gunicorn on the loopback (bench/server.py: 2 workers, DEBUG off, benchmark settings) unless --url names
one already running there, then for each scenario runs N concurrent users for a fixed time against our
endpoints and against ``/bench/baseline/`` (the same middleware, a constant JSON body, mounted only by the
benchmark settings), the two alternating in --slices slices so that other work on a shared machine weighs on
both alike, and prints ``ours | baseline | ratio | goal`` and the cores the generator itself kept busy. Stops by
itself: every run ends at its deadline or after --max-requests, whichever comes first. Only the loopback is ever
addressed.

Scenarios (the rows of issue 12):
- ``screening``: POST /api/v1/screening/ with a varied company (no answer is cached), 20 users, closed loop
  (each user sends its next request as soon as the last is answered: a throughput test);
- ``mixed``: the public workload — screening, the catalogue, the editions API, an edition's rules, a budget
  check, the home page — at 50 and at 100 users, closed loop and with a think time between a user's requests
  (--think, mean seconds, drawn evenly from 0 to twice it: people, whose latency is the figure).

    DATABASE_URL=postgres://… REDIS_URL=redis://… .venv/bin/python bench/load.py
    .venv/bin/python bench/load.py --scenario screening --seconds 20
    .venv/bin/python bench/load.py --url http://127.0.0.1:8101 --scenario mixed --users 50
    .venv/bin/python bench/load.py --workers 2 --threads 4     # gthread workers
"""

import argparse
import http.client
import json
import os
import random
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
COMPANY = {
    "registration": "company", "factory_registered": True, "industry_codes": ["2912"], "business_items": ["CB01"],
    "employees": 48, "paid_in_capital": 30000000, "net_worth": 12000000, "prc_capital": False, "bank_refused": False,
    "tax_arrears_3y": False, "pcc_refused": False, "serious_violation_3y": False, "site_in_roc": True,
}  # fmt: skip
INDUSTRIES = ["2912", "2599", "2620", "1011", "2815", "3312", "2722"]
LINES = [
    {"code": "direct_salary", "gov": 1400000, "self": 600000},
    {"code": "management_fee", "gov": 700000, "self": 300000},
    {"code": "other_direct", "gov": 1157733, "self": 496171},
    {"code": "public_fee", "gov": 75600, "self": 32400},
    {"code": "business_tax", "gov": 166667, "self": 71429},
]
JSON = {"Content-Type": "application/json"}


def company(rng: random.Random) -> dict:
    """A company varied in every answer-changing fact: no two requests need be alike."""
    return {
        **COMPANY,
        "employees": rng.randrange(0, 400),
        "paid_in_capital": rng.randrange(0, 10**9),
        "net_worth": rng.randrange(-(10**7), 10**9),
        "industry_codes": rng.sample(INDUSTRIES, 2),
        "prc_capital": rng.random() < 0.1,
        "bank_refused": rng.random() < 0.1,
        "factory_registered": rng.random() < 0.8,
    }


def screening(rng: random.Random) -> tuple[str, str, bytes, dict]:
    return "POST", "/api/v1/screening/", json.dumps({"company": company(rng)}).encode(), JSON


def mixed(rng: random.Random) -> tuple[str, str, bytes, dict]:
    pick = rng.random()
    if pick < 0.30:
        return screening(rng)
    if pick < 0.45:
        return "GET", "/programmes/", b"", {}
    if pick < 0.60:
        return "GET", "/api/v1/editions/", b"", {}
    if pick < 0.75:
        lines = [{**line, "gov": line["gov"] + rng.randrange(0, 1000)} for line in LINES]
        return "POST", "/api/v1/editions/machinery-2025/budget-check/", json.dumps({"lines": lines}).encode(), JSON
    if pick < 0.85:
        return "GET", "/programmes/machinery-2025/", b"", {}
    return "GET", "/", b"", {}


WORKLOADS = {"screening": screening, "mixed": mixed}


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    elapsed: float = 0.0
    generator_cpu: float = 0.0  # the cores this generator itself kept busy (it runs on the same machine)
    by_path: dict[str, list[float]] = field(default_factory=dict)  # the latencies of each path answered

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def percentile(self, p: float) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else 0.0
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[int(p) - 1]


def one(host: str, port: int, method: str, path: str, body: bytes, headers: dict) -> int:
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        conn.request(method, path, body=body or None, headers={**headers, "Connection": "close"})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def drive(
    base: str, workload, *, users: int, seconds: float, max_requests: int, baseline: bool, seed: int, think: float = 0.0
) -> Run:
    """``users`` threads, each sending one request after another until the deadline (or the request budget),
    pausing between two requests for a think time drawn evenly from 0 to twice ``think`` seconds (none at 0)."""
    parts = urlsplit(base)
    host, port = parts.hostname, parts.port or 80
    run, lock = Run(), threading.Lock()
    budget = [max_requests]
    deadline = time.monotonic() + seconds

    def user(n: int) -> None:
        rng = random.Random(seed * 1000 + n)
        if think:  # people arrive spread over a think time, not all in the same instant
            time.sleep(rng.uniform(0, 2 * think))
        while time.monotonic() < deadline:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            method, path, body, headers = workload(rng)
            if baseline:
                path = "/bench/baseline/"
            start = time.perf_counter()
            try:
                status = one(host, port, method, path, body, headers)
            except OSError:
                status = 0
            took = time.perf_counter() - start
            with lock:
                run.statuses[status] = run.statuses.get(status, 0) + 1
                if 200 <= status < 300:
                    run.latencies.append(took)
                    run.by_path.setdefault(path, []).append(took)
                else:
                    run.errors += 1
            if think:
                time.sleep(min(rng.uniform(0, 2 * think), max(0.0, deadline - time.monotonic())))

    threads = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(users)]
    started, cpu = time.perf_counter(), time.process_time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    run.elapsed = time.perf_counter() - started
    run.generator_cpu = (time.process_time() - cpu) / run.elapsed
    return run


def warm(base: str, workload) -> None:
    """Each worker compiles its rule sets and templates once before anything is timed."""
    drive(base, workload, users=4, seconds=3, max_requests=200, baseline=False, seed=99)
    drive(base, workload, users=4, seconds=1, max_requests=50, baseline=True, seed=99)


def row(label: str, ours: str, baseline: str, ratio: str, goal: str, met: bool | None) -> None:
    verdict = "" if met is None else ("  met" if met else "  NOT met")
    print(f"{label:<44} | {ours:<34} | {baseline:<24} | {ratio:>6} | {goal}{verdict}")


def describe(run: Run) -> str:
    errors = f", {run.errors} errors" if run.errors else ", 0 errors"
    p50, p95 = run.percentile(50) * 1000, run.percentile(95) * 1000
    return f"{run.throughput:,.0f} req/s, p50 {p50:.0f} ms, p95 {p95:.0f} ms{errors}"


def merged(runs: list[Run]) -> Run:
    total = Run(elapsed=sum(r.elapsed for r in runs))
    for r in runs:
        total.latencies += r.latencies
        total.errors += r.errors
        for status, n in r.statuses.items():
            total.statuses[status] = total.statuses.get(status, 0) + n
        for path, latencies in r.by_path.items():
            total.by_path.setdefault(path, []).extend(latencies)
    total.generator_cpu = sum(r.generator_cpu * r.elapsed for r in runs) / total.elapsed if total.elapsed else 0.0
    return total


def scenario(base: str, name: str, users: int, args, think: float = 0.0) -> tuple[Run, Run]:
    """Ours and the baseline in alternating slices (ours, baseline, ours, …) of seconds / slices each: the load
    that other work puts on a shared machine changes by the minute, and so falls on both alike."""
    workload = WORKLOADS[name]
    warm(base, workload)
    slices = {False: [], True: []}
    for n in range(args.slices):
        for baseline in (False, True):
            slices[baseline].append(
                drive(
                    base,
                    workload,
                    users=users,
                    seconds=args.seconds / args.slices,
                    max_requests=args.max_requests,
                    baseline=baseline,
                    seed=args.seed + n,
                    think=think,
                )
            )
    ours, bare = merged(slices[False]), merged(slices[True])
    if ours.errors:
        print(f"  ({name}, {users} users: statuses {dict(sorted(ours.statuses.items()))})")
    print(f"  (the load generator itself kept {ours.generator_cpu:.2f} / {bare.generator_cpu:.2f} cores busy)")
    return ours, bare


def run_all(base: str, args) -> None:
    print(
        f"{args.seconds:.0f} s per run, ours and the constant-JSON baseline with the same users in {args.slices}"
        f" alternating slices each; {base}"
        f" (gunicorn: {args.workers} workers × {args.threads} threads; {os.cpu_count()} cores)\n"
    )
    row("figure", "ours", "baseline (same run)", "ratio", "goal", None)
    print("-" * 150)
    if args.scenario in ("screening", "all"):
        users = args.users or 20
        ours, bare = scenario(base, "screening", users, args)
        ratio = ours.throughput / bare.throughput
        row(
            f"POST /api/v1/screening/, {users} concurrent",
            describe(ours),
            f"{bare.throughput:,.0f} req/s",
            f"{ratio:.2f}×",
            "≥ 0.5× throughput",
            ratio >= 0.5 and not ours.errors,
        )
    if args.scenario in ("mixed", "all"):
        for users in [args.users] if args.users else [50, 100]:
            for think in sorted({0.0, args.think}):
                mixed_row(base, users, think, args)


def mixed_row(base: str, users: int, think: float, args) -> None:
    """Closed loop (no think time: each user sends its next request as soon as the last is answered) is a
    throughput test; with think time the users are people, and the figure is the latency they meet."""
    ours, bare = scenario(base, "mixed", users, args, think=think)
    paths = sorted(ours.by_path.items(), key=lambda item: -len(item[1]))
    print(
        "  (p95 by path: "
        + ", ".join(f"{path} {Run(latencies=ts).percentile(95) * 1000:.0f} ms" for path, ts in paths)
        + ")"
    )
    ratio = ours.throughput / bare.throughput
    p95 = ours.percentile(95) * 1000
    paced = f", think {think:g} s" if think else ", no think time"
    goal = "p95 ≤ 250 ms at 100 users, 0 errors" if users == 100 else "(0 errors; the goal is at 100 users)"
    met = (p95 <= 250 and not ours.errors) if users == 100 else None
    row(
        f"mixed load, {users} users{paced}",
        describe(ours),
        f"{bare.throughput:,.0f} req/s, p95 {bare.percentile(95) * 1000:.0f} ms",
        f"{ratio:.2f}×",
        goal,
        met,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", choices=["screening", "mixed", "all"], default="all")
    parser.add_argument("--users", type=int, default=0, help="concurrent users (default: 20 screening; 50 and 100)")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of each run (at most 600)")
    parser.add_argument("--max-requests", type=int, default=500_000, help="a run stops after this many requests")
    parser.add_argument("--url", help="a server already running on the loopback (default: start gunicorn)")
    parser.add_argument("--port", type=int, default=8101)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (more than 1: gthread workers)")
    parser.add_argument(
        "--think",
        type=float,
        default=1.0,
        help="mean think time of a mixed-load user in seconds (drawn evenly from 0 to twice it); the mixed load "
        "runs without think time and with it (0: only without)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--slices", type=int, default=4, help="ours and the baseline alternate in this many slices of each run"
    )
    args = parser.parse_args()
    args.seconds = max(1.0, min(args.seconds, 600.0))
    args.slices = max(1, min(args.slices, 60))
    args.users = max(0, min(args.users, 500))
    if args.url:
        if urlsplit(args.url).hostname not in LOOPBACK:
            sys.exit("load.py only addresses the loopback (127.0.0.1, localhost, ::1).")
        run_all(args.url.rstrip("/"), args)
        return
    from bench.server import gunicorn

    with gunicorn(port=args.port, workers=args.workers, threads=args.threads) as base:
        run_all(base, args)


if __name__ == "__main__":
    main()
