"""Strict JSON fields for the public calculators: money is an integer, a flag is true/false, no floats
where the contract wants decimal strings — anything else is a 400 with a clear message."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal.limits import MONEY_MAX


@extend_schema_field(OpenApiTypes.INT)
class MoneyField(serializers.Field):
    default_error_messages = {
        "invalid": _("Enter a whole number of NT$ (an integer, not a string or a decimal)."),
        "negative": _("An amount cannot be negative."),
        "too_large": _("An amount cannot exceed NT${max}."),
    }

    def __init__(self, *, allow_negative: bool = False, **kwargs):
        self.allow_negative = allow_negative
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        if data < 0 and not self.allow_negative:
            self.fail("negative")
        if abs(data) > MONEY_MAX:
            self.fail("too_large", max=f"{MONEY_MAX:,}")
        return data

    def to_representation(self, value):
        return value


class CountField(MoneyField):
    default_error_messages = {
        "invalid": _("Enter a whole number."),
        "negative": _("This cannot be negative."),
        "too_large": _("This cannot exceed {max}."),
    }


@extend_schema_field(OpenApiTypes.BOOL)
class FlagField(serializers.Field):
    default_error_messages = {"invalid": _("Enter true or false.")}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data

    def to_representation(self, value):
        return value


@extend_schema_field({"oneOf": [{"type": "number"}, {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}]})
class ExactNumberField(serializers.Field):
    """A number given as a JSON number or a decimal string ("60.00"), kept as an exact Decimal. Its digits are
    bounded (INTEGER_DIGITS before the point, PLACES after it), whatever range it is given: 9e999999999 would
    otherwise be a short text that writes out as a billion digits."""

    INTEGER_DIGITS, PLACES = 15, 10
    default_error_messages = {
        "invalid": _("Enter a number."),
        "digits": _("Enter a number with at most {integer} digits before the decimal point and {places} after it."),
        "range": _("Enter a number from {min} to {max}."),
    }

    def __init__(self, *, min_value: Decimal | None = None, max_value: Decimal | None = None, **kwargs):
        self.min_value, self.max_value = min_value, max_value
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (int, float, str)):
            self.fail("invalid")
        try:
            value = Decimal(str(data).strip())
        except InvalidOperation:
            self.fail("invalid")
        if not value.is_finite() or len(str(data)) > 32:
            self.fail("invalid")
        if value and (value.adjusted() >= self.INTEGER_DIGITS or value.as_tuple().exponent < -self.PLACES):
            self.fail("digits", integer=self.INTEGER_DIGITS, places=self.PLACES)
        if value.as_tuple().exponent > 0:  # 0E+999999999 is 0; 1E+3 is 1000
            value = value.quantize(Decimal(1))
        if (self.min_value is not None and value < self.min_value) or (
            self.max_value is not None and value > self.max_value
        ):
            self.fail("range", min=self.min_value, max=self.max_value)
        return value

    def to_representation(self, value):
        return f"{value:.2f}"


class StrictSerializer(serializers.Serializer):
    """Refuses keys it does not know (a typo would otherwise be silently ignored)."""

    default_error_messages = {"unknown": _("Unknown field.")}

    def to_internal_value(self, data):
        unknown = sorted(set(data) - set(self.fields)) if isinstance(data, dict) else []
        errors = {name: [self.error_messages["unknown"]] for name in unknown}
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if not isinstance(exc.detail, dict):
                raise
            errors.update(exc.detail)
        if errors:
            raise serializers.ValidationError(errors)
        return value
