"""Who reviews which case, and the score sheet each reviewer fills in from the edition version's rubric."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Case
from portal.audit import audited
from programs.models import Edition, RuleEvaluation


@audited()
class Assignment(models.Model):
    """A reviewer on a case for one round of review. Never deleted: a withdrawn assignment keeps why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("case"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("reviewer")
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    confirmed_no_conflict_at = models.DateTimeField(_("no conflict of interest confirmed"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("why withdrawn"), blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["case", "round", "assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "reviewer"],
                condition=Q(withdrawn_at__isnull=True),
                name="assignment_one_active_per_reviewer",
                violation_error_message=_("This reviewer is already assigned to this case."),
            ),
            models.CheckConstraint(condition=Q(round__gte=1), name="assignment_round_positive"),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawn_reason=""),
                name="assignment_withdrawal_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["reviewer", "withdrawn_at"], name="assignment_reviewer_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} ← {self.reviewer_id} (round {self.round})"

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None

    @property
    def confirmed(self) -> bool:
        return self.confirmed_no_conflict_at is not None


@audited()
class ScoreSheet(models.Model):
    """One reviewer's scores for one case, judged by the rubric of the case's edition version. A draft may
    change; a submitted sheet never does (the service refuses, and on PostgreSQL so does the database)."""

    assignment = models.OneToOneField(
        Assignment, on_delete=models.PROTECT, related_name="sheet", verbose_name=_("assignment")
    )
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="+", verbose_name=_("edition version"))
    scores = models.JSONField(_("scores"), default=dict)  # criterion code → "85.00"
    bonus = models.JSONField(_("bonus"), default=dict, blank=True)  # bonus code → "3.00"
    comments = models.JSONField(_("comments per criterion"), default=dict, blank=True)  # criterion code → text
    comment = models.TextField(_("general comment"), blank=True)
    # The rule engine's answer for these scores (score_sheet): the rows and the counted bonus, as computed.
    criteria = models.JSONField(_("weighted criteria"), default=list, blank=True)
    bonus_counted = models.DecimalField(_("bonus counted"), max_digits=6, decimal_places=2, default=0)
    total = models.DecimalField(_("total"), max_digits=6, decimal_places=2)
    evaluation = models.ForeignKey(
        RuleEvaluation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stored evaluation"),
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["assignment"]
        constraints = [
            models.CheckConstraint(condition=Q(total__gte=0), name="sheet_total_not_negative"),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | Q(evaluation__isnull=False),
                name="sheet_submitted_has_evaluation",
            ),
        ]
        indexes = [models.Index(fields=["submitted_at"], name="sheet_submitted_idx")]

    def __str__(self) -> str:
        return f"{self.assignment_id}: {self.total}"

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None
