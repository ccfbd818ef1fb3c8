"""The one service that changes the status of a background job, for every app's jobs (portal.models.Job).

Every change is checked against TRANSITIONS, made on the locked row, and recorded as a JobEvent in the same
transaction, as programs/services.edition_publish does for editions. A move the table does not allow changes
nothing and returns None: that is how a task delivered twice, or a retry clicked twice, finds its job already
moved on. Progress while a job runs is not a status change: each app writes it directly (filtered on RUNNING).
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from portal.models import Job, JobEvent, JobStatus, User

NEW = ""  # a job being opened
TRANSITIONS: dict[str, frozenset[str]] = {
    NEW: frozenset({JobStatus.QUEUED}),
    JobStatus.QUEUED: frozenset({JobStatus.RUNNING, JobStatus.FAILED}),
    # running → running: a task redelivered after its worker died starts the job again
    JobStatus.RUNNING: frozenset({JobStatus.RUNNING, JobStatus.SUCCEEDED, JobStatus.FAILED}),
    JobStatus.FAILED: frozenset({JobStatus.QUEUED}),  # tried again by a person
    JobStatus.SUCCEEDED: frozenset(),
}


def _job_type(job: Job) -> ContentType:
    """The job's content type read from its table, not from ContentType's per-process cache: a long-lived worker
    would otherwise keep ids that a rebuilt table (a flush) no longer has, and fail every job it runs."""
    meta = job._meta
    return ContentType.objects.get_or_create(app_label=meta.app_label, model=meta.model_name)[0]


def _event(*, job: Job, from_status: str, actor: User | None) -> JobEvent:
    return JobEvent.objects.create(
        job_type=_job_type(job), job_id=job.pk, from_status=from_status,
        to_status=job.status, attempt=job.attempts, note=(job.error or job.message)[:300], actor=actor,
    )  # fmt: skip


@transaction.atomic
def job_open[J: Job](*, job: J, actor: User | None) -> J:
    """Save a new (unsaved) job as queued, requested by ``actor``, with its first event."""
    if job.pk is not None:
        raise ValueError("job_open saves a new job; change a saved one with job_transition")
    job.status, job.requested_by = JobStatus.QUEUED, actor
    job.save()
    _event(job=job, from_status=NEW, actor=actor)
    return job


@transaction.atomic
def job_transition[J: Job](*, job: J, to: str, actor: User | None = None, **fields) -> J | None:
    """Move the job to ``to``, setting ``fields`` too (progress, message, error, the app's own fields), and
    return it as saved. None, changing nothing, when the job is gone or TRANSITIONS does not allow the move
    from the status its row has now (whatever the ``job`` instance in memory says).

    Starting (→ running) counts an attempt and stamps ``started_at``; queueing again clears the last run's
    progress, message and error; succeeding or failing stamps ``finished_at``. ``fields`` win over these."""
    locked = type(job).objects.select_for_update().filter(pk=job.pk).first()
    if locked is None or to not in TRANSITIONS[locked.status]:
        return None
    from_status, now = locked.status, timezone.now()
    if to == JobStatus.RUNNING:
        implied = {"attempts": locked.attempts + 1, "started_at": now, "finished_at": None}
    elif to == JobStatus.QUEUED:
        implied = {"progress": 0, "message": "", "error": "", "finished_at": None}
    else:
        implied = {"finished_at": now}
    changed = {**implied, **fields, "status": to}
    for name, value in changed.items():
        setattr(locked, name, value)
    locked.save(update_fields=list(changed))
    _event(job=locked, from_status=from_status, actor=actor)
    return locked


# --- the worker's side of a job that makes a document (the ISO report, the proposal, the decision letter) --------
# Steps are stored as English message ids (gettext_noop) and translated where they are shown, for the reader.


def job_start[J: Job](*, model: type[J], job_id: int) -> J | None:
    """Mark the job running and count the attempt; None when there is nothing to do (done, or gone)."""
    job = model.objects.filter(pk=job_id).first()
    if job is None:
        return None
    return job_transition(job=job, to=JobStatus.RUNNING, progress=0, error="", message=gettext_noop("Started"))


def job_progress(*, job: Job, percent: int, message: str) -> None:
    """Saved at once (no surrounding transaction in the worker), so the page sees each step."""
    type(job).objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(progress=percent, message=message[:300])


def job_document_finish(*, job: Job, file_name: str, pages: int, **fields) -> bool:
    """The job done with its file (and ``fields``); False when another delivery finished it first."""
    done = job_transition(
        job=job, to=JobStatus.SUCCEEDED, progress=100, file=file_name, pages=pages, message=gettext_noop("Done"),
        error="", **fields,
    )  # fmt: skip
    return done is not None


def job_fail(*, job: Job, error: str) -> None:
    """The job failed; ``error`` says why and what to do, in the job's language."""
    job_transition(job=job, to=JobStatus.FAILED, error=error, message=gettext_noop("Failed"))
