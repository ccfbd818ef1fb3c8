"""The reviewer pool and the conflicts of interest reviewers declare."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.audit import audited
from portal.models import Company, CounsellingUnit
from portal.validators import validate_ubn


@audited()
class ReviewerProfile(models.Model):
    """What the programme office knows of a reviewer: where they work (the organisation's UBN, when it has
    one, is what conflicts are detected with), what they know, which editions they serve."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reviewer_profile",
        verbose_name=_("reviewer"),
    )
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    organisation_ubn = models.CharField(
        _("UBN of the reviewer's own organisation"),
        max_length=8,
        blank=True,
        validators=[validate_ubn],
        help_text=_("A company or unit with this number is never assigned to this reviewer."),
    )
    expertise = models.TextField(_("expertise"), blank=True)
    # Edition codes (not versions): a reviewer serves an edition across its rule versions. Empty: every edition.
    editions = models.JSONField(_("editions served"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("reviewer profile")
        verbose_name_plural = _("reviewer profiles")
        ordering = ["user__email"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation_ubn="") | Q(organisation_ubn__regex=r"^[0-9]{8}$"),
                name="reviewer_profile_ubn_8_digits",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user.full_name} ({self.affiliation or '—'})"

    def serves(self, edition_code: str) -> bool:
        return not self.editions or edition_code in self.editions


@audited()
class ConflictDeclaration(models.Model):
    """A reviewer's own word that they must not review the cases of a company or of a counselling unit."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conflict_declarations",
        verbose_name=_("reviewer"),
    )
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("company")
    )
    unit = models.ForeignKey(
        CounsellingUnit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("counselling unit"),
    )
    reason = models.TextField(_("reason"))
    declared_at = models.DateTimeField(_("declared at"), default=timezone.now)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["reviewer", "-declared_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(company__isnull=False) & Q(unit__isnull=True))
                | (Q(company__isnull=True) & Q(unit__isnull=False)),
                name="conflict_company_or_unit",
                violation_error_message=_("Declare a conflict with either a company or a counselling unit."),
            ),
            models.UniqueConstraint(
                fields=["reviewer", "company"], condition=Q(company__isnull=False), name="conflict_one_per_company"
            ),
            models.UniqueConstraint(
                fields=["reviewer", "unit"], condition=Q(unit__isnull=False), name="conflict_one_per_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer_id}: {self.company or self.unit}"
