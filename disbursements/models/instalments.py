"""Instalments of a contract, generated from the edition version's schedule when the contract is made, and
the release of each: one payment per instalment, never two (a unique row per instalment in the database, a
row lock in the service, and on PostgreSQL a trigger that keeps a release's amount within its instalment and
refuses any change to a release once made)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Case
from portal.audit import audited
from programs.models import RuleEvaluation

from .contracts import Contract


class InstalmentStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RELEASED = "released", _("Released")
    WITHHELD = "withheld", _("Withheld")


@audited()
class Instalment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="instalments", verbose_name=_("case"))
    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, related_name="instalments", verbose_name=_("contract")
    )
    no = models.PositiveSmallIntegerField(_("instalment"))
    share = models.DecimalField(_("share of the approved funds (%)"), max_digits=5, decimal_places=2)
    # the share of the approved amount: what a non-final instalment pays, and the most a final one may pay
    planned_amount = models.BigIntegerField(_("planned amount (NT$)"))
    final = models.BooleanField(_("final instalment"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=InstalmentStatus.choices, default=InstalmentStatus.PLANNED
    )
    withheld_reason = models.TextField(_("why it is withheld"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        ordering = ["case", "no"]
        constraints = [
            models.UniqueConstraint(fields=["case", "no"], name="instalment_once_per_case"),
            models.CheckConstraint(condition=Q(status__in=InstalmentStatus.values), name="instalment_status_known"),
            models.CheckConstraint(
                condition=Q(share__gt=0) & Q(share__lte=100) & Q(planned_amount__gte=0),
                name="instalment_share_and_amount",
            ),
            models.CheckConstraint(
                condition=~Q(status=InstalmentStatus.WITHHELD) | ~Q(withheld_reason=""),
                name="instalment_withheld_with_reason",
            ),
        ]
        indexes = [models.Index(fields=["status", "case"], name="instalment_status_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} #{self.no} {self.status}"


@audited()
class Release(models.Model):
    """The payment order of one instalment: its amount, who released it and when, and the evaluation of its
    conditions it was released on."""

    # one-to-one: the unique index on the instalment is the database's guard against a second payment
    instalment = models.OneToOneField(
        Instalment, on_delete=models.PROTECT, related_name="release", verbose_name=_("instalment")
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="releases", verbose_name=_("case"))
    amount = models.BigIntegerField(_("amount (NT$)"))
    released_on = models.DateField(_("released on"), default=timezone.localdate)
    released_at = models.DateTimeField(_("time of release"), default=timezone.now)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("released by")
    )
    evaluation = models.ForeignKey(
        RuleEvaluation, on_delete=models.PROTECT, related_name="+", verbose_name=_("evaluation of the conditions")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        ordering = ["case", "released_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="release_amount_not_negative"),
        ]
        indexes = [
            models.Index(fields=["released_on"], name="release_day_idx"),
            models.Index(fields=["case", "released_on"], name="release_case_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} #{self.instalment_id} {self.amount}"
