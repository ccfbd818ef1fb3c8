"""The report job, run by a Celery worker. Idempotent: a job that succeeded is left alone; a redelivered job
(the worker was killed mid-job: ``acks_late`` + ``reject_on_worker_lost``) renders again to the same
deterministic file, replacing whatever half-written file is there, and the job row is finished once."""

import contextlib
import logging
import os
import tempfile

from celery import shared_task
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from carbon.models import ReportJob
from portal.models import JobStatus

from .render import ReportDataError, html_to_pdf, report_context, report_html

logger = logging.getLogger(__name__)


def report_file_name(job: ReportJob) -> str:
    return f"reports/inventory-{job.inventory_id}-job-{job.pk}.pdf"


def _progress(job: ReportJob, percent: int, message: str) -> None:
    """Saved at once (no surrounding transaction in the worker), so the page sees each step."""
    ReportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(progress=percent, message=message[:300])


def _start(job_id: int) -> ReportJob | None:
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


def _write(name: str, content: bytes) -> str:
    """Write the file under its deterministic name, replacing any earlier (perhaps half-written) one. On a
    local file system the bytes go to a temporary file first and replace the old one in one rename."""
    try:
        path = default_storage.path(name)
    except NotImplementedError:  # remote storage: replace the object
        if default_storage.exists(name):
            default_storage.delete(name)
        return default_storage.save(name, ContentFile(content))
    folder, base = os.path.split(path)
    os.makedirs(folder, exist_ok=True)
    for stale in os.listdir(folder):  # what an attempt killed while writing left behind
        if stale.startswith(f".{base}.partial-"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(os.path.join(folder, stale))
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{base}.partial-", suffix=".pdf")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return name


def _finish(job_id: int, name: str, message: str) -> bool:
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().get(pk=job_id)
        if job.status == JobStatus.SUCCEEDED:  # another delivery finished first, with the same file
            return False
        job.status, job.progress, job.file, job.message = JobStatus.SUCCEEDED, 100, name, message[:300]
        job.error, job.finished_at = "", timezone.now()
        job.save(update_fields=["status", "progress", "file", "message", "error", "finished_at"])
        return True


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ReportDataError):
        return str(exc)
    if isinstance(exc, OSError):
        return _("the report file could not be written (%(error)s)") % {"error": exc.strerror or exc.__class__.__name__}
    return f"{exc.__class__.__name__}: {exc}"


def _fail(job_id: int, exc: BaseException, language: str) -> None:
    with translation.override(language):
        error = _("The report could not be made: %(reason)s. Try again; if it fails again, tell the programme "
                  "office.") % {"reason": _reason(exc)}  # fmt: skip
        message = _("Failed")
    ReportJob.objects.filter(pk=job_id).exclude(status=JobStatus.SUCCEEDED).update(
        status=JobStatus.FAILED, error=error, message=message, finished_at=timezone.now()
    )


@shared_task(bind=True, acks_late=True)
def report_render(self, job_id: int) -> str:
    """Render the job's report to reports/inventory-<inventory>-job-<job>.pdf. Returns what happened."""
    job = _start(job_id)
    if job is None:
        return "nothing to do"
    try:
        with translation.override(job.language):
            context = report_context(job=job)
            _progress(job, 10, _("Report contents gathered"))
            html = report_html(context)
            _progress(job, 60, _("Report laid out"))
            pdf, pages = html_to_pdf(html)
            name = _write(report_file_name(job), pdf)
            _progress(job, 90, _("PDF written"))
            done = ngettext("Done: %(pages)s page", "Done: %(pages)s pages", pages) % {"pages": pages}
    except Exception as exc:
        logger.exception("report job %s failed", job_id)
        _fail(job_id, exc, job.language)
        return "failed"
    return "succeeded" if _finish(job_id, name, done) else "already succeeded"
