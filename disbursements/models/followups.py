"""Follow-up reports after closing: the KPIs reached each year of the edition's follow-up period (machinery:
five years after closing), asked for by e-mail when each falls due."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applications.models import Case
from portal.audit import audited


@audited(ignore=("reminded_at", "reminders"))
class FollowUp(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="follow_ups", verbose_name=_("case"))
    no = models.PositiveSmallIntegerField(_("follow-up"))
    due = models.DateField(_("due"))
    reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    # {KPI code or name: actual value as a decimal string}
    kpi_actuals = models.JSONField(_("KPIs reached"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )

    class Meta:
        verbose_name = _("follow-up report")
        verbose_name_plural = _("follow-up reports")
        ordering = ["case", "no"]
        constraints = [
            models.UniqueConstraint(fields=["case", "no"], name="follow_up_once_per_year"),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | Q(submitted_by__isnull=False),
                name="follow_up_submitted_by_someone",
            ),
        ]
        indexes = [models.Index(fields=["submitted_at", "due"], name="follow_up_open_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} #{self.no} {self.due}"
