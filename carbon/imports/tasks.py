"""The import of an activity-data workbook, run by a Celery worker.

Idempotent with ``acks_late``: a job already done is not run again, and the writes and the job's "done"
are one transaction, so a worker killed mid-job leaves either everything or nothing, and the redelivered
task finishes the job.
"""

import logging

from celery import shared_task

from carbon.models import ImportJob
from portal.jobs import JOB_TASK_OPTIONS

from .parse import parse_workbook
from .problems import ImportFileError, Problem
from .services import (
    PHASE_CHECKING,
    PHASE_CRASHED,
    PHASE_READING,
    PHASE_WRITING,
    ImportConflict,
    activity_import_apply,
    activity_import_progress,
    activity_import_reject,
    activity_import_start,
)

logger = logging.getLogger(__name__)

# share of the progress bar per phase: reading 0–40 %, checking 40–80 %, writing 80–100 %
PHASES = {"read": (0, 40, PHASE_READING), "check": (40, 80, PHASE_CHECKING)}


class _Progress:
    """Passed to the parser: writes the job's progress when the shown percentage changes."""

    def __init__(self, job: ImportJob):
        self.job = job
        self.last = -1

    def __call__(self, phase: str, done: int, expected: int) -> None:
        low, high, message = PHASES[phase]
        share = min(done / expected, 1) if expected else 0.5
        percent = int(low + (high - low) * share)
        if percent != self.last:
            self.last = percent
            activity_import_progress(
                job=self.job, progress=percent, message=message, rows_total=expected if phase == "check" else None
            )


@shared_task(**JOB_TASK_OPTIONS, reject_on_worker_lost=True, ignore_result=True)
def activity_import(self, job_id: int) -> str:
    job = activity_import_start(job_id=job_id)
    if job is None:
        return "skipped"  # done already (a redelivery) or deleted
    try:
        progress = _Progress(job)
        try:
            with job.upload.open("rb") as upload:
                parsed = parse_workbook(upload.file, inventory=job.inventory, progress=progress)
        except FileNotFoundError:
            activity_import_reject(job=job, problems=[Problem("file_missing")])
            return "failed"
        except ImportFileError as exc:
            activity_import_reject(job=job, problems=[exc.problem])
            return "failed"
        activity_import_progress(
            job=job,
            progress=80,
            message=PHASE_CHECKING if parsed.problems else PHASE_WRITING,
            rows_total=parsed.rows_total,
        )
        if parsed.problems:
            activity_import_reject(job=job, problems=parsed.problems)
            return "failed"
        try:
            activity_import_apply(job=job, rows=parsed.rows)
        except ImportConflict as exc:
            activity_import_reject(job=job, problems=exc.problems)
            return "failed"
        return "succeeded"
    except Exception:  # the job must say it failed; the details go to the log
        logger.exception("activity import %s failed", job_id)
        activity_import_reject(job=job, problems=[Problem("unexpected")], message=PHASE_CRASHED)
        return "failed"
