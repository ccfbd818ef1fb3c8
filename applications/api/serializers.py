"""The case-management API's shapes (cases-api.md). Input is typed here; what it means is judged by the
services, so that the pages and the API refuse the same things with the same messages."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from applications.checks import case_check
from applications.models import Case, CaseDocument, CaseEvent, CaseStatus, StaffRole
from portal.api.fields import (
    ExactNumberField,
    FlagField,
    MoneyField,
    StrictCharField,
    StrictChoiceField,
    StrictSerializer,
)
from portal.api.outcomes import OutcomeSerializer
from portal.language import current_lang
from portal.models import Company, CounsellingUnit
from programs.api.serializers import FACT_FIELDS
from programs.rulesets import ruleset_for


class PeriodSerializer(StrictSerializer):
    start = serializers.DateField(allow_null=True, required=False, default=None)
    end = serializers.DateField(allow_null=True, required=False, default=None)


class LineSerializer(StrictSerializer):
    code = StrictCharField(max_length=64)
    gov = MoneyField()
    self = MoneyField()


class BudgetSerializer(StrictSerializer):
    lines = LineSerializer(many=True, max_length=100)


class KpiSerializer(StrictSerializer):
    code = StrictCharField(max_length=64, required=False, allow_blank=True, default="")
    name = StrictCharField(max_length=200, required=False, allow_blank=True, default="")
    unit = StrictCharField(max_length=40, required=False, allow_blank=True, default="")
    before = ExactNumberField(required=False, allow_null=True, default=None)
    after = ExactNumberField(required=False, allow_null=True, default=None)


class CheckpointSerializer(StrictSerializer):
    date = serializers.DateField()
    item = StrictCharField(max_length=300)
    percent = ExactNumberField()
    code = StrictCharField(max_length=64, required=False, allow_blank=True, default="")


class StaffSerializer(StrictSerializer):
    name = StrictCharField(max_length=100)
    email = serializers.EmailField()
    role = StrictChoiceField(choices=StaffRole.choices, default=StaffRole.STAFF)
    rank = StrictCharField(max_length=40, required=False, allow_blank=True, default="")
    title = StrictCharField(max_length=100, required=False, allow_blank=True, default="")
    person_months = ExactNumberField(min_value=Decimal(0), max_value=Decimal(600))
    labour_insured = FlagField(required=False, default=True)


class CaseWriteSerializer(StrictSerializer):
    """POST and PATCH. ``edition`` and ``company`` only when creating."""

    edition = StrictCharField(max_length=64, required=False)
    company = serializers.PrimaryKeyRelatedField(queryset=Company.objects.all(), required=False)
    unit = serializers.PrimaryKeyRelatedField(queryset=CounsellingUnit.objects.all(), required=False, allow_null=True)
    title = StrictCharField(max_length=200, required=False)
    period = PeriodSerializer(required=False)
    budget = BudgetSerializer(required=False)
    facts = serializers.DictField(required=False)
    needs = StrictCharField(required=False, allow_blank=True, max_length=20000)
    solution = StrictCharField(required=False, allow_blank=True, max_length=20000)
    kpis = KpiSerializer(many=True, required=False, max_length=200)
    checkpoints = CheckpointSerializer(many=True, required=False, max_length=200)
    declarations = serializers.DictField(child=FlagField(), required=False)
    staff = StaffSerializer(many=True, required=False, max_length=200)

    def validate_facts(self, facts: dict) -> dict:
        """Type each declared fact as its edition declares it; unknown names go on to the service, which
        refuses them with its message."""
        ruleset = self.context.get("ruleset")
        if ruleset is None:
            return facts
        errors, clean = {}, {}
        if len(facts) > 200:
            raise serializers.ValidationError(_("Too many facts."))
        for name, value in facts.items():
            spec = ruleset.facts.get(name)
            if spec is None or value is None:
                clean[name] = value
                continue
            try:
                clean[name] = FACT_FIELDS[spec["type"]]().run_validation(value)
            except serializers.ValidationError as exc:
                errors[name] = exc.detail
        if errors:
            raise serializers.ValidationError(errors)
        return clean

    def service_data(self) -> dict:
        data = dict(self.validated_data)
        data.pop("edition", None)
        data.pop("company", None)
        if "period" in data:
            data["period"] = dict(data["period"])
        if "budget" in data:
            data["budget"] = {"lines": [dict(line) for line in data["budget"]["lines"]]}
        for name in ("kpis", "checkpoints", "staff"):
            if name in data:
                data[name] = [dict(row) for row in data[name]]
        return data


class CaseFilterSerializer(serializers.Serializer):
    """``GET /cases/?edition=&status=`` (the page's own parameters pass through)."""

    edition = StrictCharField(max_length=64, required=False, allow_blank=True, default="")
    status = StrictChoiceField(choices=CaseStatus.choices, required=False, allow_blank=True, default="")


class TotalsSerializer(serializers.Serializer):
    gov = serializers.IntegerField()
    self = serializers.IntegerField()
    total = serializers.IntegerField()
    gov_share = StrictCharField()
    self_share = StrictCharField()


class CaseSerializer(serializers.ModelSerializer):
    """The case as cases-api.md shows it. With ``fresh`` in the context the check is evaluated now (one
    case); otherwise the check stored at the case's last write is shown (lists)."""

    edition = StrictCharField(source="edition_code")
    edition_version = serializers.IntegerField(source="edition.version")
    company = serializers.IntegerField(source="company_id")
    unit = serializers.IntegerField(source="unit_id", allow_null=True)
    period = serializers.SerializerMethodField()
    budget = serializers.SerializerMethodField()
    check = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "edition",
            "edition_version",
            "status",
            "company",
            "unit",
            "title",
            "period",
            "budget",
            "facts",
            "check",
            "requested_gov",
            "approved_gov",
            "due",
            "version",
        ]
        read_only_fields = fields

    def _fresh(self, case: Case):
        if not self.context.get("fresh"):
            return None
        cache = self.context.setdefault("_checks", {})
        if case.pk not in cache:
            cache[case.pk] = case_check(case, lang=current_lang())
        return cache[case.pk]

    def get_period(self, case: Case) -> dict:
        return {
            "start": case.period_start.isoformat() if case.period_start else None,
            "end": case.period_end.isoformat() if case.period_end else None,
        }

    def get_budget(self, case: Case) -> dict:
        fresh = self._fresh(case)
        if fresh is not None:
            budget = fresh.result.budget
            outcomes = [o.as_dict() for o in fresh.section("budget")]
            return {
                "lines": case.budget_lines,
                "valid": budget["valid"],
                "totals": budget["totals"],
                "outcomes": outcomes,
            }
        stored = case.check_result.get("budget", {})
        return {
            "lines": case.budget_lines,
            "valid": stored.get("valid", False),
            "totals": stored.get("totals", {}),
            "outcomes": stored.get("outcomes", {}).get(current_lang(), []),
        }

    def get_check(self, case: Case) -> dict:
        fresh = self._fresh(case)
        if fresh is not None:
            return {"ready": fresh.ready, "outcomes": [o.as_dict() for o in fresh.outcomes]}
        return {
            "ready": case.check_result.get("ready", False),
            "outcomes": case.check_result.get("outcomes", {}).get(current_lang(), []),
        }


class ActionRefusedSerializer(serializers.Serializer):
    errors = serializers.DictField()
    outcomes = OutcomeSerializer(many=True)


class EventSerializer(serializers.ModelSerializer):
    # "from" is a Python keyword: the fields are named in get_fields
    class Meta:
        model = CaseEvent
        fields = ["action", "reason"]

    def to_representation(self, event: CaseEvent) -> dict:
        return {
            "action": event.action,
            "from": event.from_status,
            "to": event.to_status,
            "actor": event.actor.email if event.actor_id else None,
            "at": event.occurred_at.isoformat(),
            "reason": event.reason,
        }


class DocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseDocument
        fields = ["id", "kind", "version", "name", "size", "sha256"]
        read_only_fields = fields


class DocumentUploadSerializer(StrictSerializer):
    kind = StrictCharField(max_length=64)
    file = serializers.FileField(allow_empty_file=True)


def case_ruleset(case_or_edition):
    return ruleset_for(case_or_edition.edition if isinstance(case_or_edition, Case) else case_or_edition)
