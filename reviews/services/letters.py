"""Writes of the decision letter: asking for one (with the decision), trying a failed one again, and the
worker's steps on its job. Each is one transaction; the job's status changes through portal/jobs.py."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from portal.jobs import (
    job_document_finish,
    job_fail,
    job_open,
    job_progress,
    job_queue_check,
    job_requeue,
    job_start,
    task_send_quietly,
)
from portal.models import User
from reviews.models import Decision, DecisionLetter


@transaction.atomic
def letter_request(*, decision: Decision, actor: User | None, language: str) -> DecisionLetter:
    """Queue the letter of a decision for a worker (once the decision commits)."""
    from reviews.tasks import letter_render  # the task module imports these services

    job = job_open(job=DecisionLetter(decision=decision, language=language), actor=actor)
    # the decision stands without its letter: a broker outage leaves the letter to be made again by the office
    transaction.on_commit(lambda: task_send_quietly(letter_render, job.pk))
    return job


@transaction.atomic
def letter_retry(*, actor: User, job: DecisionLetter) -> DecisionLetter:
    """Queue a failed letter again (the programme office)."""
    if not actor.has_perm("reviews.assign_reviewers"):
        raise PermissionDenied(_("Only the programme office makes the letter again."))
    job_queue_check()
    queued = job_requeue(job=job, actor=actor)
    if queued is None:  # only a failed job may be queued again
        raise ValidationError(_("Only a failed letter can be made again."))
    return queued


def letter_start(*, job_id: int) -> DecisionLetter | None:
    return job_start(model=DecisionLetter, job_id=job_id)


def letter_progress(*, job: DecisionLetter, percent: int, message: str, pages: int | None = None) -> None:
    job_progress(job=job, percent=percent, message=message, pages=pages)


def letter_finish(*, job: DecisionLetter, file_name: str, pages: int) -> bool:
    return job_document_finish(job=job, file_name=file_name, pages=pages)


def letter_fail(*, job: DecisionLetter, reason: str) -> None:
    with translation.override(job.language):
        error = _("The letter could not be made: %(reason)s. Try again; if it fails again, tell the administrator.") % {
            "reason": reason
        }
        job_fail(job=job, error=error)
