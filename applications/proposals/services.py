"""Writes of the proposal PDF: asking for one, trying a failed one again, and the worker's steps on its job.
Each is one transaction; the job's status changes through portal/jobs.py."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from applications.models import Case, ProposalJob
from portal.jobs import (
    job_document_finish,
    job_fail,
    job_open,
    job_progress,
    job_queue_check,
    job_requeue,
    job_send_on_commit,
    job_start,
)
from portal.models import User

from . import selectors


def _lock(case: Case) -> Case:
    """The case's row, locked: two requests at the same moment queue one job, not two."""
    return Case.objects.select_for_update().get(pk=case.pk)


@transaction.atomic
def proposal_request(*, actor: User, case: Case, language: str) -> ProposalJob:
    """Queue the case's proposal as a PDF in ``language``. A job already under way for the case and language is
    returned instead, and so is the kept PDF of a submitted case whose proposal has not changed since."""
    from .tasks import proposal_render  # the task module imports these services

    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"unknown language {language!r}")
    if not actor.has_perm("applications.view_case", case):
        raise PermissionDenied
    job_queue_check()
    case = _lock(case)
    existing = selectors.active_proposal_job(case=case, language=language) or selectors.kept_proposal_job(
        case=case, language=language
    )
    if existing is not None:
        return existing
    job = job_open(job=ProposalJob(case=case, language=language), actor=actor)
    job_send_on_commit(job=job, task=proposal_render)
    return job


@transaction.atomic
def proposal_retry(*, actor: User, job: ProposalJob) -> ProposalJob:
    """Queue a failed PDF again; when another request of the case and language is under way, that one."""
    if not actor.has_perm("applications.view_case", job.case):
        raise PermissionDenied
    case = _lock(job.case)
    active = selectors.active_proposal_job(case=case, language=job.language)
    if active is not None:
        return active
    job_queue_check()
    queued = job_requeue(job=job, actor=actor)
    if queued is None:  # only a failed job may be queued again
        raise ValidationError(_("Only a PDF that failed can be tried again."))
    return queued


def proposal_start(*, job_id: int) -> ProposalJob | None:
    return job_start(model=ProposalJob, job_id=job_id)


def proposal_progress(*, job: ProposalJob, percent: int, message: str, pages: int | None = None) -> None:
    job_progress(job=job, percent=percent, message=message, pages=pages)


def proposal_finish(
    *, job: ProposalJob, file_name: str, pages: int, case_version: int, evaluation_id: int | None
) -> bool:
    """The job done with its file and what it shows; False when another delivery finished it first."""
    return job_document_finish(
        job=job, file_name=file_name, pages=pages, case_version=case_version, evaluation_id=evaluation_id
    )


def proposal_fail(*, job: ProposalJob, reason: str) -> None:
    """The job failed, saying why (``reason`` in the job's language) and what to do."""
    with translation.override(job.language):
        error = _(
            "The proposal PDF could not be made: %(reason)s. Try again; if it fails again, tell the programme office."
        ) % {"reason": reason}
        job_fail(job=job, error=error)
