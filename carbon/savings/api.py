"""``POST /api/v1/editions/{code}/savings-check/``: the utility-savings check of an edition, anonymous,
rate-limited, storing nothing."""

from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from portal.api.calculators import CalculatorAPIView
from portal.api.fields import ExactNumberField, MoneyField, StrictCharField, StrictChoiceField, StrictSerializer
from portal.api.outcomes import OutcomeSerializer
from portal.language import current_lang
from portal.limits import QUANTITY_MAX
from programs.models import Edition

from .calc import MONTHS_IN_YEAR
from .check import ANNUAL, MONTHLY, savings_run
from .selectors import savings_edition


def _quantities():
    return serializers.ListField(
        child=ExactNumberField(min_value=Decimal(0), max_value=QUANTITY_MAX), min_length=1, max_length=MONTHS_IN_YEAR
    )


def _costs():
    return serializers.ListField(child=MoneyField(), min_length=1, max_length=MONTHS_IN_YEAR)


class SavingsUtilitySerializer(StrictSerializer):
    """One utility: the same number (1–12) of monthly figures in each list, or one annual figure each."""

    period = StrictChoiceField(
        choices=[MONTHLY, ANNUAL],
        required=False,
        default=MONTHLY,
        help_text=gettext_lazy("monthly: up to 12 months, annualised as sum × 12 ÷ n; annual: one figure for the year"),
    )
    before = _quantities()
    after = _quantities()
    before_cost = _costs()
    after_cost = _costs()
    factor = StrictCharField(
        max_length=80,
        required=False,
        help_text=gettext_lazy(
            "Factor code from the library; required for fuel and gas (and for electricity or "
            "water when the edition names no factor)."
        ),
    )
    unit = StrictCharField(
        max_length=16,
        required=False,
        help_text=gettext_lazy("Unit of the quantities (default kWh, m³, L and m³); must convert to the factor's."),
    )

    def validate(self, attrs):
        count = len(attrs["before"])
        errors = {}
        for name in ("after", "before_cost", "after_cost"):
            if len(attrs[name]) != count:
                errors[name] = [
                    _("Give as many figures here as before the change (%(count)s), not %(given)s.")
                    % {"count": count, "given": len(attrs[name])}
                ]
        if attrs.get("period") == ANNUAL and count != 1:
            errors["before"] = [_("An annual figure is one value per list.")]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class SavingsCheckRequestSerializer(StrictSerializer):
    self_funding = MoneyField(
        required=False, help_text=gettext_lazy("The case's self-funding (NT$); needed when the edition sets a share.")
    )
    gwp = StrictCharField(
        max_length=16, required=False, help_text=gettext_lazy("GWP set (AR4, AR5, AR6); default the newest.")
    )
    electricity = SavingsUtilitySerializer(required=False)
    water = SavingsUtilitySerializer(required=False)
    fuel = SavingsUtilitySerializer(required=False)
    gas = SavingsUtilitySerializer(required=False)

    def validate(self, attrs):
        if not any(name in attrs for name in ("electricity", "water", "fuel", "gas")):
            raise serializers.ValidationError(
                _("Give the before and after figures of at least one utility: electricity, water, fuel or gas.")
            )
        return attrs


class SavingsUtilityResultSerializer(serializers.Serializer):
    utility = StrictCharField()
    unit = StrictCharField()
    months = serializers.IntegerField()
    annual = serializers.BooleanField()
    annualised = serializers.BooleanField()
    before = StrictCharField()
    after = StrictCharField()
    saved = StrictCharField()
    annual_saved = StrictCharField()
    cost_before = serializers.IntegerField()
    cost_after = serializers.IntegerField()
    cost_saved = serializers.IntegerField()
    annual_cost_saved = serializers.IntegerField()
    tco2e = StrictCharField()
    factor = StrictCharField()
    factor_unit = StrictCharField()
    factor_gases = serializers.DictField(child=StrictCharField())


class SavingsCheckResponseSerializer(serializers.Serializer):
    edition = StrictCharField()
    passed = serializers.BooleanField(allow_null=True)
    annual_cost_saved = serializers.IntegerField()
    self_funding = serializers.IntegerField(allow_null=True)
    share = StrictCharField(allow_null=True)
    threshold = serializers.IntegerField(allow_null=True)
    tco2e_reduced = StrictCharField()
    gwp = StrictCharField(allow_null=True)
    utilities = SavingsUtilityResultSerializer(many=True)
    outcomes = OutcomeSerializer(many=True)


class SavingsErrorSerializer(serializers.Serializer):
    errors = serializers.DictField(child=serializers.ListField(child=StrictCharField()))


class SavingsCheckView(CalculatorAPIView):
    """Annual utility-cost saving against the edition's share of the self-funding, and the tCO2e reduced
    (the edition's electricity and water factors; fuel and gas by the factor picked). Stores nothing."""

    @extend_schema(
        operation_id="editions_savings_check",
        request=SavingsCheckRequestSerializer,
        responses={
            200: SavingsCheckResponseSerializer,
            400: OpenApiResponse(
                SavingsErrorSerializer, description="Invalid input, or an edition without a savings check"
            ),
            404: OpenApiResponse(SavingsErrorSerializer, description="Unknown edition"),
        },
        examples=[
            OpenApiExample(
                "Low-carbon track, two months of electricity",
                request_only=True,
                value={
                    "self_funding": 1280000,
                    "electricity": {
                        "before": ["25000", "25000"],
                        "after": ["24500", "24500"],
                        "before_cost": [100000, 100000],
                        "after_cost": [62500, 62500],
                    },
                    "fuel": {
                        "period": "annual",
                        "factor": "epa-6.0.4-diesel",
                        "before": ["12000"],
                        "after": ["10000"],
                        "before_cost": [360000],
                        "after_cost": [300000],
                    },
                },
            )
        ],
    )
    def post(self, request, code: str):
        try:
            edition, config = savings_edition(code=code)
        except Edition.DoesNotExist:
            raise Http404 from None
        if config is None:
            raise serializers.ValidationError({"edition": [_("This edition has no utility-savings check.")]})
        data = self.validated(SavingsCheckRequestSerializer)
        utilities = {name: dict(data[name]) for name in ("electricity", "water", "fuel", "gas") if name in data}
        run = savings_run(
            config=config,
            self_funding=data.get("self_funding"),
            gwp=data.get("gwp"),
            utilities=utilities,
            lang=current_lang(),
        )
        if run.errors:
            raise serializers.ValidationError(run.errors)
        return Response({"edition": edition.code, **run.result.as_dict(), "gwp": run.gwp})
