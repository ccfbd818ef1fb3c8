"""Writes of the PDF report: asking for one, trying a failed one again, and the worker's steps on its job.
Each is one transaction; the job's status changes through portal/jobs.py."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from carbon.models import Inventory, ReportJob
from carbon.services import calculation_run
from portal.jobs import job_document_finish, job_fail, job_open, job_progress, job_start, job_transition
from portal.models import JobStatus, User


@transaction.atomic
def report_request(*, actor: User, inventory: Inventory, language: str) -> ReportJob:
    """Calculate, then queue the PDF report of that calculation for a worker."""
    from .tasks import report_render  # the task module imports these services

    calculation = calculation_run(actor=actor, inventory=inventory)
    job = job_open(job=ReportJob(inventory=inventory, calculation=calculation, language=language), actor=actor)
    transaction.on_commit(lambda: report_render.delay(job.pk))
    return job


@transaction.atomic
def report_retry(*, actor: User, job: ReportJob) -> ReportJob:
    """Queue a failed report again."""
    from .tasks import report_render  # the task module imports these services

    queued = job_transition(job=job, to=JobStatus.QUEUED, actor=actor)
    if queued is None:  # only a failed job may be queued again
        raise ValidationError(_("Only a failed report can be tried again."))
    transaction.on_commit(lambda: report_render.delay(queued.pk))
    return queued


def report_start(*, job_id: int) -> ReportJob | None:
    return job_start(model=ReportJob, job_id=job_id)


def report_progress(*, job: ReportJob, percent: int, message: str) -> None:
    job_progress(job=job, percent=percent, message=message)


def report_finish(*, job: ReportJob, file_name: str, pages: int) -> bool:
    return job_document_finish(job=job, file_name=file_name, pages=pages)


def report_fail(*, job: ReportJob, reason: str) -> None:
    """The job failed, saying why (``reason`` in the job's language) and what to do."""
    with translation.override(job.language):
        error = _("The report could not be made: %(reason)s. Try again; if it fails again, tell the programme "
                  "office.") % {"reason": reason}  # fmt: skip
        job_fail(job=job, error=error)
