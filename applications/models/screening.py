"""Document screening by the programme office: a verdict per required document, and supplement requests."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.audit import audited

from .cases import Case
from .documents import CaseDocument


class DocumentVerdict(models.TextChoices):
    OK = "ok", _("In order")
    MISSING = "missing", _("Missing")
    WRONG = "wrong", _("Wrong or incomplete")


@audited()
class DocumentCheck(models.Model):
    """The officer's current verdict on one document of the edition's checklist."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="checks", verbose_name=_("case"))
    kind = models.CharField(_("document"), max_length=64)
    verdict = models.CharField(_("verdict"), max_length=12, choices=DocumentVerdict.choices)
    note = models.TextField(_("note"), blank=True)
    document = models.ForeignKey(
        CaseDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("version checked"),
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("checked by")
    )
    checked_at = models.DateTimeField(_("checked at"), default=timezone.now)

    class Meta:
        verbose_name = _("document check")
        verbose_name_plural = _("document checks")
        ordering = ["case", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], name="check_one_per_document"),
            models.CheckConstraint(condition=Q(verdict__in=DocumentVerdict.values), name="check_verdict_known"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.verdict}"


@audited()
class SupplementRequest(models.Model):
    """What the office asked for, by when (the edition's supplement deadline), and the answer."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="supplements", verbose_name=_("case"))
    reason = models.TextField(_("reason"))
    items = models.JSONField(_("items"), default=list, blank=True)
    due = models.DateField(_("due"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("supplement request")
        verbose_name_plural = _("supplement requests")
        ordering = ["case", "-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(answered_at__isnull=True), name="supplement_one_open_per_case"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} due {self.due}"
