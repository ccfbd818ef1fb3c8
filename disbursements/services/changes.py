"""Plan changes of a contracted case. The company or its unit files one with its reason and the new values, no
later than the edition's ``plan_change`` deadline before the project's end (machinery and lean 2026: 30
calendar days). It is checked when filed as it will be when applied. A major change waits for the programme
office; a minor one takes effect at once. The case changes through applications' ``case_amend`` and the
values it had are kept on the request."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Case, CaseStatus, StaffRole
from applications.services import CaseRefused, TransitionNotAllowed, case_amend, case_amendment_check, case_plan_values
from portal.audit import audit_context
from portal.dates import roc_date
from portal.jobs import task_send_quietly
from portal.language import text_in_language
from portal.models import User
from programs.deadlines import edition_deadline, edition_deadline_label
from programs.rules import ERROR, Outcome
from programs.rulesets import ruleset_for

from ..models import MAJOR_FIELDS, ChangeField, ChangeStatus, PlanChange

TEXT_MAX = 4000
CHANGE_STATUSES = (CaseStatus.CONTRACTED, CaseStatus.IN_PROGRESS)


def change_deadline(case: Case) -> datetime.date | None:
    """The last day a plan change may be filed: the edition's ``plan_change`` deadline counted from the
    project's end, or the end itself where the edition sets none."""
    if case.period_end is None:
        return None
    due = edition_deadline(ruleset_for(case.edition), "plan_change", anchor=case.period_end)
    return due if due is not None else case.period_end


def _deadline_outcome(case: Case, today: datetime.date) -> Outcome:
    last = change_deadline(case)
    label = text_in_language(edition_deadline_label(ruleset_for(case.edition), "plan_change")) or _("the end")
    passed = last is not None and today <= last
    values = {"last_day": last.isoformat() if last else None, "today": today.isoformat()}
    if passed:
        message = _("Plan changes are filed by %(day)s (%(rule)s).") % {"day": roc_date(last), "rule": label}
    else:
        message = _("Plan changes had to be filed by %(day)s (%(rule)s): it is too late to change the plan.") % {
            "day": roc_date(last),
            "rule": label,
        }
    return Outcome("plan_change_deadline", passed, ERROR, message, values)


def _person(raw: Any, key: str, role: str) -> dict:
    if not isinstance(raw, dict):
        raise CaseRefused({key: [_("Give the person's name, e-mail address and person-months.")]})
    try:
        months = Decimal(str(raw.get("person_months", "")).strip())
    except InvalidOperation:
        raise CaseRefused({f"{key}.person_months": [_("Enter a number.")]}) from None
    return {
        "name": str(raw.get("name") or "").strip(),
        "email": str(raw.get("email") or "").strip().lower(),
        "title": str(raw.get("title") or "").strip()[:100],
        "role": role,
        "person_months": months,
    }


def _amend_data(case: Case, changes: dict[str, Any]) -> dict[str, Any]:
    """What ``case_amend`` is given for the requested changes (stored as JSON): the period, the budget, the
    checkpoints, and the staffing table with the principal investigator or the consultants replaced."""
    data: dict[str, Any] = {}
    if "period" in changes:
        period = changes["period"] if isinstance(changes["period"], dict) else {}
        data["period"] = {side: _day(period.get(side), f"period.{side}") for side in ("start", "end")}
    if "budget" in changes:
        data["budget"] = changes["budget"]
    if "checkpoints" in changes:
        rows = changes["checkpoints"] if isinstance(changes["checkpoints"], list) else None
        if rows is None:
            raise CaseRefused({"checkpoints": [_("Enter a list.")]})
        data["checkpoints"] = [_checkpoint(row, f"checkpoints.{i}") for i, row in enumerate(rows)]
        if not rows or data["checkpoints"][-1]["percent"] != 100:
            raise CaseRefused({"checkpoints": [_("Give the checkpoints, the last one reaching 100 %.")]})
    if "pi" in changes or "consultants" in changes:
        staff = case_plan_values(case)["staff"]
        if "pi" in changes:
            staff = [row for row in staff if row["role"] != StaffRole.PI]
            staff.insert(0, _person(changes["pi"], "pi", StaffRole.PI))
        if "consultants" in changes:
            consultants = changes["consultants"] if isinstance(changes["consultants"], list) else None
            if not consultants:
                raise CaseRefused({"consultants": [_("Name at least one consultant.")]})
            staff = [row for row in staff if row["role"] != StaffRole.CONSULTANT]
            staff += [_person(row, f"consultants.{i}", StaffRole.CONSULTANT) for i, row in enumerate(consultants)]
        for row in staff:
            row["person_months"] = Decimal(str(row["person_months"]))
        data["staff"] = staff
    return data


