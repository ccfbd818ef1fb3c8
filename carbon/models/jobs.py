"""The inventory's long work, done by Celery workers: the PDF report and the workbook import (portal's Job)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models import Job, JobStatus

from .inventory import Inventory, InventoryCalculation


class ReportJob(Job):
    task_name = "carbon.reports.tasks.report_render"

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
    task_name = "carbon.imports.tasks.activity_import"

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
