"""Changes of a contracted case's plan (its period, budget, staffing and checkpoints), made once the change is
approved or recorded by the floor that keeps the requests (disbursements' plan changes). The case is changed
here and only here after the contract: the same field checks as a draft's, the edition's rules on what the
change touches, and the approved government funds kept within the budget. Each write runs on the locked row,
raises the case's version and is attributed in the audit trail with its reason."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils.translation import gettext as _

from applications.checks import case_check
from applications.models import Case, CaseStatus, StaffMember
from portal.audit import audit_context
from portal.models import User

from .cases import CaseConflict, _apply, _save
from .transitions import CaseRefused

AMENDABLE_STATUSES = (CaseStatus.CONTRACTED, CaseStatus.IN_PROGRESS)
# each amendable field, and the sections of the edition's rules that read it
AMENDABLE = {"period": ("period",), "budget": ("budget",), "staff": ("plan",), "checkpoints": ()}


def _json(value) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def case_plan_values(case: Case, staff: list[StaffMember] | None = None) -> dict[str, Any]:
    """The amendable parts of the case as they are now (plain JSON: what a plan change keeps as 'before')."""
    staff = list(case.staff.all()) if staff is None else staff
    return _json(
        {
            "period": {"start": case.period_start, "end": case.period_end},
            "budget": {"lines": case.budget_lines},
            "staff": [
                {
                    "name": s.name,
                    "email": s.email,
                    "role": s.role,
                    "rank": s.rank,
                    "title": s.title,
                    "person_months": s.person_months,
                    "labour_insured": s.labour_insured,
                }
                for s in staff
            ],
            "checkpoints": case.checkpoints,
        }
    )


def _amended(case: Case, data: Mapping[str, Any], actor: User) -> tuple[Case, list[dict] | None]:
    unknown = set(data) - set(AMENDABLE)
    if unknown or not data:
        raise CaseRefused(
            {name: [_("This cannot be changed after the contract.")] for name in sorted(unknown)}
            or {"fields": [_("Say what changes.")]}
        )
    changed = copy.copy(case)
    try:
        staff = _apply(changed, data, actor=actor, creating=False)
    except ValidationError as exc:
        raise CaseRefused(exc.message_dict) from None
    return changed, staff


def _check(case: Case, changed: Case, data: Mapping[str, Any], staff_rows: list[dict] | None, lang: str) -> None:
    """Refuse a change that would break a rule of the edition the plan kept until now, or leave the budget's
    government funds below what was approved."""
    if "budget" in data and case.approved_gov is not None and changed.requested_gov < case.approved_gov:
        raise CaseRefused(
            {
                "budget": [
                    _(
                        "The budget's government funds (NT$%(gov)s) cannot fall below "
                        "the approved amount of NT$%(approved)s."
                    )
                    % {"gov": f"{changed.requested_gov:,}", "approved": f"{case.approved_gov:,}"}
                ]
            }
        )
    staff = list(case.staff.all())
    new_staff = staff if staff_rows is None else [StaffMember(case=case, **row) for row in staff_rows]
    sections = {section for name in data for section in AMENDABLE[name]}
    before = case_check(case, lang=lang, staff=staff)
    after = case_check(changed, lang=lang, staff=new_staff)
    broken = {o.rule for section in sections for o in before.section(section) if o.blocking}
    newly = [o for section in sorted(sections) for o in after.section(section) if o.blocking and o.rule not in broken]
    if newly:
        raise CaseRefused({"rules": [o.message for o in newly]}, newly)


def _authorised(actor: User, case: Case) -> None:
    if not (actor.has_perm("applications.screen_case", case) or actor.has_perm("applications.change_case", case)):
        raise PermissionDenied(_("Only the programme office and the case's company and unit change its plan."))


def _prepare(actor: User, case: Case, data: Mapping[str, Any], lang: str) -> tuple[Case, list[dict] | None, dict]:
    _authorised(actor, case)
    if case.status not in AMENDABLE_STATUSES:
        raise CaseConflict(
            _("The plan cannot change while the case is %(status)s.") % {"status": CaseStatus(case.status).label}
        )
    changed, staff = _amended(case, data, actor)
    _check(case, changed, data, staff, lang)
    before = {name: value for name, value in case_plan_values(case).items() if name in data}
    return changed, staff, before


def case_amendment_check(*, actor: User, case: Case, data: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """What ``case_amend`` would refuse, without changing anything; returns the values before the change."""
    return _prepare(actor, case, data, lang)[2]


@transaction.atomic
def case_amend(*, actor: User, case: Case, data: Mapping[str, Any], reason: str, lang: str) -> dict[str, Any]:
    """Change the plan of a contracted case; returns the values it had (raises CaseRefused, CaseConflict or
    PermissionDenied, changing nothing)."""
    with audit_context(actor=actor, action="case_amend", reason=reason):
        case = Case.objects.select_for_update(of=("self",)).select_related("edition", "company", "unit").get(pk=case.pk)
        changed, staff, before = _prepare(actor, case, data, lang)
        changed.version += 1
        _save(changed, staff)
        return before
