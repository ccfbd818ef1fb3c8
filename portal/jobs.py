"""The one service that changes the status of a background job, for every app's jobs (portal.models.Job), and
the way a job reaches a worker.

Every change is checked against TRANSITIONS, made on the locked row, and recorded as a JobEvent in the same
transaction, as programs/services.edition_publish does for editions. A move the table does not allow changes
nothing and returns None: that is how a task delivered twice, or a retry clicked twice, finds its job already
moved on. Progress while a job runs is not a status change: each app writes it directly (filtered on RUNNING).

A job exists only when its task was queued: ``job_queue_check`` refuses before anything is written when the
broker is unreachable, and ``job_send_on_commit`` deletes the job again should the send still fail — either way
the person is told the background service is unavailable (BackgroundUnavailable) and nothing is left behind.
A job whose worker was lost (killed, out of memory, its message gone) is found by ``jobs_expire`` (a beat task)
once it has outlived its time, marked failed, and queued once more.
"""

from __future__ import annotations

import datetime
import logging

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from portal.models import Job, JobEvent, JobStatus, User

logger = logging.getLogger(__name__)
BROKER_ERRORS = (BrokerError, RedisError, OSError)


# What every task that runs a Job is given: acknowledged once it ran (a redelivery finds the job done), and stopped
# at the job's time limit — softly first, so that the job can still say it failed.
JOB_TASK_OPTIONS = {
    "bind": True,
    "acks_late": True,
    "soft_time_limit": settings.JOB_TIME_LIMIT * 9 // 10,
    "time_limit": settings.JOB_TIME_LIMIT,
}


