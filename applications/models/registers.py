"""What the programme office keeps about companies across cases."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.audit import audited
from portal.models import Company
from programs.models import Programme


class DebarmentScope(models.TextChoices):
    PROGRAMME = "programme", _("This programme")
    GOVERNMENT = "government", _("All government programmes")


@audited()
class Debarment(models.Model):
    """A company barred from applying for a while (e.g. 3 years: "得列為3年內不得再申請本補助之對象", "3年內不得
    再申請政府計畫"). Cases read it as the facts ``debarred_this_subsidy`` / ``debarred_government_plans``."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="debarments", verbose_name=_("company"))
    scope = models.CharField(_("scope"), max_length=12, choices=DebarmentScope.choices)
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("programme")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("debarment")
        verbose_name_plural = _("debarments")
        ordering = ["company", "-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="debarment_period_in_order"),
            models.CheckConstraint(
                condition=Q(scope=DebarmentScope.PROGRAMME, programme__isnull=False)
                | Q(scope=DebarmentScope.GOVERNMENT, programme__isnull=True),
                name="debarment_programme_matches_scope",
                violation_error_message=_("A programme debarment names its programme; a government-wide one none."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} {self.scope} {self.starts_on}–{self.ends_on}"
