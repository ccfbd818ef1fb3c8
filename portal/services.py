"""Writes for accounts and organisations. Every write validates the model, runs in one
transaction and is attributed to its actor in the audit trail. Also the working-day deadline,
a computation that stores nothing."""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import calendar, selectors
from portal.audit import audit_context
from portal.models import (
    Company,
    CompanyContact,
    CounsellingUnit,
    ProgrammeOffice,
    QualificationRegistration,
    Role,
    User,
)
from portal.permissions import check_fields_writable
from portal.validators import validate_calendar_day, validate_working_days

COMPANY_FIELDS = (
    "ubn", "name", "registration", "factory_registered", "factory_registration_no", "industry_codes",
    "business_items", "employees", "paid_in_capital", "net_worth", "prc_capital", "bank_refused",
    "tax_arrears_3y", "pcc_refused", "serious_violation_3y", "site_in_roc", "address",
)  # fmt: skip
UNIT_FIELDS = (
    "kind", "ubn", "name", "registration", "factory_registered", "factory_registration_no", "industry_codes",
    "net_worth", "moe_accredited", "prc_capital", "bank_refused", "tax_arrears_3y", "pcc_refused", "address",
)  # fmt: skip
CONTACT_FIELDS = ("name", "title", "phone", "email", "is_primary")
QUALIFICATION_FIELDS = ("category", "registration_no", "expires_on")


def _assign(instance, data: Mapping[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), _("Unknown field.")))
    for name, value in data.items():
        setattr(instance, name, value)
    if hasattr(instance, "factory_registered") and not instance.factory_registered:
        instance.factory_registration_no = ""
    if isinstance(getattr(instance, "industry_codes", None), list):
        instance.industry_codes = sorted(instance.industry_codes)


def _replace_children(*, parent_field: str, parent, model, rows: list[Mapping[str, Any]], fields) -> None:
    model.objects.filter(**{parent_field: parent}).delete()
    for row in rows:
        child = model(**{parent_field: parent})
        _assign(child, row, fields)
        child.full_clean(exclude=[parent_field])
        child.save()


def _changed(instance, data: Mapping[str, Any]) -> list[str]:
    """The fields of ``data`` whose value differs from the instance's (sent unchanged, a field is no change)."""
    return [name for name, value in data.items() if getattr(instance, name, None) != value]


def _qualifications_changed(unit: CounsellingUnit, rows: list[Mapping[str, Any]]) -> bool:
    def key(category, number, expires) -> tuple:
        return str(category), str(number or ""), str(expires)

    now = sorted(key(q.category, q.registration_no, q.expires_on) for q in unit.qualifications.all())
    given = sorted(key(r.get("category"), r.get("registration_no"), r.get("expires_on")) for r in rows)
    return now != given


def _check_one_primary(contacts: list[Mapping[str, Any]]) -> None:
    if sum(1 for c in contacts if c.get("is_primary")) > 1:
        raise ValidationError({"contacts": ValidationError(_("Only one contact can be the primary contact."))})


@transaction.atomic
def company_create(*, actor: User | None, data: Mapping[str, Any], contacts: list | None = None) -> Company:
    with audit_context(actor=actor, action="company_create"):
        company = Company()
        _assign(company, data, COMPANY_FIELDS)
        company.full_clean()
        company.save()
        if contacts:
            _check_one_primary(contacts)
            _replace_children(
                parent_field="company", parent=company, model=CompanyContact, rows=contacts, fields=CONTACT_FIELDS
            )
        return company


@transaction.atomic
def company_update(*, actor: User, company: Company, data: Mapping[str, Any], contacts: list | None = None) -> Company:
    with audit_context(actor=actor, action="company_update"):
        company = Company.objects.select_for_update().get(pk=company.pk)
        check_fields_writable(actor, company, _changed(company, data))
        _assign(company, data, COMPANY_FIELDS)
        company.full_clean()
        company.save()
        if contacts is not None:
            _check_one_primary(contacts)
            _replace_children(
                parent_field="company", parent=company, model=CompanyContact, rows=contacts, fields=CONTACT_FIELDS
            )
        return company


@transaction.atomic
def counselling_unit_create(
    *, actor: User | None, data: Mapping[str, Any], qualifications: list | None = None
) -> CounsellingUnit:
    with audit_context(actor=actor, action="counselling_unit_create"):
        unit = CounsellingUnit()
        _assign(unit, data, UNIT_FIELDS)
        unit.full_clean()
        unit.save()
        if qualifications:
            _replace_children(
                parent_field="unit",
                parent=unit,
                model=QualificationRegistration,
                rows=qualifications,
                fields=QUALIFICATION_FIELDS,
            )
        return unit


