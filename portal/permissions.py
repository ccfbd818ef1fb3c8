"""Who may do what — the one place. Object predicates (``rules``) answer ``user.has_perm``
for views, the API and the admin; the ``*_visible_to`` filters give the same answer as
querysets, so lists and details never disagree."""

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from portal.models import Company, CounsellingUnit, Role


def _active(user) -> bool:
    return user.is_authenticated and user.is_active


@rules.predicate
def is_applicant(user) -> bool:
    return _active(user) and user.role == Role.APPLICANT


@rules.predicate
def is_counsellor(user) -> bool:
    return _active(user) and user.role == Role.COUNSELLOR


@rules.predicate
def is_reviewer(user) -> bool:
    return _active(user) and user.role == Role.REVIEWER


@rules.predicate
def is_officer(user) -> bool:
    return _active(user) and user.role == Role.OFFICER


@rules.predicate
def is_admin(user) -> bool:
    return _active(user) and user.role == Role.ADMIN


@rules.predicate
def is_accountant(user) -> bool:
    return _active(user) and user.role == Role.ACCOUNTANT


is_office = is_officer | is_admin


@rules.predicate
def is_company_member(user, company) -> bool:
    return company is not None and _active(user) and user.company_id == company.pk


@rules.predicate
def is_unit_member(user, unit) -> bool:
    return unit is not None and _active(user) and user.counselling_unit_id == unit.pk


@rules.predicate
def is_self(user, other) -> bool:
    return other is not None and _active(user) and user.pk == other.pk


# Companies: the firm's own members and the programme office.
rules.add_perm("portal.view_company", is_office | is_company_member)
rules.add_perm("portal.change_company", is_admin | is_company_member)
rules.add_perm("portal.add_company", is_admin)
rules.add_perm("portal.delete_company", is_admin)
rules.add_perm("portal.view_companycontact", is_office | is_applicant)
rules.add_perm("portal.change_companycontact", is_admin)

# Counselling units: a public directory for signed-in users; edited by their members and admins.
is_signed_in = rules.predicate(_active, name="is_signed_in")

rules.add_perm("portal.view_counsellingunit", is_signed_in)
rules.add_perm("portal.change_counsellingunit", is_admin | is_unit_member)
rules.add_perm("portal.add_counsellingunit", is_admin)
rules.add_perm("portal.delete_counsellingunit", is_admin)
rules.add_perm("portal.view_qualificationregistration", is_signed_in)
rules.add_perm("portal.change_qualificationregistration", is_admin)
rules.add_perm("portal.add_qualificationregistration", is_admin)
rules.add_perm("portal.delete_qualificationregistration", is_admin)

# The working-day calendar's overrides: anyone signed in may read them; administrators keep them.
rules.add_perm("portal.view_calendaroverride", is_signed_in)
rules.add_perm("portal.add_calendaroverride", is_admin)
rules.add_perm("portal.change_calendaroverride", is_admin)
rules.add_perm("portal.delete_calendaroverride", is_admin)

# Users, the programme office and the audit trail: administrators.
rules.add_perm("portal.view_user", is_admin | is_self)
rules.add_perm("portal.change_user", is_admin)
rules.add_perm("portal.add_user", is_admin)
rules.add_perm("portal.view_programmeoffice", is_office)
rules.add_perm("portal.change_programmeoffice", is_admin)
# The audit trail: the office; each user reads the tables of what they may view in full (audit_tables_visible_to).
rules.add_perm("portal.view_auditevent", is_office)
rules.add_perm("portal", is_admin)  # the admin site's app index
rules.add_perm("authtoken", is_admin)
rules.add_perm("authtoken.view_tokenproxy", is_admin)
rules.add_perm("authtoken.delete_tokenproxy", is_admin)

# Pages.
rules.add_perm("portal.view_office_lists", is_office)


# --- Fields ------------------------------------------------------------------------------------------------
# Some fields of an object a person may change are reserved to fewer people. Each is a permission
# "<app>.change_<model>.<field>" asked on top of "<app>.change_<model>"; a field without one goes with the
# object. Pages disable the fields a person may not write, the services refuse changes to them (so the API
# does too, with the field named), and the admin shows them read-only: all through field_writable.


def field_perm(model, field: str) -> str:
    return f"{model._meta.app_label}.change_{model._meta.model_name}.{field}"


def add_field_perm(model, field: str, predicate) -> None:
    rules.add_perm(field_perm(model, field), predicate)


def field_writable(user, obj_or_model, field: str) -> bool:
    """May ``user`` set ``field`` of the object (or of a new one of the model)? Only the field's own rule."""
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    name = field_perm(model, field)
    if not rules.perm_exists(name):
        return True
    return user.has_perm(name, None if isinstance(obj_or_model, type) else obj_or_model)


def fields_reserved(user, obj_or_model, fields) -> list[str]:
    """Those of ``fields`` that ``user`` may not write."""
    return [field for field in fields if not field_writable(user, obj_or_model, field)]


class FieldsNotWritable(PermissionDenied):
    """A change to fields reserved to others: 403, naming each field (portal/api/errors.py)."""

    message = _("Only the programme office's administrators can change this.")

    def __init__(self, fields: list[str]):
        super().__init__(str(self.message))
        self.fields = fields


def check_fields_writable(user, obj, changed) -> None:
    """Raise FieldsNotWritable when ``changed`` (the names of the fields whose value would change) includes
    fields ``user`` may not write on ``obj``."""
    reserved = fields_reserved(user, obj, changed)
    if reserved:
        raise FieldsNotWritable(reserved)


# A company's and a unit's UBN identify them in the government registers: set when they are registered,
# corrected by administrators. A unit's kind and its technical-service registrations (qualifications) are
# verified by the programme office.
add_field_perm(Company, "ubn", is_admin)
add_field_perm(CounsellingUnit, "ubn", is_admin)
add_field_perm(CounsellingUnit, "kind", is_admin)
add_field_perm(CounsellingUnit, "qualifications", is_admin)


def companies_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = Company.objects.all() if queryset is None else queryset
    if not _active(user):
        return queryset.none()
    if user.role in (Role.OFFICER, Role.ADMIN):
        return queryset
    if user.role == Role.APPLICANT:
        return queryset.filter(pk=user.company_id)
    return queryset.none()


def units_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = CounsellingUnit.objects.all() if queryset is None else queryset
    return queryset if _active(user) else queryset.none()


def units_editable_by(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = CounsellingUnit.objects.all() if queryset is None else queryset
    if not _active(user):
        return queryset.none()
    if user.role == Role.ADMIN:
        return queryset
    return queryset.filter(Q(pk=user.counselling_unit_id)) if user.counselling_unit_id else queryset.none()


def audit_tables_visible_to(user) -> dict[str, str]:
    """The audited tables whose trail ``user`` may read, with their names: administrators every one, officers
    those of the records they may view in full (cases and their parts, companies, units, …), others none."""
    from portal.audit import audited_models

    if not (_active(user) and user.has_perm("portal.view_auditevent")):
        return {}
    return {
        model._meta.db_table: str(model._meta.verbose_name)
        for model in audited_models()
        if user.role == Role.ADMIN or user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
    }


def audit_events_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    from portal.models import AuditEvent

    queryset = AuditEvent.objects.all() if queryset is None else queryset
    tables = audit_tables_visible_to(user)
    if user.is_authenticated and user.role == Role.ADMIN:
        return queryset
    return queryset.filter(table_name__in=list(tables)) if tables else queryset.none()
