from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers

from portal import services
from portal.api.fields import StrictCharField, StrictModelSerializer, StrictSerializer
from portal.models import Company, CompanyContact, CounsellingUnit, QualificationRegistration, User
from portal.validators import (
    validate_business_items,
    validate_calendar_day,
    validate_industry_codes,
    validate_working_days,
)

ISO_DATE = "%Y-%m-%d"


class AccountLocked(exceptions.PermissionDenied):
    default_detail = _("Too many failed sign-in attempts. The account is locked for a while; try again later.")
    default_code = "locked"


class CompanyContactSerializer(StrictModelSerializer):
    class Meta:
        model = CompanyContact
        fields = ["name", "title", "phone", "email", "is_primary"]


class CompanySerializer(StrictModelSerializer):
    industry_codes = serializers.ListField(
        child=StrictCharField(max_length=10), required=False, validators=[validate_industry_codes]
    )
    business_items = serializers.ListField(
        child=StrictCharField(max_length=10), required=False, validators=[validate_business_items]
    )
    contacts = CompanyContactSerializer(many=True, required=False)

    class Meta:
        model = Company
        fields = [
            "id",
            "ubn",
            "name",
            "registration",
            "factory_registered",
            "factory_registration_no",
            "industry_codes",
            "business_items",
            "employees",
            "paid_in_capital",
            "net_worth",
            "prc_capital",
            "bank_refused",
            "tax_arrears_3y",
            "pcc_refused",
            "serious_violation_3y",
            "site_in_roc",
            "address",
            "contacts",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def validate(self, attrs):
        registered = attrs.get("factory_registered", getattr(self.instance, "factory_registered", False))
        number = attrs.get("factory_registration_no", getattr(self.instance, "factory_registration_no", ""))
        if registered and not number:
            raise serializers.ValidationError({"factory_registration_no": _("Enter the factory registration number.")})
        contacts = attrs.get("contacts") or []
        if sum(1 for c in contacts if c.get("is_primary")) > 1:
            raise serializers.ValidationError({"contacts": _("Only one contact can be the primary contact.")})
        return attrs

    def create(self, validated_data):
        contacts = validated_data.pop("contacts", None)
        return services.company_create(actor=self.context["request"].user, data=validated_data, contacts=contacts)

    def update(self, instance, validated_data):
        contacts = validated_data.pop("contacts", None)
        return services.company_update(
            actor=self.context["request"].user, company=instance, data=validated_data, contacts=contacts
        )


class QualificationSerializer(StrictModelSerializer):
    class Meta:
        model = QualificationRegistration
        fields = ["category", "registration_no", "expires_on"]

    def validate(self, attrs):
        # a registration is replaced whole, also in a PATCH of its unit (where DRF would not require its fields)
        missing = {name: [_("This field is required.")] for name in ("category", "expires_on") if name not in attrs}
        if missing:
            raise serializers.ValidationError(missing)
        return attrs


class CounsellingUnitSerializer(StrictModelSerializer):
    industry_codes = serializers.ListField(
        child=StrictCharField(max_length=10), required=False, validators=[validate_industry_codes]
    )
    qualifications = QualificationSerializer(many=True, required=False)

    class Meta:
        model = CounsellingUnit
        fields = [
            "id",
            "kind",
            "ubn",
            "name",
            "registration",
            "factory_registered",
            "factory_registration_no",
            "industry_codes",
            "net_worth",
            "moe_accredited",
            "prc_capital",
            "bank_refused",
            "tax_arrears_3y",
            "pcc_refused",
            "address",
            "qualifications",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def validate_qualifications(self, value):
        categories = [q.get("category") for q in value]
        if len(set(categories)) != len(categories):
            raise serializers.ValidationError(_("Each qualification category may be registered only once."))
        return value

    def validate(self, attrs):
        registered = attrs.get("factory_registered", getattr(self.instance, "factory_registered", False))
        number = attrs.get("factory_registration_no", getattr(self.instance, "factory_registration_no", ""))
        if registered and not number:
            raise serializers.ValidationError({"factory_registration_no": _("Enter the factory registration number.")})
        return attrs

    def create(self, validated_data):
        qualifications = validated_data.pop("qualifications", None)
        return services.counselling_unit_create(
            actor=self.context["request"].user, data=validated_data, qualifications=qualifications
        )

    def update(self, instance, validated_data):
        qualifications = validated_data.pop("qualifications", None)
        return services.counselling_unit_update(
            actor=self.context["request"].user, unit=instance, data=validated_data, qualifications=qualifications
        )


class MeSerializer(serializers.ModelSerializer):
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "role", "role_label", "company", "counselling_unit", "programme_office"]
        read_only_fields = fields


class TokenRequestSerializer(StrictSerializer):
    email = serializers.EmailField(max_length=254)
    password = StrictCharField(trim_whitespace=False, write_only=True, max_length=128)

    def validate(self, attrs):
        request = self.context["request"]
        user = authenticate(request=request, username=attrs["email"].lower(), password=attrs["password"])
        if user is None and getattr(request, "axes_locked_out", False):
            raise AccountLocked()
        if user is None:
            raise serializers.ValidationError(_("The email or password is incorrect."), code="authorization")
        attrs["user"] = user
        return attrs


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class DeadlineQuerySerializer(serializers.Serializer):
    """The query of the deadline calculator."""

    start = serializers.DateField(input_formats=[ISO_DATE], validators=[validate_calendar_day])
    working_days = serializers.IntegerField(validators=[validate_working_days])


class DeadlineSerializer(serializers.Serializer):
    start = serializers.DateField(format=ISO_DATE)
    working_days = serializers.IntegerField()
    due = serializers.DateField(format=ISO_DATE)
