"""Who may see and do what with a case. Predicates answer ``user.has_perm(...)`` for pages and the API;
``cases_visible_to`` gives the same answer as a queryset (a test checks that they agree).

Reviewers see the cases assigned to them. Assignments belong to the reviews app, one floor up, so it
contributes its predicate and queryset filter here (``case_viewers.register``) when it is ready:
applications never imports reviews."""

from __future__ import annotations

from collections.abc import Callable

import rules
from django.db.models import Q, QuerySet

from applications.models import Case
from portal.models import Role
from portal.permissions import is_admin, is_applicant, is_counsellor, is_office


def _active(user) -> bool:
    return user.is_authenticated and user.is_active


@rules.predicate
def is_case_company_member(user, case) -> bool:
    return case is not None and _active(user) and user.role == Role.APPLICANT and user.company_id == case.company_id


@rules.predicate
def is_case_unit_member(user, case) -> bool:
    return (
        case is not None
        and _active(user)
        and user.role == Role.COUNSELLOR
        and case.unit_id is not None
        and user.counselling_unit_id == case.unit_id
    )


class CaseViewers:
    """Other floors' say on who sees a case: (predicate(user, case), queryset filter(user) -> Q)."""

    def __init__(self):
        self.entries: list[tuple[Callable, Callable[[object], Q]]] = []

    def register(self, *, predicate: Callable, scope: Callable[[object], Q]) -> None:
        self.entries.append((predicate, scope))

    def allows(self, user, case) -> bool:
        return any(predicate(user, case) for predicate, _scope in self.entries)

    def scope(self, user) -> Q | None:
        scopes = [scope(user) for _predicate, scope in self.entries]
        scopes = [s for s in scopes if s is not None]
        if not scopes:
            return None
        combined = scopes[0]
        for extra in scopes[1:]:
            combined |= extra
        return combined


case_viewers = CaseViewers()


class CasePageGates:
    """Steps other floors require before a case's pages open for a user (a reviewer first confirms they have no
    conflict of interest): gate(user, case) → the URL of that step, or None."""

    def __init__(self):
        self.gates: list[Callable] = []

    def register(self, gate: Callable) -> None:
        self.gates.append(gate)

    def step(self, user, case) -> str | None:
        for gate in self.gates:
            url = gate(user, case)
            if url:
                return url
        return None


case_page_gates = CasePageGates()


@rules.predicate
def is_other_case_viewer(user, case) -> bool:
    return case is not None and _active(user) and case_viewers.allows(user, case)


is_case_party = is_case_company_member | is_case_unit_member

rules.add_perm("applications.add_case", is_applicant | is_counsellor)
rules.add_perm("applications.view_case", is_office | is_case_party | is_other_case_viewer)
rules.add_perm("applications.change_case", is_case_party)
rules.add_perm("applications.screen_case", is_office)
rules.add_perm("applications.view_case_queue", is_office)
rules.add_perm("applications.view_casedocument", is_office | is_case_party | is_other_case_viewer)
rules.add_perm("applications.add_casedocument", is_case_party)
# The admin site: cases read-only for the office; the office's registers kept by administrators.
rules.add_perm("applications", is_office)
rules.add_perm("applications.view_debarment", is_office)
rules.add_perm("applications.add_debarment", is_admin)
rules.add_perm("applications.change_debarment", is_admin)
rules.add_perm("applications.delete_debarment", is_admin)
# A case's parts as records of their own (their audit trail): the office, which handles every case; the
# parties see them through their case.
for _part in ("staffmember", "documentcheck", "supplementrequest"):
    rules.add_perm(f"applications.view_{_part}", is_office)


def cases_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = Case.objects.all() if queryset is None else queryset
    if not _active(user):
        return queryset.none()
    if user.role in (Role.OFFICER, Role.ADMIN):
        return queryset
    if user.role == Role.APPLICANT:
        return queryset.filter(company_id=user.company_id)
    if user.role == Role.COUNSELLOR:
        return queryset.filter(unit_id=user.counselling_unit_id) if user.counselling_unit_id else queryset.none()
    scope = case_viewers.scope(user)
    return queryset.filter(scope) if scope is not None else queryset.none()
