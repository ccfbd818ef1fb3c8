"""The office's decision on a case, the reviewers' comments released with it (審查意見回覆表: the applicant
answers each one), the revised plan the applicant uploads and the officer accepts."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Case
from portal.audit import audited
from programs.models import RuleEvaluation

from .scoring import ScoreSheet


class Verdict(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")


@audited()
class Decision(models.Model):
    """What the officer decided, on which numbers: the request, the approved amount, the reviewers' mean,
    and the evaluation of the edition's caps on the approved amount, kept as taken."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="decision", verbose_name=_("case"))
    verdict = models.CharField(_("decision"), max_length=8, choices=Verdict.choices)
    requested_gov = models.BigIntegerField(_("government funds requested (NT$)"))
    approved_gov = models.BigIntegerField(_("government funds approved (NT$)"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    mean = models.DecimalField(_("mean score"), max_digits=6, decimal_places=2, null=True, blank=True)
    sheets = models.PositiveSmallIntegerField(_("score sheets"), default=0)
    evaluation = models.ForeignKey(
        RuleEvaluation, on_delete=models.PROTECT, related_name="+", verbose_name=_("stored evaluation")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(verdict__in=Verdict.values), name="decision_verdict_known"),
            models.CheckConstraint(
                condition=Q(verdict=Verdict.REJECT, approved_gov__isnull=True)
                | Q(
                    verdict=Verdict.APPROVE,
                    approved_gov__isnull=False,
                    approved_gov__gt=0,
                    approved_gov__lte=F("requested_gov"),
                ),
                name="decision_amount_within_request",
                violation_error_message=_("The approved amount must be above 0 and at most the amount requested."),
            ),
            models.CheckConstraint(
                condition=~Q(verdict=Verdict.REJECT) | ~Q(reason=""), name="decision_rejection_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.verdict} {self.approved_gov or ''}"

    @property
    def approved(self) -> bool:
        return self.verdict == Verdict.APPROVE


@audited()
class ReviewComment(models.Model):
    """One row of the 審查意見回覆表: a reviewer's comment released with the decision, and the applicant's
    reply with the page of the revised plan where it is addressed. Reviewers are not named to the applicant."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="review_comments", verbose_name=_("case"))
    number = models.PositiveSmallIntegerField(_("comment no."))
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.PROTECT, related_name="+", verbose_name=_("score sheet"))
    reviewer_no = models.PositiveSmallIntegerField(_("reviewer no."))
    criterion = models.CharField(_("criterion"), max_length=64, blank=True)
    comment = models.TextField(_("reviewer's comment"))
    reply = models.TextField(_("reply"), blank=True)
    page = models.CharField(_("page of the revised plan"), max_length=40, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replied by"),
    )
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    released_at = models.DateTimeField(_("released at"), default=timezone.now)

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="review_comment_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="review_comment_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} #{self.number}"


def revised_plan_path(instance: "RevisedPlan", filename: str) -> str:
    # Never the user's name for the stored file: no path tricks, no clashes between versions.
    return f"cases/{instance.case_id}/revised-plan/{uuid.uuid4().hex}"


@audited()
class RevisedPlan(models.Model):
    """The plan revised after the reviewers' comments, one row per upload; the officer accepts one."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="revised_plans", verbose_name=_("case"))
    version = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=revised_plan_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content_type = models.CharField(_("content type"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    acceptance_note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("revised plan")
        verbose_name_plural = _("revised plans")
        ordering = ["case", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="revised_plan_version_unique"),
            models.UniqueConstraint(
                fields=["case"], condition=Q(accepted_at__isnull=False), name="revised_plan_one_accepted"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="revised_plan_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} v{self.version}: {self.name}"
