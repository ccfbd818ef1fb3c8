"""The outcome of a rule as every calculator answers it (the rule engine's ``Outcome.as_dict``, and the
savings check's outcomes of the same shape), documented once for the API schema."""

from rest_framework import serializers


class OutcomeSerializer(serializers.Serializer):
    rule = serializers.CharField()
    passed = serializers.BooleanField()
    level = serializers.ChoiceField(choices=["error", "warning"])
    message = serializers.CharField()
    values = serializers.DictField()
