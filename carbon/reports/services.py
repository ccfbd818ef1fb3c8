"""Writes of the PDF report: asking for one, trying a failed one again, and the worker's steps on its job.
Each is one transaction; the job's status changes through portal/jobs.py."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from carbon.models import Inventory, ReportJob
from carbon.services import calculation_run
from portal.jobs import (
    job_document_finish,
    job_expire,
    job_fail,
    job_open,
    job_outlived,
    job_progress,
    job_queue_check,
    job_requeue,
    job_send_on_commit,
    job_start,
)
from portal.models import JobStatus, User


@transaction.atomic
def report_request(*, actor: User, inventory: Inventory, language: str) -> ReportJob:
    """Calculate, then queue the PDF report of that calculation for a worker. BackgroundUnavailable, with
    nothing written, when no worker can be reached."""
    from .tasks import report_render  # the task module imports these services

    job_queue_check()
    calculation = calculation_run(actor=actor, inventory=inventory)
    job = job_open(job=ReportJob(inventory=inventory, calculation=calculation, language=language), actor=actor)
    job_send_on_commit(job=job, task=report_render)
    return job


@transaction.atomic
def report_retry(*, actor: User, job: ReportJob) -> ReportJob:
    """Queue a failed report again — or one whose worker was lost (running or queued past its time), failing it
    first. A report still being made is not queued twice."""
    job_queue_check()
    job = ReportJob.objects.select_for_update().get(pk=job.pk)
    if job_outlived(job):
        job = job_expire(job=job, actor=actor) or job
    queued = job_requeue(job=job, actor=actor)
    if queued is None:
        with translation.override(job.language):
            if job.status == JobStatus.SUCCEEDED:
                raise ValidationError(_("This report is done: download it, or generate a new one."))
            raise ValidationError(
                _(
                    "This report is still being made. It can be tried again if it fails, or if it is not done "
                    "%(minutes)s minutes after it started."
                )
                % {"minutes": (settings.JOB_TIME_LIMIT + 59) // 60}
            )
    return queued


def report_start(*, job_id: int) -> ReportJob | None:
    return job_start(model=ReportJob, job_id=job_id)


def report_progress(*, job: ReportJob, percent: int, message: str, pages: int | None = None) -> None:
    job_progress(job=job, percent=percent, message=message, pages=pages)


def report_finish(*, job: ReportJob, file_name: str, pages: int) -> bool:
    return job_document_finish(job=job, file_name=file_name, pages=pages)


def report_fail(*, job: ReportJob, reason: str) -> None:
    """The job failed, saying why (``reason`` in the job's language) and what to do."""
    with translation.override(job.language):
        error = _(
            "The report could not be made: %(reason)s. Try again; if it fails again, tell the programme office."
        ) % {"reason": reason}
        job_fail(job=job, error=error)