def _expiry_grace() -> datetime.timedelta:
    """Celery kills a task at JOB_TIME_LIMIT; the sweeper waits this much longer before calling its job lost."""
    return datetime.timedelta(seconds=max(5, settings.JOB_TIME_LIMIT // 20))


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
        job_type=_job_type(job),
        job_id=job.pk,
        from_status=from_status,
        to_status=job.status,
        attempt=job.attempts,
        note=(job.error or job.message)[:300],
        actor=actor,
    )


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
    return job_transition(
        job=job, to=JobStatus.RUNNING, progress=0, pages=None, error="", message=gettext_noop("Started")
    )


def job_progress(*, job: Job, percent: int, message: str, pages: int | None = None) -> None:
    """Saved at once (no surrounding transaction in the worker), so the page sees each step; ``pages``: of a
    document, the pages laid out so far (None leaves the count as it is)."""
    fields = {"progress": percent, "message": message[:300]}
    if pages is not None:
        fields["pages"] = pages
    type(job).objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(**fields)


def job_document_finish(*, job: Job, file_name: str, pages: int, **fields) -> bool:
    """The job done with its file (and ``fields``); False when another delivery finished it first."""
    done = job_transition(
        job=job,
        to=JobStatus.SUCCEEDED,
        progress=100,
        file=file_name,
        pages=pages,
        message=gettext_noop("Done"),
        error="",
        **fields,
    )
    return done is not None


def job_fail(*, job: Job, error: str) -> None:
    """The job failed; ``error`` says why and what to do, in the job's language."""
    job_transition(job=job, to=JobStatus.FAILED, error=error, message=gettext_noop("Failed"))


# --- reaching a worker --------------------------------------------------------------------------------------


class BackgroundUnavailable(Exception):
    """The broker cannot take the job's task: nothing was started (and nothing is left behind)."""

    message = gettext_lazy(
        "The background service is unavailable just now, so nothing was started. Try again in a few minutes."
    )

    def __init__(self):
        super().__init__(str(self.message))


def job_queue_check() -> None:
    """Raise BackgroundUnavailable now, before a job is written, when the broker cannot be reached."""
    from portal.celery import app

    if app.conf.task_always_eager:
        return
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
    except BROKER_ERRORS as exc:
        logger.warning("background service unavailable: %s", exc)
        raise BackgroundUnavailable() from None


def _job_discard(job: Job) -> None:
    """Delete a job whose task could not be sent, with its events and its files."""
    with transaction.atomic():
        for field in job._meta.concrete_fields:
            value = getattr(job, field.name, None)
            if field.get_internal_type() == "FileField" and value:
                value.delete(save=False)
        type(job).objects.filter(pk=job.pk).delete()
        JobEvent.objects.filter(job_type=_job_type(job), job_id=job.pk).delete()


def job_send_on_commit(*, job: Job, task) -> None:
    """Send ``task(job.pk)`` once the current transaction commits. If the broker refuses it then, the job is
    deleted again and BackgroundUnavailable raised (from the outermost ``transaction.atomic`` of the caller)."""

    def send() -> None:
        try:
            task.delay(job.pk)
        except BROKER_ERRORS as exc:
            logger.warning("%s #%s not queued, deleted again: %s", job._meta.model_name, job.pk, exc)
            _job_discard(job)
            raise BackgroundUnavailable() from None

    transaction.on_commit(send)


def task_send_quietly(task, *args, **kwargs) -> bool:
    """Send a task whose loss does not undo what was done (an e-mail about it): log a broker outage instead of
    failing the request that was already committed."""
    try:
        task.delay(*args, **kwargs)
    except BROKER_ERRORS as exc:
        logger.warning("task %s not queued (background service unavailable): %s", task.name, exc)
        return False
    return True


# --- jobs that outlived their time ----------------------------------------------------------------------


def job_time_limit(model: type[Job]) -> int:
    """Seconds a job of ``model`` may run (its task's hard time limit)."""
    return model.time_limit or settings.JOB_TIME_LIMIT


def job_models() -> list[type[Job]]:
    """Every concrete job of every installed app that names the task running it."""
    return [m for m in apps.get_models() if issubclass(m, Job) and m.task_name]


def job_outlived(job: Job, *, now: datetime.datetime | None = None) -> bool:
    """Running longer than its task may (Celery would have killed it), or queued longer than a worker takes to
    come: its worker, or its message, was lost."""
    now = now or timezone.now()
    if job.status == JobStatus.RUNNING:
        limit = datetime.timedelta(seconds=job_time_limit(type(job))) + _expiry_grace()
        return job.started_at is not None and job.started_at < now - limit
    if job.status == JobStatus.QUEUED:
        last = JobEvent.objects.filter(job_type=_job_type(job), job_id=job.pk, to_status=JobStatus.QUEUED)
        queued_at = last.order_by("-created_at").values_list("created_at", flat=True).first() or job.created_at
        return queued_at < now - datetime.timedelta(seconds=settings.JOB_QUEUE_LIMIT)
    return False


def _lost_jobs(model: type[Job], now: datetime.datetime):
    last_queued = JobEvent.objects.filter(
        job_type=ContentType.objects.get_for_model(model), job_id=OuterRef("pk"), to_status=JobStatus.QUEUED
    ).order_by("-created_at", "-id")
    running_before = now - datetime.timedelta(seconds=job_time_limit(model)) - _expiry_grace()
    queued_before = now - datetime.timedelta(seconds=settings.JOB_QUEUE_LIMIT)
    running = model.objects.filter(status=JobStatus.RUNNING, started_at__lt=running_before)
    queued = model.objects.filter(status=JobStatus.QUEUED).annotate(
        queued_at=Coalesce(Subquery(last_queued.values("created_at")[:1]), "created_at")
    )
    return [*running, *queued.filter(queued_at__lt=queued_before)]


def job_expire(*, job: Job, actor: User | None = None) -> Job | None:
    """Mark a job that outlived its time as failed, saying so in its language; None if it moved on meanwhile."""
    language = getattr(job, "language", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        error = _(
            "The background service stopped before this job was done (it ran or waited past its time). "
            "Nothing of it was kept; it can be tried again."
        )
        return job_transition(job=job, to=JobStatus.FAILED, actor=actor, error=error, message=gettext_noop("Failed"))


def _task_of(job: Job):
    from portal.celery import app

    return app.tasks[job.task_name]


def job_requeue(*, job: Job, actor: User | None = None) -> Job | None:
    """Queue a failed job again; its task is sent once the transaction commits (should the broker refuse it then,
    the job is failed again and BackgroundUnavailable raised). None when the job is not failed (any more)."""
    queued = job_transition(job=job, to=JobStatus.QUEUED, actor=actor)
    if queued is None:
        return None

    def send() -> None:
        try:
            _task_of(queued).delay(queued.pk)
        except BROKER_ERRORS as exc:
            logger.warning("%s #%s not queued again: %s", queued._meta.model_name, queued.pk, exc)
            job_transition(job=queued, to=JobStatus.FAILED, actor=actor, error=str(BackgroundUnavailable.message))
            raise BackgroundUnavailable() from None

    transaction.on_commit(send)
    return queued


def jobs_expire(*, now: datetime.datetime | None = None) -> list[Job]:
    """Fail every job that outlived its time and queue it once more while it has automatic attempts left
    (JOB_AUTOMATIC_ATTEMPTS); the others stay failed, with the person's "Try again". Returns the jobs failed."""
    now = now or timezone.now()
    expired = []
    for model in job_models():
        for job in _lost_jobs(model, now):
            failed = job_expire(job=job)
            if failed is None:
                continue
            expired.append(failed)
            logger.warning(
                "%s #%s outlived its time: failed (attempt %s)", model._meta.model_name, job.pk, failed.attempts
            )
            if failed.attempts < settings.JOB_AUTOMATIC_ATTEMPTS:
                try:
                    job_requeue(job=failed)
                except BackgroundUnavailable:  # failed again; the person can try again later
                    continue
    return expired
