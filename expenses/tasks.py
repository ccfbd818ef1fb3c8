"""The Excel import of expenses, run by a Celery worker (services/imports.py holds what it does).

Idempotent with ``acks_late``: a job already done is not run again, and the writes and the job's "done" are one
transaction, so a worker killed mid-job leaves everything or nothing and the redelivered task finishes the job.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from applications.services import TransitionNotAllowed
from portal.jobs import JOB_TASK_OPTIONS

from .models import ExpenseImportJob
from .services.imports import (
    PHASE_CHECKING,
    PHASE_CRASHED,
    PHASE_READING,
    PHASE_WRITING,
    ImportConflict,
    expenses_import_apply,
    expenses_import_check,
    expenses_import_progress,
    expenses_import_reject,
    expenses_import_start,
    file_problem,
)
from .workbooks import WorkbookRefused, import_rows

logger = logging.getLogger(__name__)

# share of the progress bar per phase: reading 0–30 %, checking 30–80 %, writing 80–100 %
READ, CHECK = (0, 30), (30, 80)
CRASHED = gettext_noop(
    "The import stopped on an unexpected error. Nothing was imported: try again, or tell the programme office."
)


class _Progress:
    """Writes the job's progress when the shown percentage changes."""

    def __init__(self, job: ExpenseImportJob, span: tuple[int, int], message: str):
        self.job, self.span, self.message, self.last = job, span, message, -1

    def __call__(self, done: int, expected: int) -> None:
        low, high = self.span
        share = min(done / expected, 1) if expected else 0.5
        percent = int(low + (high - low) * share)
        if percent != self.last:
            self.last = percent
            expenses_import_progress(job=self.job, progress=percent, message=self.message)


def _rows(job: ExpenseImportJob) -> list[tuple[int, dict]]:
    with job.upload.open("rb") as upload, translation.override(job.language):
        return import_rows(upload.file, progress=_Progress(job, READ, PHASE_READING))


def _run(job: ExpenseImportJob) -> str:
    try:
        rows = _rows(job)
    except FileNotFoundError:
        expenses_import_reject(
            job=job, problems=[file_problem(lambda: _("The uploaded file is no longer there: upload it again."))]
        )
        return "failed"
    except WorkbookRefused as exc:
        refusal = exc
        expenses_import_reject(job=job, problems=[file_problem(lambda: str(refusal))])
        return "failed"
    expenses_import_progress(job=job, progress=CHECK[0], message=PHASE_CHECKING, rows_total=len(rows))
    try:
        with translation.override(job.language):
            problems = expenses_import_check(job=job, rows=rows, progress=_Progress(job, CHECK, PHASE_CHECKING))
        if problems:
            expenses_import_reject(job=job, problems=problems)
            return "failed"
        expenses_import_progress(job=job, progress=CHECK[1], message=PHASE_WRITING)
        expenses_import_apply(job=job, rows=rows)
    except (PermissionDenied, TransitionNotAllowed) as exc:
        text = getattr(exc, "message", None) or str(exc)
        expenses_import_reject(job=job, problems=[file_problem(lambda: str(text))])
        return "failed"
    except ImportConflict as exc:
        expenses_import_reject(job=job, problems=exc.problems)
        return "failed"
    return "succeeded"


@shared_task(**JOB_TASK_OPTIONS, reject_on_worker_lost=True, ignore_result=True)
def expenses_import_run(self, job_id: int) -> str:
    job = expenses_import_start(job_id=job_id)
    if job is None:
        return "skipped"  # done already (a redelivery) or deleted
    try:
        return _run(job)
    except Exception:  # the job must say it failed; the details go to the log
        logger.exception("expense import %s failed", job_id)
        expenses_import_reject(
            job=job,
            problems=[file_problem(lambda: _(CRASHED))],
            message=PHASE_CRASHED,
        )
        return "failed"
