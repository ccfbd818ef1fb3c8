"""Why a reviewer must not review a case: what they declared, and what the portal sees for itself — their own
organisation is the case's company or unit, or they are a person on the case's staffing table. Reads only,
a fixed number of queries however many reviewers are judged."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.utils.translation import gettext as _

from applications.models import Case, StaffMember, StaffRole
from portal.models import User

from .models import ConflictDeclaration, ReviewerProfile


def _declared(case: Case, reviewer_ids: list[int]) -> dict[int, list[str]]:
    scope = Q(company_id=case.company_id)
    if case.unit_id:
        scope |= Q(unit_id=case.unit_id)
    found: dict[int, list[str]] = {}
    for declaration in ConflictDeclaration.objects.filter(scope, reviewer_id__in=reviewer_ids).order_by("id"):
        if declaration.company_id:
            text = _("Declared a conflict of interest with the company %(name)s: %(reason)s") % {
                "name": case.company.name,
                "reason": declaration.reason,
            }
        else:
            text = _("Declared a conflict of interest with the counselling unit %(name)s: %(reason)s") % {
                "name": case.unit.name,
                "reason": declaration.reason,
            }
        found.setdefault(declaration.reviewer_id, []).append(text)
    return found


def _own_organisation(case: Case, reviewer_ids: list[int]) -> dict[int, list[str]]:
    ubns = {case.company.ubn: "company"}
    if case.unit_id:
        ubns.setdefault(case.unit.ubn, "unit")
    found: dict[int, list[str]] = {}
    profiles = ReviewerProfile.objects.filter(user_id__in=reviewer_ids, organisation_ubn__in=list(ubns))
    for profile in profiles.only("user_id", "organisation_ubn"):
        if ubns[profile.organisation_ubn] == "company":
            text = _("The reviewer's own organisation (UBN %(ubn)s) is the company of this case.")
        else:
            text = _("The reviewer's own organisation (UBN %(ubn)s) is the counselling unit of this case.")
        found.setdefault(profile.user_id, []).append(text % {"ubn": profile.organisation_ubn})
    return found


def _on_staff(case: Case, reviewers: list[User]) -> dict[int, list[str]]:
    by_email = {reviewer.email.lower(): reviewer.pk for reviewer in reviewers}
    found: dict[int, list[str]] = {}
    for person in StaffMember.objects.filter(case=case).only("email", "role", "name"):
        reviewer_id = by_email.get(person.email.lower())
        if reviewer_id is not None:
            text = _("The reviewer is on this case's staffing table as %(role)s (%(name)s).") % {
                "role": StaffRole(person.role).label,
                "name": person.name,
            }
            found.setdefault(reviewer_id, []).append(text)
    return found


def case_conflicts(*, case: Case, reviewers: Iterable[User]) -> dict[int, list[str]]:
    """reviewer id → the reasons they must not review ``case`` (absent: no conflict). Three queries."""
    reviewers = list(reviewers)
    ids = [reviewer.pk for reviewer in reviewers]
    found: dict[int, list[str]] = {}
    for part in (_declared(case, ids), _own_organisation(case, ids), _on_staff(case, reviewers)):
        for reviewer_id, reasons in part.items():
            found.setdefault(reviewer_id, []).extend(reasons)
    return found


def reviewer_conflicts(*, case: Case, reviewer: User) -> list[str]:
    return case_conflicts(case=case, reviewers=[reviewer]).get(reviewer.pk, [])