def _day(value: Any, key: str) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        raise CaseRefused({key: [_("Enter a date as YYYY-MM-DD.")]}) from None


def _checkpoint(row: Any, key: str) -> dict:
    if not isinstance(row, dict):
        raise CaseRefused({key: [_("Each checkpoint needs a date, an item and a cumulative percentage.")]})
    try:
        percent = Decimal(str(row.get("percent", "")).strip())
    except InvalidOperation:
        raise CaseRefused({f"{key}.percent": [_("Enter a number.")]}) from None
    return {
        "date": _day(row.get("date"), f"{key}.date"),
        "item": row.get("item"),
        "percent": percent,
        "code": row.get("code") or "",
    }


def _reason(reason: str) -> str:
    reason = (reason or "").replace("\x00", "").strip()
    if not reason:
        raise CaseRefused({"reason": [_("Say why the plan changes.")]})
    if len(reason) > TEXT_MAX:
        raise CaseRefused({"reason": [_("At most %(max)s characters.") % {"max": TEXT_MAX}]})
    return reason


@transaction.atomic
def plan_change_request(*, actor: User, case: Case, changes: dict[str, Any], reason: str, lang: str) -> PlanChange:
    """File a plan change: ``changes`` maps what changes (``ChangeField``) to its new value."""
    if not actor.has_perm("disbursements.request_plan_change", case):
        raise PermissionDenied(_("Only the case's company and counselling unit request plan changes."))
    reason = _reason(reason)
    unknown = set(changes) - set(ChangeField.values)
    if not changes or unknown:
        raise CaseRefused({"fields": [_("Choose what changes.")]})
    with audit_context(actor=actor, action="plan_change_request", case=case.pk, reason=reason):
        case = Case.objects.select_for_update(of=("self",)).select_related("edition", "company", "unit").get(pk=case.pk)
        if case.status not in CHANGE_STATUSES:
            raise TransitionNotAllowed(_("The plan changes while the contract runs."))
        deadline = _deadline_outcome(case, timezone.localdate())
        if not deadline.passed:
            raise CaseRefused({"fields": [deadline.message]}, [deadline])
        if PlanChange.objects.filter(case=case, status=ChangeStatus.PENDING).exists():
            raise TransitionNotAllowed(_("A plan change of this case is already awaiting the programme office."))
        fields = [name for name in ChangeField.values if name in changes]
        before = case_amendment_check(actor=actor, case=case, data=_amend_data(case, changes), lang=lang)
        major = any(name in MAJOR_FIELDS for name in fields)
        change = PlanChange(
            case=case,
            reason=reason,
            fields=fields,
            changes=changes,
            before=before,
            major=major,
            status=ChangeStatus.PENDING if major else ChangeStatus.RECORDED,
            requested_by=actor,
        )
        if not major:  # recorded: it takes effect now
            change.before = case_amend(
                actor=actor, case=case, data=_amend_data(case, changes), reason=reason, lang=lang
            )
        try:
            with transaction.atomic():
                change.save()
        except IntegrityError:
            raise TransitionNotAllowed(
                _("A plan change of this case is already awaiting the programme office.")
            ) from None
        return change


@transaction.atomic
def plan_change_decide(*, actor: User, change: PlanChange, approve: bool, note: str, lang: str) -> PlanChange:
    """The programme office approves a pending change (the case changes now, checked again) or refuses it."""
    if not actor.has_perm("disbursements.decide_plan_change", change.case):
        raise PermissionDenied(_("Only the programme office decides on plan changes."))
    note = (note or "").replace("\x00", "").strip()
    if not approve and not note:
        raise CaseRefused({"note": [_("Say why the change is not approved.")]})
    if len(note) > TEXT_MAX:
        raise CaseRefused({"note": [_("At most %(max)s characters.") % {"max": TEXT_MAX}]})
    with audit_context(actor=actor, action="plan_change_decide", case=change.case_id, approve=approve, note=note):
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("edition", "company", "unit")
            .get(pk=change.case_id)
        )
        change = PlanChange.objects.select_for_update().get(pk=change.pk)
        if change.status != ChangeStatus.PENDING:
            raise TransitionNotAllowed(_("This plan change has been decided already."))
        if approve:
            reason = change.reason + (f"\n{note}" if note else "")
            change.before = case_amend(
                actor=actor, case=case, data=_amend_data(case, change.changes), reason=reason, lang=lang
            )
        change.status = ChangeStatus.APPROVED if approve else ChangeStatus.REJECTED
        change.decided_by, change.decided_at, change.decision_note = actor, timezone.now(), note
        change.save(update_fields=["status", "before", "decided_by", "decided_at", "decision_note"])
        from ..tasks import plan_change_notify

        transaction.on_commit(lambda: task_send_quietly(plan_change_notify, change.pk))
        return change
