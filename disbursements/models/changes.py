"""Plan changes of a contracted case: what changes and why, the values before and after. A major change (the
principal investigator, the budget, the period, the consultants) waits for the programme office; a minor one
(the checkpoints) is recorded and takes effect when it is filed. The case itself is changed by applications'
``case_amend``; the values it had are kept here."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Case
from portal.audit import audited


class ChangeField(models.TextChoices):
    PERIOD = "period", _("Project period")
    BUDGET = "budget", _("Budget")
    PI = "pi", _("Principal investigator")
    CONSULTANTS = "consultants", _("Consultants")
    CHECKPOINTS = "checkpoints", _("Checkpoints")


# What needs the programme office's approval (design.md, seed 003 and 004: 計畫主持人、經費、期程、顧問).
MAJOR_FIELDS = frozenset({ChangeField.PERIOD, ChangeField.BUDGET, ChangeField.PI, ChangeField.CONSULTANTS})


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the programme office")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")
    RECORDED = "recorded", _("Recorded")


@audited()
class PlanChange(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="plan_changes", verbose_name=_("case"))
    reason = models.TextField(_("reason"))
    fields = models.JSONField(_("what changes"), default=list)
    changes = models.JSONField(_("new values"), default=dict)
    before = models.JSONField(_("values before"), default=dict)
    major = models.BooleanField(_("major change"))
    status = models.CharField(_("status"), max_length=12, choices=ChangeStatus.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("plan change")
        verbose_name_plural = _("plan changes")
        ordering = ["case", "-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ChangeStatus.values), name="plan_change_status_known"),
            # one request at a time: the next is filed on the plan as the office left it
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status=ChangeStatus.PENDING),
                name="plan_change_one_pending",
                violation_error_message=_("A plan change of this case is already awaiting the programme office."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {','.join(self.fields)} {self.status}"
