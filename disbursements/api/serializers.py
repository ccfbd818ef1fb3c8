"""The money part of the case API (cases-api.md "Money after approval"). Input is typed here; what it means is
judged by the services, so that the pages and the API refuse the same things with the same messages."""

from __future__ import annotations

from decimal import Decimal

from rest_framework import serializers

from portal.api.fields import CountField, ExactNumberField, FlagField, MoneyField, StrictSerializer
from portal.api.outcomes import OutcomeSerializer

from ..conditions import InstalmentPlan
from ..models import ProgressReport, ReportKind


def instalment_data(plan: InstalmentPlan) -> dict:
    instalment = plan.instalment
    return {
        "no": instalment.no,
        "share": f"{instalment.share:.2f}",
        "amount": plan.amount,
        "status": instalment.status,
        "outcomes": [o.as_dict() for o in plan.outcomes],
    }


class CaseInstalmentSerializer(serializers.Serializer):
    no = serializers.IntegerField()
    share = serializers.CharField()
    amount = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["planned", "released", "withheld"])
    outcomes = OutcomeSerializer(many=True)


class LedgerSerializer(serializers.Serializer):
    approved_gov = serializers.IntegerField()
    disbursed = serializers.IntegerField()
    remaining = serializers.IntegerField()
    spent_gov = serializers.IntegerField()
    spent_self = serializers.IntegerField()
    spent_source = serializers.ChoiceField(choices=["verified", "declared"])
    declared_gov = serializers.IntegerField()
    declared_self = serializers.IntegerField()
    clawback = serializers.IntegerField()
    instalments = CaseInstalmentSerializer(many=True)


class ReleaseRequestSerializer(StrictSerializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")


class ReleaseSerializer(serializers.Serializer):
    no = serializers.IntegerField()
    amount = serializers.IntegerField()
    status = serializers.CharField()


class CheckpointDoneSerializer(StrictSerializer):
    index = CountField()
    done = FlagField()
    evidence = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")


class ProgressReportWriteSerializer(StrictSerializer):
    as_of = serializers.DateField()
    progress = ExactNumberField(min_value=Decimal(0), max_value=Decimal(100))
    spent_gov = MoneyField()
    spent_self = MoneyField()
    kind = serializers.ChoiceField(choices=ReportKind.choices, required=False, default=ReportKind.PROGRESS)
    site_visits = CountField(required=False, allow_null=True, default=None)
    checkpoints = CheckpointDoneSerializer(many=True, required=False, max_length=200)
    kpi_actuals = serializers.DictField(child=ExactNumberField(), required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")

    def service_data(self) -> dict:
        data = dict(self.validated_data)
        if "checkpoints" in data:
            data["checkpoints"] = [dict(row) for row in data["checkpoints"]]
        return data


class ProgressReportSerializer(serializers.ModelSerializer):
    progress = serializers.SerializerMethodField()

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "kind",
            "as_of",
            "progress",
            "spent_gov",
            "spent_self",
            "site_visits",
            "checkpoints",
            "kpi_actuals",
            "note",
            "filed_at",
        ]
        read_only_fields = fields

    def get_progress(self, report: ProgressReport) -> str:
        return f"{report.progress:.2f}"
