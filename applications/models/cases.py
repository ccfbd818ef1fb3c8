"""The case: one company's proposal under one edition version, from draft to closing.

The status field is written only by ``applications.transitions.case_transition`` (and set to draft on
creation); every change of it leaves a ``CaseEvent``."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.audit import audited
from portal.models import Company, CounsellingUnit
from programs.models import Edition


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    SCREENING = "screening", _("Document screening")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested")
    UNDER_REVIEW = "under_review", _("Under review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")
    CONTRACTED = "contracted", _("Contracted")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSING = "closing", _("Closing")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    LAPSED = "lapsed", _("Lapsed")
    TERMINATED = "terminated", _("Terminated")


# Where the proposal may still be edited by the company or its counselling unit.
EDITABLE_STATUSES = (CaseStatus.DRAFT, CaseStatus.SUPPLEMENT_REQUESTED)
# A case that no longer counts as filed: it does not hold the company's place in an edition.
WITHDRAWN_STATUSES = (CaseStatus.WITHDRAWN,)
# Statuses in which a case counts against "one case per company per programme and year".
FILED_STATUSES = (
    CaseStatus.SUBMITTED,
    CaseStatus.SCREENING,
    CaseStatus.SUPPLEMENT_REQUESTED,
    CaseStatus.UNDER_REVIEW,
    CaseStatus.APPROVED,
    CaseStatus.CONTRACTED,
    CaseStatus.IN_PROGRESS,
    CaseStatus.CLOSING,
    CaseStatus.CLOSED,
    CaseStatus.TERMINATED,
)


# the stored check and the edit counter change with every save and say nothing new
@audited(ignore=("check_result", "version", "updated_at"))
class Case(models.Model):
    reference = models.CharField(_("reference"), max_length=80, unique=True)
    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="cases", verbose_name=_("edition version")
    )
    # The edition's code, kept beside the version so that "one case per company per edition" holds
    # across versions as a database constraint.
    edition_code = models.CharField(_("edition code"), max_length=64, editable=False)
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="cases", verbose_name=_("company"))
    unit = models.ForeignKey(
        CounsellingUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("counselling / executing unit"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    drafted_by_unit = models.BooleanField(_("drafted by the counselling unit"), default=False)
    consented_at = models.DateTimeField(_("company consent given"), null=True, blank=True)
    consented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent given by"),
    )
    title = models.CharField(_("project title"), max_length=200)
    period_start = models.DateField(_("project start"), null=True, blank=True)
    period_end = models.DateField(_("project end"), null=True, blank=True)
    budget_lines = models.JSONField(_("budget lines"), default=list, blank=True)
    requested_gov = models.BigIntegerField(_("requested government funds (NT$)"), default=0)
    requested_self = models.BigIntegerField(_("self-funding (NT$)"), default=0)
    approved_gov = models.BigIntegerField(_("approved government funds (NT$)"), null=True, blank=True)
    facts = models.JSONField(_("declared facts"), default=dict, blank=True)
    needs = models.TextField(_("needs and problems"), blank=True)
    solution = models.TextField(_("proposed solution"), blank=True)
    kpis = models.JSONField(_("key performance indicators"), default=list, blank=True)
    checkpoints = models.JSONField(_("checkpoints"), default=list, blank=True)
    declarations = models.JSONField(_("declarations"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=24, choices=CaseStatus.choices, default=CaseStatus.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # What submission would decide, as of the last write of the case (lists show it without evaluating
    # every row; a case's own page evaluates afresh): {"ready": bool, "outcomes": {language: [...]}}.
    check_result = models.JSONField(_("check"), default=dict, blank=True)
    due = models.DateField(_("open deadline"), null=True, blank=True)
    # Raised by every write of the proposal: an edit based on an older version is refused, so that two
    # people drafting together never silently overwrite each other.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "edition_code"],
                condition=~Q(status=CaseStatus.WITHDRAWN),
                name="case_one_per_company_edition",
                violation_error_message=_("This company already has a case for this programme edition."),
            ),
            models.CheckConstraint(condition=Q(status__in=CaseStatus.values), name="case_status_known"),
            models.CheckConstraint(
                condition=Q(requested_gov__gte=0) & Q(requested_self__gte=0), name="case_requested_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(approved_gov__isnull=True)
                | (Q(approved_gov__gte=0) & Q(approved_gov__lte=F("requested_gov"))),
                name="case_approved_within_request",
                violation_error_message=_("The approved amount cannot exceed the requested amount."),
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="case_period_in_order",
                violation_error_message=_("The project cannot end before it starts."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "edition_code"], name="case_status_edition_idx"),
            models.Index(fields=["due"], name="case_due_idx"),
            # the office queue, newest first, whole or by status or edition: a page is read from the index
            # in order, never by sorting every matching row
            models.Index(fields=["-created_at", "-id"], name="case_queue_newest_idx"),
            models.Index(fields=["status", "-created_at", "-id"], name="case_queue_status_idx"),
            models.Index(fields=["edition_code", "-created_at", "-id"], name="case_queue_edition_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def needs_consent(self) -> bool:
        return self.drafted_by_unit and self.consented_at is None


class CaseEvent(models.Model):
    """One transition of a case: who, when, which action, from, to, why (written in the same transaction)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events", verbose_name=_("case"))
    action = models.CharField(_("action"), max_length=32)
    from_status = models.CharField(_("from"), max_length=24, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=24, choices=CaseStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["occurred_at", "id"]
        indexes = [models.Index(fields=["case", "occurred_at"], name="case_event_case_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.action}: {self.from_status or '—'} → {self.to_status}"


class CaseSerial(models.Model):
    """The last serial number given per edition code (locked to hand out the next one)."""

    edition_code = models.CharField(max_length=64, primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("case serial")
        verbose_name_plural = _("case serials")

    def __str__(self) -> str:
        return f"{self.edition_code}: {self.last}"


class StaffRole(models.TextChoices):
    PI = "pi", _("Principal investigator")
    STAFF = "staff", _("Project staff")
    CONSULTANT = "consultant", _("Consultant")


@audited()
class StaffMember(models.Model):
    """A person on a case's staffing table. The e-mail address identifies the person across cases, so that
    person-months and a principal investigator's number of cases are counted from the database."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="staff", verbose_name=_("case"))
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=12, choices=StaffRole.choices, default=StaffRole.STAFF)
    rank = models.CharField(_("rank"), max_length=40, blank=True)
    title = models.CharField(_("job title"), max_length=100, blank=True)
    person_months = models.DecimalField(_("person-months"), max_digits=6, decimal_places=2)
    labour_insured = models.BooleanField(_("labour insurance with the firm"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        ordering = ["case", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "email"],
                name="staff_one_row_per_person",
                violation_error_message=_("This person is already on the staffing table."),
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(role=StaffRole.PI),
                name="staff_one_pi_per_case",
                violation_error_message=_("A case has one principal investigator."),
            ),
            models.CheckConstraint(condition=Q(person_months__gt=0), name="staff_person_months_positive"),
        ]
        indexes = [models.Index(fields=["email"], name="staff_email_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.person_months})"
