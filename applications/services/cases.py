"""Writes of a case's proposal: creation (with its reference number) and edits of the draft. Each write
runs in one transaction on the locked row, raises the case's version and refreshes its stored check."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import validation as v
from applications.checks import check_snapshot, window_outcome
from applications.models import Case, CaseSerial, CaseStatus, StaffMember
from applications.models.cases import WITHDRAWN_STATUSES
from portal.audit import audit_context
from portal.models import Company, CounsellingUnit, Role, User
from programs.models import Edition, EditionStatus
from programs.rulesets import ruleset_for

# The parts of a proposal a person may write, besides the company and edition fixed at creation.
PROPOSAL_FIELDS = (
    "title",
    "unit",
    "period",
    "budget",
    "facts",
    "needs",
    "solution",
    "kpis",
    "checkpoints",
    "declarations",
    "staff",
)
TEXT_MAX = 20000


class CaseConflict(Exception):
    """The case is not editable in its status."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class StaleCase(CaseConflict):
    """Someone else saved the case since the person's copy was read."""


def _next_reference(edition_code: str) -> str:
    serial, _created = CaseSerial.objects.select_for_update().get_or_create(edition_code=edition_code)
    serial.last += 1
    serial.save(update_fields=["last"])
    return f"{edition_code}-{serial.last:04d}"


def _check_unit(
    errors: v.Errors, *, edition_has_unit: bool, unit: CounsellingUnit | None, actor: User, case: Case
) -> None:
    if case.drafted_by_unit and case.unit_id is not None and unit != case.unit:
        # the unit that drafted the plan stays on it: moving it away would take the case from its drafters
        errors.add("unit", _("The counselling unit that drafted this plan stays on it."))
        return
    if unit is None:
        if actor.role == Role.COUNSELLOR:  # the counsellor's unit stays on the case it drafts
            errors.add("unit", _("A counsellor files proposals for their own counselling unit only."))
        return
    if not edition_has_unit:
        errors.add("unit", _("This programme has no counselling unit: the company files its proposal itself."))
    elif actor.role == Role.COUNSELLOR and unit.pk != actor.counselling_unit_id:
        errors.add("unit", _("A counsellor files proposals for their own counselling unit only."))


def _apply(case: Case, data: Mapping[str, Any], *, actor: User, creating: bool) -> list[dict] | None:
    """Validate ``data`` and set it on ``case``; returns the cleaned staffing table when one was given."""
    unknown = set(data) - set(PROPOSAL_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), _("Unknown field.")))
    ruleset = ruleset_for(case.edition)
    errors, staff = v.Errors(), None
    if "title" in data or creating:
        case.title = v.clean_title(errors, data.get("title", case.title))
    if "unit" in data:
        _check_unit(errors, edition_has_unit=bool(ruleset.unit_rules), unit=data["unit"], actor=actor, case=case)
        case.unit = data["unit"]
    if "period" in data:
        period = data["period"] or {}
        if not isinstance(period, Mapping):
            errors.add("period", _("Enter the period as start and end dates."))
        else:
            case.period_start, case.period_end = v.clean_period(errors, period.get("start"), period.get("end"))
    if "budget" in data:
        budget = data["budget"] or {}
        lines = budget.get("lines", []) if isinstance(budget, Mapping) else None
        case.budget_lines = v.clean_budget_lines(errors, ruleset, lines)
        case.requested_gov = sum(line["gov"] for line in case.budget_lines if isinstance(line["gov"], int))
        case.requested_self = sum(line["self"] for line in case.budget_lines if isinstance(line["self"], int))
    if "facts" in data:
        # facts are merged: a client may send only the ones it changes; null clears one
        merged = {**case.facts, **v.clean_facts(errors, ruleset, data["facts"])}
        case.facts = {k: val for k, val in merged.items() if val is not None}
    for name in ("needs", "solution"):
        if name in data:
            text = str(data[name] or "")
            if len(text) > TEXT_MAX:
                errors.add(name, _("At most %(max)s characters.") % {"max": TEXT_MAX})
            setattr(case, name, text)
    if "kpis" in data:
        case.kpis = v.clean_kpis(errors, ruleset, data["kpis"])
    if "checkpoints" in data:
        case.checkpoints = v.clean_checkpoints(errors, data["checkpoints"])
    if "declarations" in data:
        case.declarations = {**case.declarations, **v.clean_declarations(errors, data["declarations"])}
    if "staff" in data:
        staff = v.clean_staff(errors, ruleset, data["staff"])
    errors.raise_if_any()
    return staff


