"""Writes of the PDF report: asking for one, trying a failed one again, and the worker's steps on its job.
Each is one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from carbon.models import Inventory, ReportJob
from carbon.services import calculation_run
from portal.models import JobStatus, User


@transaction.atomic
def report_request(*, actor: User, inventory: Inventory, language: str) -> ReportJob:
    """Calculate, then queue the PDF report of that calculation for a worker."""
    from .tasks import report_render  # the task module imports these services

    calculation = calculation_run(actor=actor, inventory=inventory)
    job = ReportJob.objects.create(inventory=inventory, calculation=calculation, language=language, requested_by=actor)
    transaction.on_commit(lambda: report_render.delay(job.pk))
    return job


@transaction.atomic
def report_retry(*, actor: User, job: ReportJob) -> ReportJob:
    job = ReportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != JobStatus.FAILED:
        raise ValidationError(_("Only a failed report can be tried again."))
    from .tasks import report_render  # the task module imports these services

    job.status, job.progress, job.error, job.message = JobStatus.QUEUED, 0, "", ""
    job.save(update_fields=["status", "progress", "error", "message"])
    transaction.on_commit(lambda: report_render.delay(job.pk))
    return job


def report_start(*, job_id: int) -> ReportJob | None:
    """Mark the job running and count the attempt; None when there is nothing to do."""
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status == JobStatus.SUCCEEDED:
            return None
        job.status, job.progress, job.error = JobStatus.RUNNING, 0, ""
        job.attempts += 1
        job.started_at, job.finished_at = timezone.now(), None
        with translation.override(job.language):
            job.message = _("Started")
        job.save(update_fields=["status", "progress", "error", "attempts", "started_at", "finished_at", "message"])
        return job


def report_progress(*, job: ReportJob, percent: int, message: str) -> None:
    """Saved at once (no surrounding transaction in the worker), so the page sees each step."""
    ReportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(progress=percent, message=message[:300])


def report_finish(*, job: ReportJob, file_name: str, message: str) -> bool:
    """The job done with its file; False when another delivery finished it first (with the same file)."""
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().get(pk=job.pk)
        if job.status == JobStatus.SUCCEEDED:
            return False
        job.status, job.progress, job.file, job.message = JobStatus.SUCCEEDED, 100, file_name, message[:300]
        job.error, job.finished_at = "", timezone.now()
        job.save(update_fields=["status", "progress", "file", "message", "error", "finished_at"])
        return True


def report_fail(*, job: ReportJob, reason: str) -> None:
    """The job failed, saying why (``reason`` in the job's language) and what to do."""
    with translation.override(job.language):
        error = _("The report could not be made: %(reason)s. Try again; if it fails again, tell the programme "
                  "office.") % {"reason": reason}  # fmt: skip
        message = _("Failed")
    ReportJob.objects.filter(pk=job.pk).exclude(status=JobStatus.SUCCEEDED).update(
        status=JobStatus.FAILED, error=error, message=message, finished_at=timezone.now()
    )
