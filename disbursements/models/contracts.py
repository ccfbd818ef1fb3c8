"""The contract of an approved case, the firm's self-funding paid in under it, and money clawed back.

A contract is made by the case action ``contract`` (approved → contracted) and never edited by hand: its
acceptance and termination are recorded by the actions ``accept`` and ``terminate``."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Case
from portal.audit import audited


@audited()
class Contract(models.Model):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="contract", verbose_name=_("case"))
    gov_amount = models.BigIntegerField(_("approved government funds (NT$)"))
    self_amount = models.BigIntegerField(_("self-funding (NT$)"))
    period_start = models.DateField(_("project start"))
    period_end = models.DateField(_("project end"))
    approved_on = models.DateField(_("approved on"))
    # the edition's signing deadline counted from the approval (null: the edition sets none)
    sign_by = models.DateField(_("to be signed by"), null=True, blank=True)
    signed_on = models.DateField(_("signed on"))
    accepted_on = models.DateField(_("final acceptance passed on"), null=True, blank=True)
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = models.TextField(_("reason for termination"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(gov_amount__gte=0) & Q(self_amount__gte=0), name="contract_amounts_not_negative"
            ),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="contract_period_in_order"),
            models.CheckConstraint(condition=Q(signed_on__gte=F("approved_on")), name="contract_signed_after_approval"),
            models.CheckConstraint(
                condition=Q(sign_by__isnull=True) | Q(signed_on__lte=F("sign_by")),
                name="contract_signed_by_deadline",
                violation_error_message=_("The contract must be signed by the edition's deadline."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.signed_on}"


@audited()
class SelfFundingPayment(models.Model):
    """The firm's self-funding paid into the counselling unit's (or its own project) account."""

    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, related_name="self_payments", verbose_name=_("contract")
    )
    paid_on = models.DateField(_("paid on"))
    amount = models.BigIntegerField(_("amount (NT$)"))
    reference = models.CharField(_("bank reference or receipt"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("self-funding payment")
        verbose_name_plural = _("self-funding payments")
        ordering = ["contract", "paid_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="self_payment_positive")]

    def __str__(self) -> str:
        return f"{self.contract_id} {self.paid_on} {self.amount}"


@audited()
class Clawback(models.Model):
    """Government money the firm must pay back (a terminated contract)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="clawbacks", verbose_name=_("case"))
    amount = models.BigIntegerField(_("amount (NT$)"))
    reason = models.TextField(_("reason"))
    recorded_on = models.DateField(_("recorded on"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("clawback")
        verbose_name_plural = _("clawbacks")
        ordering = ["case", "recorded_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="clawback_positive")]
        indexes = [models.Index(fields=["recorded_on"], name="clawback_day_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} −{self.amount}"
