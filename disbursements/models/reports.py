"""Progress reports of a contracted case: cumulative figures as of a day (work progress, spending from the
government funds and from the firm's own, on-site visits), the plan's checkpoints done with their evidence and
the KPIs reached so far. Each report's figures are at least the previous report's (the service refuses a
report going backwards), so the latest report is also the one with the highest figures."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Case
from portal.audit import audited


class ReportKind(models.TextChoices):
    PROGRESS = "progress", _("Progress report")
    MIDTERM = "midterm", _("Mid-term report")
    FINAL = "final", _("Final report")


@audited()
class ProgressReport(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="progress_reports", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=12, choices=ReportKind.choices, default=ReportKind.PROGRESS)
    as_of = models.DateField(_("as of"))
    progress = models.DecimalField(_("work progress (%)"), max_digits=5, decimal_places=2)
    spent_gov = models.BigIntegerField(_("cumulative spending of government funds (NT$)"))
    spent_self = models.BigIntegerField(_("cumulative spending of self-funding (NT$)"))
    site_visits = models.PositiveIntegerField(_("on-site visits so far"), null=True, blank=True)
    # [{"index": position in the case's checkpoint table, "done": bool, "evidence": text}]
    checkpoints = models.JSONField(_("checkpoints done"), default=list, blank=True)
    # {KPI code or name: actual value as a decimal string}
    kpi_actuals = models.JSONField(_("KPIs reached"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("filed by")
    )
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["case", "as_of", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ReportKind.values), name="report_kind_known"),
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100), name="report_progress_0_to_100"
            ),
            models.CheckConstraint(
                condition=Q(spent_gov__gte=0) & Q(spent_self__gte=0), name="report_spending_not_negative"
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(kind=ReportKind.FINAL),
                name="report_one_final_per_case",
                violation_error_message=_("This case already has its final report."),
            ),
        ]
        indexes = [models.Index(fields=["case", "-as_of", "-id"], name="report_latest_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.as_of} {self.progress}%"