def _replace_staff(case: Case, rows: list[dict]) -> None:
    case.staff.all().delete()
    StaffMember.objects.bulk_create([StaffMember(case=case, position=index, **row) for index, row in enumerate(rows)])


def _save(case: Case, staff: list[dict] | None) -> Case:
    case.updated_at = timezone.now()
    try:
        with transaction.atomic():
            case.save()
            if staff is not None:
                _replace_staff(case, staff)
    except IntegrityError as exc:
        if "case_one_per_company_edition" in str(exc):
            raise ValidationError(
                {"edition": _("This company already has a case for this programme edition.")}
            ) from None
        raise
    case.check_result = check_snapshot(case)
    case.save(update_fields=["check_result"])
    return case


@transaction.atomic
def case_create(*, actor: User, edition: Edition, data: Mapping[str, Any], company: Company | None = None) -> Case:
    """A new draft. An applicant files for their own company; a counsellor drafts for a company (which then
    consents) under their own counselling unit, the default unit."""
    with audit_context(actor=actor, action="case_create"):
        if actor.role not in (Role.APPLICANT, Role.COUNSELLOR):
            raise PermissionDenied(_("Only a company or its counselling unit files a proposal."))
        if edition.status != EditionStatus.PUBLISHED:
            raise ValidationError({"edition": _("This edition is not open for proposals.")})
        ruleset = ruleset_for(edition)
        if actor.role == Role.APPLICANT:
            if company is not None and company.pk != actor.company_id:
                raise ValidationError({"company": _("An applicant files proposals for their own company only.")})
            company = actor.company
        elif company is None:
            raise ValidationError({"company": _("Choose the company this plan is drafted for.")})
        elif not ruleset.unit_rules:
            raise ValidationError(
                {"edition": _("This programme has no counselling unit: the company files its proposal itself.")}
            )
        data = dict(data)
        if actor.role == Role.COUNSELLOR:
            data.setdefault("unit", actor.counselling_unit)
        case = Case(
            edition=edition,
            edition_code=edition.code,
            company=company,
            created_by=actor,
            drafted_by_unit=actor.role == Role.COUNSELLOR,
        )
        window = window_outcome(case, timezone.localdate())
        if not window.passed:
            raise ValidationError({"edition": window.message})
        exists = Case.objects.filter(company=company, edition_code=edition.code).exclude(status__in=WITHDRAWN_STATUSES)
        if exists.exists():
            raise ValidationError({"edition": _("This company already has a case for this programme edition.")})
        staff = _apply(case, data, actor=actor, creating=True)
        case.reference = _next_reference(edition.code)
        return _save(case, staff or [])


@transaction.atomic
def case_update(*, actor: User, case: Case, data: Mapping[str, Any], expected_version: int | None = None) -> Case:
    """Change the proposal while it is a draft or a supplement is requested. ``expected_version`` is the
    version the person's copy was read at: a newer one means someone else saved in between, and nothing is
    written (the person reloads and sees both changes)."""
    with audit_context(actor=actor, action="case_update"):
        case = Case.objects.select_for_update(of=("self",)).select_related("edition", "company", "unit").get(pk=case.pk)
        if not actor.has_perm("applications.change_case", case):
            raise PermissionDenied(_("Only the company and its counselling unit edit the proposal."))
        if not case.is_editable:
            raise CaseConflict(
                _("The proposal cannot change while the case is %(status)s.")
                % {"status": CaseStatus(case.status).label}
            )
        if expected_version is not None and expected_version != case.version:
            raise StaleCase(
                _(
                    "Someone else saved this proposal since you opened it (now version %(now)s, yours %(yours)s). "
                    "Nothing of yours was saved: reload to see their changes, then make yours again."
                )
                % {"now": case.version, "yours": expected_version}
            )
        if not data:
            return case  # nothing to change: no new version, no audit row
        staff = _apply(case, data, actor=actor, creating=False)
        case.version += 1
        return _save(case, staff)


@transaction.atomic
def case_refresh_check(*, case: Case) -> Case:
    """Store what submission would decide now (after a document upload, for instance)."""
    case = Case.objects.select_for_update(of=("self",)).select_related("edition", "company", "unit").get(pk=case.pk)
    case.check_result = check_snapshot(case)
    case.save(update_fields=["check_result"])
    return case