@transaction.atomic
def counselling_unit_update(
    *, actor: User, unit: CounsellingUnit, data: Mapping[str, Any], qualifications: list | None = None
) -> CounsellingUnit:
    with audit_context(actor=actor, action="counselling_unit_update"):
        unit = CounsellingUnit.objects.select_for_update().get(pk=unit.pk)
        changed = _changed(unit, data)
        if qualifications is not None and _qualifications_changed(unit, qualifications):
            changed.append("qualifications")
        check_fields_writable(actor, unit, changed)
        _assign(unit, data, UNIT_FIELDS)
        unit.full_clean()
        unit.save()
        if qualifications is not None:
            categories = [q.get("category") for q in qualifications]
            if len(set(categories)) != len(categories):
                raise ValidationError(
                    {"qualifications": ValidationError(_("Each qualification category may be registered only once."))}
                )
            _replace_children(
                parent_field="unit",
                parent=unit,
                model=QualificationRegistration,
                rows=qualifications,
                fields=QUALIFICATION_FIELDS,
            )
        return unit


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    email: str,
    full_name: str,
    role: str,
    password: str | None,
    company: Company | None = None,
    counselling_unit: CounsellingUnit | None = None,
    programme_office: ProgrammeOffice | None = None,
    **extra: Any,
) -> User:
    with audit_context(actor=actor, action="user_create"):
        user = User(
            email=User.objects.normalize_email(email).lower(),
            full_name=full_name,
            role=role,
            company=company,
            counselling_unit=counselling_unit,
            programme_office=programme_office,
            is_staff=(role == Role.ADMIN),
            **extra,
        )
        if password is not None:
            validate_password(password, user)
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        return user


@transaction.atomic
def applicant_register(
    *,
    company_data: Mapping[str, Any],
    email: str,
    full_name: str,
    password: str,
    phone: str = "",
    confirmed: bool = True,
) -> User:
    """Self-registration of a manufacturer: the company profile and its first applicant user, who signs in once
    ``confirmed`` (applicant_confirm, from the link mailed to the address)."""
    company = company_create(actor=None, data=company_data)
    user = user_create(
        actor=None,
        email=email,
        full_name=full_name,
        role=Role.APPLICANT,
        password=password,
        company=company,
        phone=phone,
        is_active=confirmed,
    )
    with audit_context(actor=user, action="applicant_register"):
        return user


@transaction.atomic
def applicant_confirm(*, user: User) -> User:
    """The registration confirmed from the link mailed to the address: the account may sign in."""
    with audit_context(actor=user, action="applicant_confirm"):
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active"])
        return user


def signups_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the sign-ups never confirmed within ``SIGNUP_UNCONFIRMED_DAYS`` — the account and the company
    profile its sign-up created — so that the address and the UBN may register again. Each in a transaction of
    its own, on the locked row; one whose company has come to hold anything else (a case, a carbon inventory)
    stays. Returns how many were deleted."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.SIGNUP_UNCONFIRMED_DAYS)
    purged = 0
    for pk in list(selectors.unconfirmed_signups(joined_before=cutoff).values_list("pk", flat=True)):
        try:
            with transaction.atomic(), audit_context(actor=None, action="signups_purge"):
                user = User.objects.select_for_update(of=("self",)).select_related("company").filter(pk=pk).first()
                if user is None or not selectors.unconfirmed_signups(joined_before=cutoff).filter(pk=pk).exists():
                    continue  # confirmed (or changed) meanwhile
                company = user.company
                user.delete()
                company.delete()
                purged += 1
        except ProtectedError:
            continue
    return purged


# --- the working-day calendar ----------------------------------------------------------------------

DEADLINE_MARGIN_DAYS = 30  # calendar days loaded beyond two per working day: covers the longest breaks


def deadline_compute(*, start: datetime.date, working_days: int) -> datetime.date:
    """The due day ``working_days`` government working days from ``start`` (day 1 when it is a working
    day), with the administrators' overrides. Loads the overrides of a generous range in one query and
    loads more only when overrides push the due day past it."""
    errors: dict[str, ValidationError] = {}
    for name, value, validate in (
        ("start", start, validate_calendar_day),
        ("working_days", working_days, validate_working_days),
    ):
        try:
            validate(value)
        except ValidationError as exc:
            errors[name] = exc
    if errors:
        raise ValidationError(errors)
    span = datetime.timedelta(days=2 * working_days + DEADLINE_MARGIN_DAYS)
    loaded_until = min(start + span, calendar.LAST_DAY)
    overrides = selectors.calendar_overrides_between(start=start, end=loaded_until)
    while True:
        try:
            due = calendar.deadline_due(start=start, working_days=working_days, overrides=overrides)
        except calendar.OutsideCalendar:
            due = None
        if due is not None and due <= loaded_until:
            return due  # every day counted lies in the loaded range
        if loaded_until >= calendar.LAST_DAY:
            raise ValidationError(
                {
                    "working_days": ValidationError(
                        _("The deadline would fall after %(last)s, the end of the working-day calendar."),
                        code="outside_calendar",
                        params={"last": calendar.LAST_DAY.isoformat()},
                    )
                }
            )
        extended_until = min(loaded_until + span, calendar.LAST_DAY)
        overrides |= selectors.calendar_overrides_between(start=loaded_until + calendar.ONE_DAY, end=extended_until)
        loaded_until = extended_until
