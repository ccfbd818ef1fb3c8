"""The expense ledger of a contracted case (核銷): one row per receipt or invoice, on a line of the case's budget,
its amounts with and without business tax, the share of the government funds and of the firm's own computed
from the budget's ratio for that line, and the programme office's verification.

A receipt or invoice is claimed once across every case of the portal: ``claim_key`` (the invoice number, or
the vendor's UBN and the receipt number) is unique in the database."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Case
from portal.audit import audited
from portal.models import Job
from portal.validators import validate_ubn


class ReceiptKind(models.TextChoices):
    INVOICE = "invoice", _("Uniform invoice")
    RECEIPT = "receipt", _("Receipt")


class ExpenseStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting verification")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


def receipt_path(instance: "Expense", filename: str) -> str:
    return f"cases/{instance.case_id}/expenses/{uuid.uuid4().hex}"


@audited()
class Expense(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="expenses", verbose_name=_("case"))
    spent_on = models.DateField(_("date"))
    receipt_kind = models.CharField(_("kind of receipt"), max_length=8, choices=ReceiptKind.choices)
    receipt_no = models.CharField(_("invoice or receipt number"), max_length=40)
    vendor_ubn = models.CharField(_("vendor's Unified Business Number"), max_length=8)
    # "invoice:AB12345678" or "receipt:<UBN>:<number>": unique across the portal
    claim_key = models.CharField(_("claim"), max_length=64, unique=True, editable=False)
    item = models.CharField(_("item"), max_length=200)
    line = models.CharField(_("budget line"), max_length=64)
    amount_untaxed = models.BigIntegerField(_("amount without tax (NT$)"))
    amount_taxed = models.BigIntegerField(_("amount with tax (NT$)"))
    # the amount the edition counts (its tax basis), split by the budget's ratio for the line
    amount = models.BigIntegerField(_("amount counted (NT$)"))
    gov_share = models.BigIntegerField(_("government funds (NT$)"))
    self_share = models.BigIntegerField(_("self-funding (NT$)"))
    receipt = models.FileField(_("scanned receipt"), upload_to=receipt_path, max_length=300, blank=True)
    receipt_name = models.CharField(_("file name"), max_length=200, blank=True)
    receipt_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    receipt_type = models.CharField(_("content type"), max_length=100, blank=True)
    # warnings of the edition's expense rules when it was recorded (an over-spend the edition lets through)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ExpenseStatus.choices, default=ExpenseStatus.PENDING)
    reason = models.TextField(_("reason"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        ordering = ["case", "spent_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ExpenseStatus.values), name="expense_status_known"),
            models.CheckConstraint(condition=Q(receipt_kind__in=ReceiptKind.values), name="expense_kind_known"),
            models.CheckConstraint(
                condition=Q(amount_untaxed__gt=0) & Q(amount_taxed__gte=F("amount_untaxed")),
                name="expense_amounts_in_order",
            ),
            models.CheckConstraint(
                condition=Q(gov_share__gte=0) & Q(self_share__gte=0) & Q(amount=F("gov_share") + F("self_share")),
                name="expense_split_adds_up",
            ),
            models.CheckConstraint(
                condition=~Q(status=ExpenseStatus.REJECTED) | ~Q(reason=""), name="expense_rejected_with_reason"
            ),
        ]
        indexes = [
            models.Index(fields=["case", "line", "status"], name="expense_line_idx"),
            models.Index(fields=["status", "case"], name="expense_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.receipt_no} {self.amount}"


@audited()
class AccountantProfile(models.Model):
    """An external accountant (會計師) of the expense audit: the firm they work for (its name is the user's
    affiliation), whose UBN must be neither the company's nor the counselling unit's of a case they audit."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="accountant_profile",
        verbose_name=_("accountant"),
    )
    firm_ubn = models.CharField(_("firm's Unified Business Number"), max_length=8, validators=[validate_ubn])

    class Meta:
        verbose_name = _("accountant's profile")
        verbose_name_plural = _("accountants' profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.firm_ubn})"


@audited()
class AccountantAssignment(models.Model):
    """An external accountant given read-and-verify access to one case's expense ledger by the programme
    office. Removing the assignment deletes the row (the audit trail keeps both)."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="accountant_assignments", verbose_name=_("case")
    )
    accountant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="expense_assignments",
        verbose_name=_("accountant"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("assigned by")
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)

    class Meta:
        verbose_name = _("accountant's assignment")
        verbose_name_plural = _("accountants' assignments")
        ordering = ["case", "assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "accountant"], name="accountant_assignment_once"),
        ]
        indexes = [models.Index(fields=["accountant", "case"], name="accountant_cases_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.accountant_id}"


def import_path(instance: "ExpenseImportJob", filename: str) -> str:
    return f"cases/{instance.case_id}/expense-imports/{uuid.uuid4().hex}.xlsx"


class ExpenseImportJob(Job):
    """An Excel import of expenses run by a Celery worker (expenses.tasks.expenses_import_run): every row is
    checked and either all are recorded or none; the refused rows are kept with their row, column and reason,
    worded in both languages (``{"row", "column", "field", "message": {"zh-hant", "en"}}``)."""

    task_name = "expenses.tasks.expenses_import_run"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="expense_imports", verbose_name=_("case"))
    upload = models.FileField(_("workbook"), upload_to=import_path, max_length=300)
    filename = models.CharField(_("file name"), max_length=200)
    language = models.CharField(_("language"), max_length=8, default="zh-hant")
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_imported = models.PositiveIntegerField(_("rows imported"), default=0)
    row_errors = models.JSONField(_("row errors"), default=list, blank=True)

    class Meta(Job.Meta):
        verbose_name = _("expense import")
        verbose_name_plural = _("expense imports")
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="expense_import_progress_percent")]
        indexes = [models.Index(fields=["case", "-created_at"], name="expense_import_case_idx")]
