"""Organisations: the programme office, manufacturers (Company) and counselling units."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

from portal.audit import audited
from portal.validators import (
    validate_business_items,
    validate_factory_registration_no,
    validate_industry_codes,
    validate_ubn,
)

models.CharField.register_lookup(Length)


class RegistrationKind(models.TextChoices):
    COMPANY = "company", _("Company registration")
    BUSINESS = "business", _("Business registration")
    NONE = "none", _("Not registered")


class UnitKind(models.TextChoices):
    COMPANY = "company", _("Company")
    UNIVERSITY = "university", _("University")
    LEGAL_PERSON = "legal_person", _("Legal person (foundation / institute)")


class QualificationCategory(models.TextChoices):
    AU = "AU", _("AU — automation")
    IT = "IT", _("IT — information technology")
    DA = "DA", _("DA — data economy")
    SI = "SI", _("SI — system integration")
    AI = "AI", _("AI — artificial intelligence")
    SD = "SD", _("SD — sustainable development")
    SD3 = "SD3", _("SD3 — sustainable development (3)")
    SD6 = "SD6", _("SD6 — sustainable development (6)")


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


@audited()
class ProgrammeOffice(TimeStamped):
    name = models.CharField(_("name"), max_length=200)
    ministry_unit = models.CharField(_("ministry unit"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("programme office")
        verbose_name_plural = _("programme offices")

    def __str__(self) -> str:
        return self.name


class Declarations(models.Model):
    """The self-declarations every eligibility screening asks for (programmes.md §0)."""

    prc_capital = models.BooleanField(_("has mainland-China (PRC) capital"), default=False)
    bank_refused = models.BooleanField(_("company or responsible person refused by a bank"), default=False)
    tax_arrears_3y = models.BooleanField(_("unpaid taxes in the last 3 years"), default=False)
    pcc_refused = models.BooleanField(_("on the PCC refused-vendor list"), default=False)

    class Meta:
        abstract = True


@audited()
class Company(TimeStamped, Declarations):
    ubn = models.CharField(
        _("Unified Business Number"),
        max_length=8,
        unique=True,
        validators=[validate_ubn],
        error_messages={"unique": _("A company with this Unified Business Number is already registered.")},
    )
    name = models.CharField(_("company name"), max_length=200)
    registration = models.CharField(
        _("registration kind"), max_length=16, choices=RegistrationKind.choices, default=RegistrationKind.COMPANY
    )
    factory_registered = models.BooleanField(_("holds a factory registration"), default=False)
    factory_registration_no = models.CharField(
        _("factory registration number"), max_length=8, blank=True, validators=[validate_factory_registration_no]
    )
    industry_codes = models.JSONField(
        _("industry codes (ROC SIC)"), default=list, blank=True, validators=[validate_industry_codes]
    )
    business_items = models.JSONField(
        _("business-item codes"), default=list, blank=True, validators=[validate_business_items]
    )
    employees = models.PositiveIntegerField(_("regular employees"), default=0)
    paid_in_capital = models.PositiveBigIntegerField(_("paid-in capital (NT$)"), default=0)
    net_worth = models.BigIntegerField(_("net worth (NT$)"), default=0)
    serious_violation_3y = models.BooleanField(
        _("serious environmental, labour, food-safety or disability-rights violation in 3 years"), default=False
    )
    site_in_roc = models.BooleanField(_("counselling / verification site is in the ROC"), default=True)
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["name"], name="company_name_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(ubn__length=8), name="company_ubn_8_chars"),
            models.CheckConstraint(
                condition=Q(factory_registered=False) | ~Q(factory_registration_no=""),
                name="company_factory_no_when_registered",
                violation_error_message=_("Enter the factory registration number."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.ubn}）"


@audited()
class CompanyContact(TimeStamped):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("company"))
    name = models.CharField(_("name"), max_length=100)
    title = models.CharField(_("job title"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_primary = models.BooleanField(_("primary contact"), default=False)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")
        ordering = ["-is_primary", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["company"],
                condition=Q(is_primary=True),
                name="company_one_primary_contact",
                violation_error_message=_("Only one contact can be the primary contact."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


@audited()
class CounsellingUnit(TimeStamped, Declarations):
    kind = models.CharField(_("kind"), max_length=16, choices=UnitKind.choices)
    ubn = models.CharField(
        _("Unified Business Number"),
        max_length=8,
        unique=True,
        validators=[validate_ubn],
        error_messages={"unique": _("A counselling unit with this Unified Business Number is already registered.")},
    )
    name = models.CharField(_("name"), max_length=200)
    registration = models.CharField(
        _("registration kind"), max_length=16, choices=RegistrationKind.choices, default=RegistrationKind.COMPANY
    )
    factory_registered = models.BooleanField(_("holds a factory registration"), default=False)
    factory_registration_no = models.CharField(
        _("factory registration number"), max_length=8, blank=True, validators=[validate_factory_registration_no]
    )
    industry_codes = models.JSONField(
        _("industry codes (ROC SIC)"), default=list, blank=True, validators=[validate_industry_codes]
    )
    net_worth = models.BigIntegerField(_("net worth (NT$)"), default=0)
    moe_accredited = models.BooleanField(_("university accredited by the Ministry of Education"), default=False)
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("counselling unit")
        verbose_name_plural = _("counselling units")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["name"], name="unit_name_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(ubn__length=8), name="unit_ubn_8_chars"),
            models.CheckConstraint(condition=Q(kind__in=[k.value for k in UnitKind]), name="unit_kind_known"),
        ]

    def __str__(self) -> str:
        return self.name


@audited()
class QualificationRegistration(TimeStamped):
    """技術服務能量登錄: one category registration of a counselling unit, valid until its expiry."""

    unit = models.ForeignKey(
        CounsellingUnit, on_delete=models.CASCADE, related_name="qualifications", verbose_name=_("counselling unit")
    )
    category = models.CharField(_("category"), max_length=4, choices=QualificationCategory.choices)
    registration_no = models.CharField(_("registration number"), max_length=40, blank=True)
    expires_on = models.DateField(_("valid until"))

    class Meta:
        verbose_name = _("qualification registration")
        verbose_name_plural = _("qualification registrations")
        ordering = ["category"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "category"],
                name="unit_one_registration_per_category",
                violation_error_message=_("Each qualification category may be registered only once."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} → {self.expires_on:%Y-%m-%d}"
