"""Writes of the impact run: asking for one, and the worker's steps on its job. Each is one transaction; the
job's status changes through portal/jobs.py, as the carbon reports' do."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from portal.jobs import job_open, job_queue_check, job_requeue, job_send_on_commit, job_transition
from portal.models import JobStatus, User
from programs.models import Edition, EditionStatus, ImpactJob, ImpactRow
from programs.rulesets import rules_fingerprint

from .selectors import impact_baseline, impact_golden_code


@transaction.atomic
def impact_request(*, actor: User, edition: Edition, language: str) -> ImpactJob:
    """Queue the impact of the draft as it stands now; a run of the same state still queued or running is
    that run (a second click asks for nothing new)."""
    from .tasks import impact_run  # the task module imports these services

    job_queue_check()
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.status != EditionStatus.DRAFT:
        raise ValidationError(
            _("Only a draft's impact is worked out: published versions are what it is compared with.")
        )
    fingerprint = rules_fingerprint(edition.rules)
    running = ImpactJob.objects.filter(
        edition=edition, rules_hash=fingerprint, status__in=(JobStatus.QUEUED, JobStatus.RUNNING)
    ).first()
    if running is not None:
        return running
    job = job_open(
        job=ImpactJob(
            edition=edition,
            baseline=impact_baseline(edition),
            rules_hash=fingerprint,
            language=language,
            golden_code=impact_golden_code(edition) or "",
        ),
        actor=actor,
    )
    job_send_on_commit(job=job, task=impact_run)
    return job


@transaction.atomic
def impact_retry(*, actor: User, job: ImpactJob) -> ImpactJob:
    job_queue_check()
    queued = job_requeue(job=job, actor=actor)
    if queued is None:
        raise ValidationError(_("Only a failed run can be tried again."))
    return queued


@transaction.atomic
def impact_start(*, job_id: int) -> ImpactJob | None:
    """Mark the job running and clear what an attempt killed half-way left; None when there is nothing to do."""
    job = ImpactJob.objects.filter(pk=job_id).first()
    if job is None:
        return None
    with translation.override(job.language):
        started = job_transition(
            job=job,
            to=JobStatus.RUNNING,
            progress=0,
            error="",
            message=_("Started"),
            evaluations_done=0,
            evaluations_changed=0,
            evaluations_worse=0,
            evaluations_better=0,
            evaluations_unjudged=0,
            golden=[],
        )
    if started is not None:
        ImpactRow.objects.filter(job=started).delete()
    return started


def impact_progress(*, job: ImpactJob, percent: int, message: str, **counts) -> None:
    """Saved at once (no surrounding transaction in the worker), so the page sees each step."""
    ImpactJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        progress=min(percent, 99), message=message[:300], **counts
    )


@transaction.atomic
def impact_rows_add(
    *, job: ImpactJob, rows: list[ImpactRow], done: int, percent: int, message: str, counts: dict[str, int]
) -> None:
    """A batch of changed evaluations and the counts so far, together."""
    ImpactRow.objects.bulk_create(rows)
    impact_progress(job=job, percent=percent, message=message, evaluations_done=done, **counts)


def impact_finish(*, job: ImpactJob, message: str, **fields) -> bool:
    done = job_transition(job=job, to=JobStatus.SUCCEEDED, progress=100, message=message[:300], error="", **fields)
    return done is not None


def impact_fail(*, job: ImpactJob, reason: str) -> None:
    with translation.override(job.language):
        error = _(
            "The impact could not be worked out: %(reason)s. Try again; if it fails again, tell the developers."
        ) % {"reason": reason}
        job_transition(job=job, to=JobStatus.FAILED, error=error, message=_("Failed"))
