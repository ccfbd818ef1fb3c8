"""The report job, run by a Celery worker. Idempotent: a job that succeeded is left alone; a redelivered job
(the worker was killed mid-job: ``acks_late`` + ``reject_on_worker_lost``) renders again to the same
deterministic file, replacing whatever half-written file is there, and the job row is finished once."""

import logging

from celery import shared_task
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from carbon.models import ReportJob
from portal.pdf import file_replace, html_to_pdf

from .render import ReportDataError, report_context, report_html
from .services import report_fail, report_finish, report_progress, report_start

logger = logging.getLogger(__name__)


def report_file_name(job: ReportJob) -> str:
    return f"reports/inventory-{job.inventory_id}-job-{job.pk}.pdf"


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ReportDataError):
        return str(exc)
    if isinstance(exc, OSError):
        return _("the report file could not be written (%(error)s)") % {"error": exc.strerror or exc.__class__.__name__}
    return f"{exc.__class__.__name__}: {exc}"


@shared_task(bind=True, acks_late=True)
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
            name = file_replace(report_file_name(job), pdf)
            report_progress(job=job, percent=90, message=_("PDF written"))
            done = ngettext("Done: %(pages)s page", "Done: %(pages)s pages", pages) % {"pages": pages}
    except Exception as exc:
        logger.exception("report job %s failed", job_id)
        with translation.override(job.language):
            report_fail(job=job, reason=_reason(exc))
        return "failed"
    return "succeeded" if report_finish(job=job, file_name=name, message=done) else "already succeeded"
