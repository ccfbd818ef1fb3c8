"""The report job, run by a Celery worker. Idempotent: a job that succeeded is left alone; a redelivered job
(the worker was killed mid-job: ``acks_late`` + ``reject_on_worker_lost``) renders again to the same
deterministic file, replacing whatever half-written file is there, and the job row is finished once."""

from celery import shared_task
from django.utils.translation import gettext_noop

from carbon.models import ReportJob
from portal.jobs import JOB_TASK_OPTIONS
from portal.pdf import pdf_job_run

from .render import ReportDataError, report_context, report_html
from .services import report_fail, report_finish, report_progress, report_start


def report_file_name(job: ReportJob) -> str:
    return f"reports/inventory-{job.inventory_id}-job-{job.pk}.pdf"


@shared_task(**JOB_TASK_OPTIONS)
def report_render(self, job_id: int) -> str:
    """Render the job's report to reports/inventory-<inventory>-job-<job>.pdf. Returns what happened."""
    job = report_start(job_id=job_id)
    if job is None:
        return "nothing to do"
    return pdf_job_run(
        job=job,
        contents=lambda: report_context(job=job),
        html=report_html,
        file_name=report_file_name(job),
        steps=(gettext_noop("Report contents gathered"), gettext_noop("Report document assembled")),
        progress=lambda percent, message, pages: report_progress(
            job=job, percent=percent, message=message, pages=pages
        ),
        finish=lambda name, pages, _context: report_finish(job=job, file_name=name, pages=pages),
        fail=lambda reason: report_fail(job=job, reason=reason),
        known_errors=(ReportDataError,),
    )
