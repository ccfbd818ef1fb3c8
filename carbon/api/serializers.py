from decimal import Decimal

from rest_framework import serializers

from carbon.factor_checks import unknown_gwp
from carbon.selectors import gwp_codes
from portal.api.fields import ExactNumberField, StrictSerializer
from portal.limits import QUANTITY_MAX

CATEGORIES = ("1", "2", "3", "4", "5", "6")


class ActivitySerializer(StrictSerializer):
    source = serializers.CharField(max_length=200)
    category = serializers.ChoiceField(choices=CATEGORIES)
    factor = serializers.CharField(max_length=80)
    quantity = ExactNumberField(min_value=Decimal(0), max_value=QUANTITY_MAX)
    unit = serializers.CharField(max_length=16)
    uncertainty = ExactNumberField(min_value=Decimal(0), max_value=Decimal(1000), required=False)


class CalculateRequestSerializer(StrictSerializer):
    gwp = serializers.CharField(max_length=16)
    activities = ActivitySerializer(many=True, allow_empty=False, max_length=10_000)

    def validate_gwp(self, code):
        known = gwp_codes()
        if code not in known:
            raise serializers.ValidationError(unknown_gwp(known=known).message())
        return code


class FactorUsedSerializer(serializers.Serializer):
    code = serializers.CharField()
    unit = serializers.CharField()
    gases = serializers.DictField(child=serializers.CharField())
    set = serializers.CharField()
    source = serializers.CharField()
    year = serializers.IntegerField(help_text="year of announcement")
    data_year = serializers.IntegerField(allow_null=True, help_text="year whose data the factor describes")


class LineSerializer(serializers.Serializer):
    source = serializers.CharField()
    category = serializers.CharField()
    tco2e = serializers.CharField()
    by_gas = serializers.DictField(child=serializers.CharField())
    factor = FactorUsedSerializer()


class CalculateResponseSerializer(serializers.Serializer):
    total_tco2e = serializers.CharField()
    by_category = serializers.DictField(child=serializers.CharField())
    by_gas = serializers.DictField(child=serializers.CharField())
    lines = LineSerializer(many=True)
    gwp = serializers.CharField()
    uncertainty = serializers.CharField(allow_null=True)
