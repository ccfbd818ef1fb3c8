"""The report job, run by a Celery worker. Idempotent: a job that succeeded is left alone; a redelivered job
(the worker was killed mid-job: ``acks_late`` + ``reject_on_worker_lost``) renders again to the same
deterministic file, replacing whatever half-written file is there, and the job row is finished once."""

import contextlib
import logging
import os
import tempfile

from celery import shared_task
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from carbon.models import ReportJob

from .render import ReportDataError, html_to_pdf, report_context, report_html
from .services import report_fail, report_finish, report_progress, report_start

logger = logging.getLogger(__name__)


def report_file_name(job: ReportJob) -> str:
    return f"reports/inventory-{job.inventory_id}-job-{job.pk}.pdf"


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


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ReportDataError):
        return str(exc)
    if isinstance(exc, OSError):
        return _("the report file could not be written (%(error)s)") % {"error": exc.strerror or exc.__class__.__name__}
    return f"{exc.__class__.__name__}: {exc}"


@shared_task(bind=True, acks_late=True, time_limit=settings.JOB_TIME_LIMIT,
             soft_time_limit=settings.JOB_TIME_LIMIT * 9 // 10)  # fmt: skip
def report_render(self, job_id: int) -> str:
    """Render the job's report to reports/inventory-<inventory>-job-<job>.pdf. Returns what happened."""
    job = report_start(job_id=job_id)
    if job is None:
        return "nothing to do"
    try:
        with translation.override(job.language):
            context = report_context(job=job)
            report_progress(job=job, percent=10, message=_("Report contents gathered"))
            html = report_html(context)
            report_progress(job=job, percent=60, message=_("Report laid out"))
            pdf, pages = html_to_pdf(html)
            name = _write(report_file_name(job), pdf)
            report_progress(job=job, percent=90, message=_("PDF written"))
            done = ngettext("Done: %(pages)s page", "Done: %(pages)s pages", pages) % {"pages": pages}
    except Exception as exc:
        logger.exception("report job %s failed", job_id)
        with translation.override(job.language):
            report_fail(job=job, reason=_reason(exc))
        return "failed"
    return "succeeded" if report_finish(job=job, file_name=name, message=done) else "already succeeded"
