from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from portal.api.fields import (
    CountField,
    ExactNumberField,
    FlagField,
    MoneyField,
    StrictCharField,
    StrictChoiceField,
    StrictSerializer,
)
from portal.api.outcomes import OutcomeSerializer
from portal.limits import QUANTITY_MAX
from portal.validators import validate_business_items, validate_industry_codes, validate_ubn
from programs.models import Edition
from programs.rulesets import context_fact_types

REGISTRATIONS = ("company", "business", "none")


# --- catalogue -------------------------------------------------------------------------------------


class EditionListSerializer(serializers.ModelSerializer):
    programme = StrictCharField(source="programme.code")
    title = StrictCharField(source="title_text")
    track = StrictCharField(source="track_text")

    class Meta:
        model = Edition
        fields = ["code", "programme", "title", "year", "status", "track", "version"]


class EditionDetailSerializer(EditionListSerializer):
    title_i18n = serializers.JSONField(source="title")
    track_i18n = serializers.JSONField(source="track")
    legal_source = serializers.JSONField()
    rules = serializers.JSONField()
    rules_text = serializers.SerializerMethodField()

    class Meta(EditionListSerializer.Meta):
        fields = [
            *EditionListSerializer.Meta.fields,
            "title_i18n",
            "track_i18n",
            "application_opens",
            "application_closes",
            "legal_source",
            "document_ref",
            "published_at",
            "rules",
            "rules_text",
        ]

    def get_rules_text(self, edition) -> dict:
        from portal.language import current_lang
        from programs.rulesets import ruleset_text

        return ruleset_text(edition, current_lang())


# --- screening -------------------------------------------------------------------------------------


class CodeListField(serializers.ListField):
    child = StrictCharField(max_length=10)

    def __init__(self, *, validator, **kwargs):
        super().__init__(max_length=50, validators=[validator], **kwargs)


class CompanyFactsSerializer(StrictSerializer):
    ubn = StrictCharField(required=False, max_length=20, validators=[validate_ubn])
    name = StrictCharField(required=False, max_length=200)
    registration = StrictChoiceField(choices=REGISTRATIONS)
    factory_registered = FlagField()
    industry_codes = CodeListField(validator=validate_industry_codes)
    business_items = CodeListField(validator=validate_business_items, required=False, default=list)
    employees = CountField()
    paid_in_capital = MoneyField()
    net_worth = MoneyField(allow_negative=True)
    prc_capital = FlagField()
    bank_refused = FlagField()
    tax_arrears_3y = FlagField()
    pcc_refused = FlagField()
    serious_violation_3y = FlagField()
    site_in_roc = FlagField()


class ScreeningRequestSerializer(StrictSerializer):
    company = CompanyFactsSerializer()
    editions = serializers.ListField(child=StrictCharField(max_length=64), required=False, max_length=100)

    def validate_editions(self, codes):
        from programs.selectors import editions_by_codes

        found = editions_by_codes(codes=codes)
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise serializers.ValidationError(_("Unknown edition code(s): %(codes)s") % {"codes": ", ".join(unknown)})
        if len(set(codes)) != len(codes):
            raise serializers.ValidationError(_("An edition is listed twice."))
        return [found[c] for c in codes]


# --- budget check ----------------------------------------------------------------------------------


class BudgetLineSerializer(StrictSerializer):
    code = StrictCharField(max_length=64)
    gov = MoneyField()
    self = MoneyField()


class BudgetCheckRequestSerializer(StrictSerializer):
    lines = BudgetLineSerializer(many=True, allow_empty=False, max_length=100)
    context = serializers.DictField(required=False, default=dict)

    def validate_context(self, context):
        ruleset = self.context["ruleset"]
        known = context_fact_types(ruleset)
        errors, clean = {}, {}
        for name, value in context.items():
            kind = known.get(name)
            if kind is None:
                errors[name] = [_("Unknown fact for this edition.")]
                continue
            try:
                clean[name] = FACT_FIELDS[kind]().run_validation(value)
            except serializers.ValidationError as exc:
                errors[name] = exc.detail
        if errors:
            raise serializers.ValidationError(errors)
        return clean


FACT_FIELDS = {
    "str": lambda: StrictCharField(max_length=200),
    "bool": FlagField,
    "int": CountField,
    "number": lambda: ExactNumberField(min_value=-QUANTITY_MAX, max_value=QUANTITY_MAX),
    "money": MoneyField,
    "signed_money": lambda: MoneyField(allow_negative=True),
    "percent": lambda: ExactNumberField(min_value=Decimal(0), max_value=Decimal(100)),
    "date": serializers.DateField,
    "str_list": lambda: serializers.ListField(child=StrictCharField(max_length=100), max_length=200),
    "number_list": lambda: serializers.ListField(child=ExactNumberField(), max_length=200),
    "qualifications": lambda: serializers.ListField(child=serializers.DictField(), max_length=50),
}


# --- score sheet ----------------------------------------------------------------------------------


class ScoreMapField(serializers.DictField):
    child = ExactNumberField()

    def to_internal_value(self, data):
        if isinstance(data, dict) and len(data) > 50:
            raise serializers.ValidationError(_("Too many entries."))
        return super().to_internal_value(data)


class ScoreSheetRequestSerializer(StrictSerializer):
    scores = ScoreMapField(allow_empty=False)
    bonus = ScoreMapField(required=False, default=dict)


# --- disbursement plan ------------------------------------------------------------------------------


class DisbursementRequestSerializer(StrictSerializer):
    approved_gov = MoneyField()
    signed = FlagField()
    progress = ExactNumberField(min_value=Decimal(0), max_value=Decimal(100))
    disbursed = MoneyField(required=False, default=0)
    spent = MoneyField(required=False, default=0)
    accepted = FlagField(required=False, default=False)
    actual_spent_total = MoneyField(required=False, allow_null=True, default=None)

    def validate(self, attrs):
        if attrs["disbursed"] > attrs["approved_gov"]:
            raise serializers.ValidationError(
                {"disbursed": [_("The amount disbursed cannot exceed the approved amount.")]}
            )
        return attrs


# --- responses (documented in the schema) -------------------------------------------------------------


class ScreeningResultSerializer(serializers.Serializer):
    edition = StrictCharField()
    eligible = serializers.BooleanField()
    outcomes = OutcomeSerializer(many=True)


class ScreeningResponseSerializer(serializers.Serializer):
    results = ScreeningResultSerializer(many=True)


class TotalsSerializer(serializers.Serializer):
    gov = serializers.IntegerField()
    self = serializers.IntegerField()
    total = serializers.IntegerField()
    gov_share = StrictCharField()
    self_share = StrictCharField()


class BudgetCheckResponseSerializer(serializers.Serializer):
    valid = serializers.BooleanField()
    totals = TotalsSerializer()
    derived = serializers.DictField()
    outcomes = OutcomeSerializer(many=True)


class CriterionRowSerializer(serializers.Serializer):
    code = StrictCharField()
    weight = StrictCharField()
    score = StrictCharField()
    weighted = StrictCharField()


class ScoreSheetResponseSerializer(serializers.Serializer):
    total = StrictCharField()
    criteria = CriterionRowSerializer(many=True)
    bonus = StrictCharField()
    outcomes = OutcomeSerializer(many=True)


class InstalmentSerializer(serializers.Serializer):
    no = serializers.IntegerField()
    share = StrictCharField()
    amount = serializers.IntegerField()
    due = serializers.BooleanField()
    outcomes = OutcomeSerializer(many=True)


class DisbursementResponseSerializer(serializers.Serializer):
    instalments = InstalmentSerializer(many=True)
