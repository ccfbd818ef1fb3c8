"""The proposal PDF job, run by a Celery worker. Idempotent: a job that succeeded is left alone; a redelivered job
(the worker was killed mid-job: ``acks_late`` + ``reject_on_worker_lost``) renders again to the same
deterministic file, replacing whatever half-written file is there, and the job row is finished once."""

from celery import shared_task
from django.utils.translation import gettext_noop

from applications.models import ProposalJob
from portal.jobs import JOB_TASK_OPTIONS
from portal.pdf import pdf_job_run

from .render import ProposalDataError, proposal_context, proposal_html
from .services import proposal_fail, proposal_finish, proposal_progress, proposal_start


def proposal_file_name(job: ProposalJob) -> str:
    return f"proposals/case-{job.case_id}-job-{job.pk}.pdf"


@shared_task(**JOB_TASK_OPTIONS)
def proposal_render(self, job_id: int) -> str:
    """Render the job's case to proposals/case-<case>-job-<job>.pdf. Returns what happened."""
    job = proposal_start(job_id=job_id)
    if job is None:
        return "nothing to do"

    def finish(name: str, pages: int, context: dict) -> bool:  # with what the PDF shows
        evaluation = context["evaluation"]
        return proposal_finish(
            job=job,
            file_name=name,
            pages=pages,
            case_version=context["case"].version,
            evaluation_id=evaluation.pk if evaluation else None,
        )

    return pdf_job_run(
        job=job,
        contents=lambda: proposal_context(job=job),
        html=proposal_html,
        file_name=proposal_file_name(job),
        steps=(gettext_noop("Proposal contents gathered"), gettext_noop("Proposal laid out")),
        progress=lambda percent, message, pages: proposal_progress(
            job=job, percent=percent, message=message, pages=pages
        ),
        finish=finish,
        fail=lambda reason: proposal_fail(job=job, reason=reason),
        known_errors=(ProposalDataError,),
    )
