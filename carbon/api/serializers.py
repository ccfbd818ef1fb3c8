from decimal import Decimal

from rest_framework import serializers

from carbon.factor_checks import unknown_gwp
from carbon.selectors import gwp_codes
from portal.api.fields import ExactNumberField, StrictCharField, StrictChoiceField, StrictSerializer
from portal.limits import QUANTITY_MAX

CATEGORIES = ("1", "2", "3", "4", "5", "6")


class ActivitySerializer(StrictSerializer):
    source = StrictCharField(max_length=200)
    category = StrictChoiceField(choices=CATEGORIES)
    factor = StrictCharField(max_length=80)
    quantity = ExactNumberField(min_value=Decimal(0), max_value=QUANTITY_MAX)
    unit = StrictCharField(max_length=16)
    uncertainty = ExactNumberField(min_value=Decimal(0), max_value=Decimal(1000), required=False)


class CalculateRequestSerializer(StrictSerializer):
    gwp = StrictCharField(max_length=16)
    activities = ActivitySerializer(many=True, allow_empty=False, max_length=10_000)

    def validate_gwp(self, code):
        known = gwp_codes()
        if code not in known:
            raise serializers.ValidationError(unknown_gwp(known=known).message())
        return code


class FactorUsedSerializer(serializers.Serializer):
    code = StrictCharField()
    unit = StrictCharField()
    gases = serializers.DictField(child=StrictCharField())
    set = StrictCharField()
    source = StrictCharField()
    year = serializers.IntegerField(help_text="year of announcement")
    data_year = serializers.IntegerField(allow_null=True, help_text="year whose data the factor describes")


class LineSerializer(serializers.Serializer):
    source = StrictCharField()
    category = StrictCharField()
    tco2e = StrictCharField()
    by_gas = serializers.DictField(child=StrictCharField())
    factor = FactorUsedSerializer()


class CalculateResponseSerializer(serializers.Serializer):
    total_tco2e = StrictCharField()
    by_category = serializers.DictField(child=StrictCharField())
    by_gas = serializers.DictField(child=StrictCharField())
    lines = LineSerializer(many=True)
    gwp = StrictCharField()
    uncertainty = StrictCharField(allow_null=True)
