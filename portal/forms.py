import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal.limits import MONEY_MAX, QUANTITY_MAX, QUANTITY_QUANTUM
from portal.models import Company, CompanyContact, CounsellingUnit, QualificationRegistration, User
from portal.permissions import fields_reserved
from portal.validators import validate_business_items, validate_industry_codes, validate_ubn

CODE_SPLIT = re.compile(r"[\s,，、;；]+")
THOUSANDS = str.maketrans("", "", ",，")  # 1,280,000 and 1，280，000 as people type them


# --- numbers typed in the cells of a grid (budget lines, monthly activity, utility savings) ---------------


def parse_money(text: str, *, allow_negative: bool = False) -> int:
    """Whole NT$ as typed ("1,280,000"), within MONEY_MAX; ValidationError with the reader's message."""
    try:
        value = int(text.translate(THOUSANDS).strip())
    except ValueError:
        raise ValidationError(_("Enter a whole number of NT$.")) from None
    if value < 0 and not allow_negative:
        raise ValidationError(_("An amount cannot be negative."))
    if abs(value) > MONEY_MAX:
        raise ValidationError(_("This amount is too large."))
    return value


def parse_quantity(text: str) -> Decimal:
    """A quantity as typed ("25,000.5"), from 0 to QUANTITY_MAX, rounded half up to QUANTITY_QUANTUM;
    ValidationError otherwise."""
    try:
        value = Decimal(text.translate(THOUSANDS).strip())
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise ValidationError(_("Enter a number."))
    if value < 0:
        raise ValidationError(_("A quantity cannot be negative."))
    if value > QUANTITY_MAX:
        raise ValidationError(_("This quantity is too large."))
    return value.quantize(QUANTITY_QUANTUM, rounding=ROUND_HALF_UP)


class CodeListField(forms.CharField):
    """A list of codes typed as text: ``2912, 2919`` → ``["2912", "2919"]``."""

    def __init__(self, *, list_validators=(), upper=False, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.list_validators = list(list_validators)
        self.upper = upper

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        codes = [c for c in CODE_SPLIT.split(text.strip()) if c]
        return [c.upper() for c in codes] if self.upper else codes

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")

    def run_validators(self, value):
        errors = []
        for validator in self.list_validators:
            try:
                validator(value)
            except ValidationError as exc:
                errors.extend(exc.error_list)
        if errors:
            raise ValidationError(errors)


class OrganisationFormMixin:
    """A company's or a unit's form for ``user``: the fields reserved to others (portal.permissions) are shown
    but disabled, so what is posted for them is ignored."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        target = self.instance if self.instance.pk else type(self.instance)
        for name in fields_reserved(user, target, self.fields):
            self.fields[name].disabled = True

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("factory_registered") and not cleaned.get("factory_registration_no"):
            self.add_error("factory_registration_no", _("Enter the factory registration number."))
        if not cleaned.get("factory_registered"):
            cleaned["factory_registration_no"] = ""
        return cleaned


class CompanyForm(OrganisationFormMixin, forms.ModelForm):
    industry_codes = CodeListField(
        label=_("Industry codes (ROC SIC)"),
        help_text=_("2 to 4 digits each, separated by commas, e.g. 2912, 2919."),
        list_validators=[validate_industry_codes],
    )
    business_items = CodeListField(
        label=_("Business-item codes"),
        help_text=_("e.g. CB01, CA01010"),
        list_validators=[validate_business_items],
        upper=True,
    )

    class Meta:
        model = Company
        fields = [
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
            "address",
            "site_in_roc",
            "prc_capital",
            "bank_refused",
            "tax_arrears_3y",
            "pcc_refused",
            "serious_violation_3y",
        ]


class CompanyContactForm(forms.ModelForm):
    class Meta:
        model = CompanyContact
        fields = ["name", "title", "phone", "email", "is_primary"]


class BaseContactFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        primaries = [
            f
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("is_primary")
        ]
        if len(primaries) > 1:
            raise ValidationError(_("Only one contact can be the primary contact."))

    def rows(self) -> list[dict]:
        return [
            {k: f.cleaned_data[k] for k in CompanyContactForm.Meta.fields}
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("name")
        ]


ContactFormSet = forms.inlineformset_factory(
    Company, CompanyContact, form=CompanyContactForm, formset=BaseContactFormSet, extra=1, can_delete=True, max_num=10
)


class CounsellingUnitForm(OrganisationFormMixin, forms.ModelForm):
    industry_codes = CodeListField(
        label=_("Industry codes (ROC SIC)"),
        help_text=_("2 to 4 digits each, separated by commas, e.g. 2912, 2919."),
        list_validators=[validate_industry_codes],
    )

    class Meta:
        model = CounsellingUnit
        fields = [
            "kind",
            "ubn",
            "name",
            "registration",
            "factory_registered",
            "factory_registration_no",
            "industry_codes",
            "net_worth",
            "moe_accredited",
            "address",
            "prc_capital",
            "bank_refused",
            "tax_arrears_3y",
            "pcc_refused",
        ]


class QualificationForm(forms.ModelForm):
    class Meta:
        model = QualificationRegistration
        fields = ["category", "registration_no", "expires_on"]
        widgets = {"expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class BaseQualificationFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        categories = [
            f.cleaned_data["category"]
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("category")
        ]
        if len(set(categories)) != len(categories):
            raise ValidationError(_("Each qualification category may be registered only once."))

    def rows(self) -> list[dict]:
        return [
            {k: f.cleaned_data[k] for k in QualificationForm.Meta.fields}
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("category")
        ]


QualificationFormSet = forms.inlineformset_factory(
    CounsellingUnit,
    QualificationRegistration,
    form=QualificationForm,
    formset=BaseQualificationFormSet,
    extra=1,
    can_delete=True,
    max_num=len(QualificationRegistration._meta.get_field("category").choices),
)


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    def clean_username(self):
        return self.cleaned_data["username"].lower()


class SignupForm(forms.Form):
    ubn = forms.CharField(label=_("Unified Business Number"), max_length=8, min_length=1, validators=[validate_ubn])
    company_name = forms.CharField(label=_("Company name"), max_length=200)
    full_name = forms.CharField(label=_("Your name"), max_length=100)
    email = forms.EmailField(label=_("Email"))
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_ubn(self):
        ubn = self.cleaned_data["ubn"]
        if Company.objects.filter(ubn=ubn).exists():
            raise ValidationError(
                _(
                    "This company is already registered. Ask a colleague who has an account to add you, "
                    "or contact the programme office."
                ),
                code="ubn_taken",
            )
        return ubn

    def clean_email(self):
        # whether an account has this address is not said here (that would tell anyone): the page answers
        # alike, and the e-mail to the address tells its owner (portal.views.accounts.signup)
        return self.cleaned_data["email"].lower()

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            probe = User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(p1, probe)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class QueuedPasswordResetForm(PasswordResetForm):
    """Sends the reset email from a Celery task once the request's transaction commits."""

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        from django.template import loader

        from portal.jobs import task_send_quietly
        from portal.tasks import email_send

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        transaction.on_commit(
            lambda: task_send_quietly(email_send, subject=subject, body=body, to=[to_email], from_email=from_email)
        )
