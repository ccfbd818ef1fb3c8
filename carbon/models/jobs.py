"""Long work done by Celery workers, with its progress visible on the page."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .inventory import Inventory, InventoryCalculation


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Done")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    status = models.CharField(_("status"), max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
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

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk} ({self.status})"

    @property
    def done(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)


class ReportJob(Job):
    inventory = models.ForeignKey(
        Inventory, on_delete=models.CASCADE, related_name="report_jobs", verbose_name=_("inventory")
    )
    calculation = models.ForeignKey(
        InventoryCalculation, on_delete=models.PROTECT, related_name="+", verbose_name=_("calculation")
    )
    language = models.CharField(_("language"), max_length=8, default="zh-hant")
    file = models.FileField(_("report"), upload_to="reports/", blank=True)

    class Meta(Job.Meta):
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_percent"),
            models.CheckConstraint(condition=~Q(status=JobStatus.SUCCEEDED) | ~Q(file=""), name="report_done_has_file"),
        ]


class ImportJob(Job):
    inventory = models.ForeignKey(
        Inventory, on_delete=models.CASCADE, related_name="import_jobs", verbose_name=_("inventory")
    )
    upload = models.FileField(_("workbook"), upload_to="imports/")
    filename = models.CharField(_("file name"), max_length=200)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_imported = models.PositiveIntegerField(_("rows imported"), default=0)
    row_errors = models.JSONField(_("row errors"), default=list, blank=True)

    class Meta(Job.Meta):
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="import_progress_percent")]
