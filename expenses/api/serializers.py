"""The expense part of the case API (docs/cases-api.md "Expenses"). Input is typed here; what it means is judged
by the services, so that the pages and the API refuse the same things with the same messages."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from portal.api.fields import MoneyField, StrictSerializer
from portal.models import JobStatus

from ..models import Expense, ExpenseStatus, ReceiptKind


class ExpenseWriteSerializer(StrictSerializer):
    spent_on = serializers.DateField()
    receipt_kind = serializers.ChoiceField(choices=ReceiptKind.choices)
    receipt_no = serializers.CharField(max_length=40)
    vendor_ubn = serializers.CharField(max_length=8)
    item = serializers.CharField(max_length=200)
    line = serializers.CharField(max_length=64)
    amount_untaxed = MoneyField()
    amount_taxed = MoneyField()
    receipt = serializers.FileField(required=False)


class ExpenseSerializer(serializers.ModelSerializer):
    has_receipt = serializers.SerializerMethodField()

    class Meta:
        model = Expense
        fields = [
            "id",
            "spent_on",
            "receipt_kind",
            "receipt_no",
            "vendor_ubn",
            "item",
            "line",
            "amount_untaxed",
            "amount_taxed",
            "amount",
            "gov_share",
            "self_share",
            "status",
            "reason",
            "warnings",
            "has_receipt",
            "recorded_at",
            "verified_at",
        ]
        read_only_fields = fields

    def get_has_receipt(self, expense: Expense) -> bool:
        return bool(expense.receipt)


class VerifySerializer(StrictSerializer):
    decision = serializers.ChoiceField(choices=[("accept", "accept"), ("reject", "reject")])
    reason = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")


class ImportSerializer(StrictSerializer):
    file = serializers.FileField()


class ImportProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField()
    field = serializers.CharField()
    message = serializers.CharField()


class ImportJobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=JobStatus.choices)
    progress = serializers.IntegerField()
    message = serializers.CharField()
    filename = serializers.CharField()
    rows_total = serializers.IntegerField()
    rows_imported = serializers.IntegerField()
    errors = ImportProblemSerializer(many=True)
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)


def import_job_data(job, problems: list[dict]) -> dict:
    """The job as the API shows it; ``problems`` already worded in the reader's language."""
    data = {name: getattr(job, name) for name in ("id", "status", "progress", "filename", "rows_total")}
    data.update(
        rows_imported=job.rows_imported,
        message=str(_(job.message)) if job.message else "",
        errors=[{k: v for k, v in p.items() if k != "column_name"} for p in problems],
        created_at=job.created_at,
        finished_at=job.finished_at,
    )
    return ImportJobSerializer(data).data


class ExpenseLineSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    approved_gov = serializers.IntegerField()
    approved_self = serializers.IntegerField()
    approved = serializers.IntegerField()
    spent_gov = serializers.IntegerField()
    spent_self = serializers.IntegerField()
    spent = serializers.IntegerField()
    verified = serializers.IntegerField()
    pending = serializers.IntegerField()
    rejected = serializers.IntegerField()
    share = serializers.CharField()
    remaining = serializers.IntegerField()
    over = serializers.IntegerField()
    rows = serializers.IntegerField()


class ExpenseSummarySerializer(serializers.Serializer):
    tax_basis = serializers.ChoiceField(choices=["taxed", "untaxed"])
    verification_due = serializers.DateField(allow_null=True)
    lines = ExpenseLineSerializer(many=True)
    total = ExpenseLineSerializer()


STATUS_CHOICES = ExpenseStatus.choices


def line_data(line) -> dict:
    names = (
        "code",
        "label",
        "approved_gov",
        "approved_self",
        "approved",
        "spent_gov",
        "spent_self",
        "spent",
        "verified",
        "pending",
        "rejected",
        "share",
        "remaining",
        "over",
        "rows",
    )
    return {name: getattr(line, name) for name in names}


class AccountantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    full_name = serializers.CharField()
    firm_name = serializers.CharField(source="affiliation")
    firm_ubn = serializers.SerializerMethodField()
    is_active = serializers.BooleanField()

    def get_firm_ubn(self, user) -> str:
        profile = getattr(user, "accountant_profile", None)
        return profile.firm_ubn if profile else ""


class AccountantWriteSerializer(StrictSerializer):
    email = serializers.EmailField(max_length=254)
    full_name = serializers.CharField(max_length=100)
    firm_name = serializers.CharField(max_length=200)
    firm_ubn = serializers.CharField(max_length=8)


class AccountantAssignmentSerializer(serializers.Serializer):
    accountant = AccountantSerializer()
    assigned_by = serializers.CharField(source="assigned_by.full_name")
    assigned_at = serializers.DateTimeField()


class AssignSerializer(StrictSerializer):
    accountant = serializers.IntegerField(min_value=1)


class AssignedCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    title = serializers.CharField()
    company = serializers.CharField(source="company.name")
    recorded = serializers.IntegerField()
    pending = serializers.IntegerField()
