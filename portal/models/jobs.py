"""Long work done by Celery workers, with its progress visible on the page: the abstract job every app's
background work subclasses (carbon's reports and imports; later the proposal PDF, the decision letter).
Its status changes only through portal/jobs.py."""

from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Done")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    # The Celery task that runs a job of this kind, called with the job's id alone: the sweeper
    # (portal.jobs.jobs_expire) queues it again for a job whose worker was lost. Set by each concrete job.
    task_name: ClassVar[str] = ""
    # how long its task may run, in seconds (0: the setting JOB_TIME_LIMIT); the sweeper fails it after that
    time_limit: ClassVar[int] = 0

    status = models.CharField(_("status"), max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    # the step the job is at, stored as its English message id and translated where it is shown, in the reader's
    # language (which may differ from the job's); ``error`` is worded in the job's language when it fails
    message = models.CharField(_("message"), max_length=300, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)  # of a finished document
    # its status changes (deleted with the job)
    events = GenericRelation("portal.JobEvent", content_type_field="job_type", object_id_field="job_id")

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk} ({self.status})"

    @property
    def done(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)


class JobEvent(models.Model):
    """One status change of a job of any app, who made it and why: written by portal/jobs.py in the same
    transaction as the change. The job is any concrete subclass of Job (a content type and its id)."""

    job_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("job type"))
    job_id = models.PositiveBigIntegerField(_("job"))
    job = GenericForeignKey("job_type", "job_id")
    from_status = models.CharField(_("from"), max_length=12, choices=JobStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=JobStatus.choices)
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("job event")
        verbose_name_plural = _("job events")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["job_type", "job_id", "created_at"], name="job_event_job_idx")]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"
