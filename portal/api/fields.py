"""Strict JSON fields for the public calculators: money is an integer, a flag is true/false, no floats
where the contract wants decimal strings — anything else is a 400 with a clear message."""

import re
from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal.limits import MONEY_MAX


class MoneyField(serializers.Field):  # its schema: portal.api.schema.MoneyFieldExtension
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

    @classmethod
    def string_pattern(cls) -> str:
        """A decimal string as the schema documents it (portal/api/schema.py) and as it is accepted."""
        return rf"^-?[0-9]{{1,{cls.INTEGER_DIGITS}}}(\.[0-9]{{1,{cls.PLACES}}})?$"

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (int, float, str)):
            self.fail("invalid")
        if isinstance(data, str) and not re.fullmatch(self.string_pattern(), data):
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


class StrictCharField(serializers.CharField):
    """Text only: DRF's CharField would take 0 or true and store "0" or "True"."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictChoiceField(serializers.ChoiceField):
    """One of the choices as the string the schema lists: DRF's ChoiceField would take 1 for "1"."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer only: DRF's IntegerField would take "12", 12.0 and true."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(FlagField, serializers.BooleanField):
    """true or false only: DRF's BooleanField would take "yes", "on" and 1."""


# Refuses keys it does not know (a typo would otherwise be silently ignored); the schema says so with
# ``additionalProperties: false`` (portal/api/schema.py). (Comments, not docstrings: drf-spectacular would show
# an inherited docstring as the description of every serializer.)
class RefusesUnknownFields:
    default_error_messages = {"unknown": _("Unknown field.")}

    def to_internal_value(self, data):
        writable = {name for name, field in self.fields.items() if not field.read_only}
        unknown = sorted(set(data) - writable) if isinstance(data, dict) else []
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


class StrictSerializer(RefusesUnknownFields, serializers.Serializer):
    pass


# A model's fields as strict as the schema says: text is a string, a number an integer, a flag a boolean.
class StrictModelSerializer(RefusesUnknownFields, serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.IntegerField: StrictIntegerField,
        models.BigIntegerField: StrictIntegerField,
        models.SmallIntegerField: StrictIntegerField,
        models.PositiveIntegerField: StrictIntegerField,
        models.PositiveBigIntegerField: StrictIntegerField,
        models.PositiveSmallIntegerField: StrictIntegerField,
        models.BooleanField: StrictBooleanField,
    }
    serializer_choice_field = StrictChoiceField
