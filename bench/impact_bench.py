"""Benchmark of the impact run: a draft of lean-2026-basic (the cap raised from 500,000 to 600,000) judged
against 10,000 stored submissions of the version it replaces, and its golden cases. Prints the run's time, its
cost per evaluation, and that cost as a ratio of the bare engine's (two proposal_check calls: the version it
replaces and the draft), which is all the run must do per evaluation besides reading and writing rows.

    .venv/bin/python bench/impact_bench.py        # SQLite in a temporary folder; the task runs in-process
    DATABASE_URL=postgres://… REDIS_URL=redis://… .venv/bin/python bench/impact_bench.py
        # that database (its bench rows removed afterwards) and a real Celery worker started for the run:
        # the job is queued as the page queues it and its progress polled from here, as the page polls it
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def start_worker(queue: str, log_path: Path) -> subprocess.Popen:
    env = {**os.environ, "CELERY_QUEUE": queue, "DB_CONN_MAX_AGE": "0"}
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "portal",
        "worker",
        "--pool=solo",
        "-Q",
        queue,
        "-n",
        f"{queue}@bench",
        "--without-gossip",
        "--without-mingle",
        "--loglevel=WARNING",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log_path.open("w"), stderr=subprocess.STDOUT)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--evaluations", type=int, default=10_000)
    parser.add_argument("--sample", type=int, default=1_000, help="evaluations timed with the bare engine")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="portal-impact-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.update(PORTAL_TESTING="1", LOG_LEVEL="ERROR")
    with_worker = bool(os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL"))
    if not os.environ.get("DATABASE_URL"):
        os.environ["SQLITE_PATH"] = str(workdir / "bench.sqlite3")
    if not with_worker:
        os.environ.pop("REDIS_URL", None)  # the task runs in-process: no broker needed
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    os.environ["CELERY_QUEUE"] = queue
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)

    from portal.celery import app as celery_app
    from portal.models import JobStatus, ProgrammeOffice, Role, User
    from programs import services
    from programs.impact.compute import fact_types, submission_inputs
    from programs.impact.services import impact_request
    from programs.models import Edition, EditionStatus, EvaluationPurpose, ImpactJob, RuleEvaluation
    from programs.rules import compile_ruleset
    from programs.rules.proposal import proposal_check
    from programs.rulesets import ruleset_for
    from tests.programs.impact_data import lean_submission

    celery_app.conf.task_default_queue = queue
    published = Edition.objects.get(code="lean-2026-basic", status=EditionStatus.PUBLISHED)
    office = ProgrammeOffice.objects.order_by("id").first() or ProgrammeOffice.objects.create(name="計畫辦公室")
    admin = User.objects.create_user(
        f"bench-{uuid.uuid4().hex[:8]}@example.com",
        None,
        role=Role.ADMIN,
        full_name="基準測試",
        programme_office=office,
    )
    subject_type = f"bench-{uuid.uuid4().hex[:6]}"
    draft, worker = None, None
    where = connection.vendor + ("" if connection.vendor == "sqlite" else f" ({connection.settings_dict['NAME']})")
    print(
        f"{args.evaluations:,} stored submissions of {published}; database: {where}; "
        f"{'a Celery worker' if with_worker else 'the task in-process'}\n"
    )
    try:
        # 300,000 … 699,999 asked: the raised cap lets those between 500,001 and 600,000 pass
        rows = [
            RuleEvaluation(
                edition=published,
                purpose=EvaluationPurpose.SUBMISSION,
                subject_type=subject_type,
                subject_id=str(n),
                inputs=lean_submission(300_000 + (n * 40_009) % 400_000),
                outcomes=[],
                passed=True,
                language="zh-hant",
            )
            for n in range(args.evaluations)
        ]
        started = time.perf_counter()
        RuleEvaluation.objects.bulk_create(rows, batch_size=1000)
        print(f"  stored {args.evaluations:,} evaluations in {time.perf_counter() - started:.1f} s")
        draft = services.edition_new_version(actor=admin, edition=published, note="bench")
        rules = dict(draft.rules)
        rules["budget"] = {**rules["budget"], "rules": [dict(r) for r in rules["budget"]["rules"]]}
        rules["budget"]["rules"][0] = {
            **rules["budget"]["rules"][0],
            "params": {"quantity": "gov_total", "max": 600000},
        }
        services.edition_update_draft(actor=admin, edition=draft, data={}, rules=rules)

        old, new = ruleset_for(published), compile_ruleset(draft.rules)
        types = fact_types(old, new)
        sample = [r.inputs for r in rows[: args.sample]]
        started = time.perf_counter()
        for inputs in sample:
            given = submission_inputs(inputs, types)
            proposal_check(old, **given, lang="zh-hant")
            proposal_check(new, **given, lang="zh-hant")
        bare = (time.perf_counter() - started) / len(sample)
        print(f"  bare engine: two proposal_check calls        {bare * 1000:8.3f} ms an evaluation")

        if with_worker:
            worker = start_worker(queue, workdir / "worker.log")
            deadline = time.monotonic() + 60
            while not celery_app.control.ping(destination=[f"{queue}@bench"], timeout=0.5):
                if worker.poll() is not None or time.monotonic() > deadline:
                    sys.exit(f"the worker did not start: {(workdir / 'worker.log').read_text()[-2000:]}")
        asked = time.perf_counter()
        with transaction.atomic():
            job = impact_request(actor=admin, edition=draft, language="zh-hant")  # queued on commit
        seen = []
        while True:
            job.refresh_from_db()
            if not seen or seen[-1][1] != job.progress:
                seen.append((time.perf_counter() - asked, job.progress, job.message))
                print(f"  {seen[-1][0]:6.2f} s  {job.progress:3d} %  {job.message}")
            if job.done:
                break
            time.sleep(0.25)
        if job.status != JobStatus.SUCCEEDED:
            sys.exit(f"the run failed: {job.error}")
        run = (job.finished_at - job.started_at).total_seconds()
        per = run / job.evaluations_total
        print(
            f"\n  impact run (task, start to finish)           {run:8.2f} s for {job.evaluations_total:,} evaluations "
            f"and {len(job.golden)} golden cases"
        )
        print(f"  per evaluation                               {per * 1000:8.3f} ms  ({1 / per:,.0f} evaluations/s)")
        print(f"  ratio to the bare engine                     {per / bare:8.2f} ×")
        print(
            f"  progress seen by the poller                  {len(seen)} steps; changed {job.evaluations_changed:,} "
            f"(would now pass {job.evaluations_better:,}, fail {job.evaluations_worse:,})"
        )
        expected = sum(1 for r in rows if 500_000 < sum(line["gov"] for line in r.inputs["budget"]["lines"]) <= 600_000)
        assert job.evaluations_better == expected, (job.evaluations_better, expected)
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=20)
        if draft is not None:
            ImpactJob.objects.filter(edition=draft).delete()
            services.edition_discard_draft(actor=admin, edition=draft)
        RuleEvaluation.objects.filter(subject_type=subject_type).delete()
        admin.delete()


if __name__ == "__main__":
    main()
