"""Who sees and moves a case's expenses. The case's company and counselling unit record them; the programme
office sees every case's and verifies them; an external accountant (會計師) the office assigned to a case sees
that case's expenses, receipts and accumulated-spending report and verifies them like the office — and nothing
else of the case (its proposal, money and reviews stay 404 to them). Nobody else sees them (404).
``expense_cases_visible_to`` answers as a queryset what ``expenses.view_expenses`` answers for one case, and
``assigned_cases_visible_to`` what ``is_assigned_accountant`` answers (a test checks that they agree)."""

from __future__ import annotations

import rules
from django.db.models import QuerySet

from applications.models import Case
from applications.permissions import is_case_party
from disbursements.permissions import money_cases_visible_to
from portal.models import Role
from portal.permissions import is_accountant, is_office

from .models import AccountantAssignment


def _is_accountant(user) -> bool:
    return user.is_authenticated and user.is_active and user.role == Role.ACCOUNTANT


@rules.predicate
def is_assigned_accountant(user, case) -> bool:
    return (
        case is not None
        and _is_accountant(user)
        and AccountantAssignment.objects.filter(case_id=case.pk, accountant_id=user.pk).exists()
    )


rules.add_perm("expenses.view_expenses", is_office | is_case_party | is_assigned_accountant)
rules.add_perm("expenses.record_expense", is_case_party)
rules.add_perm("expenses.verify_expense", is_office | is_assigned_accountant)
rules.add_perm("expenses.view_verification_queue", is_office)
rules.add_perm("expenses.assign_accountant", is_office)
rules.add_perm("expenses.manage_accountants", is_office)
rules.add_perm("expenses.view_assigned_cases", is_accountant)
rules.add_perm("expenses", is_office)
rules.add_perm("expenses.view_expense", is_office)
rules.add_perm("expenses.view_accountantprofile", is_office)
rules.add_perm("expenses.view_accountantassignment", is_office)


def assigned_cases_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    """The cases ``user`` is assigned to as an external accountant (none for anyone else)."""
    queryset = Case.objects.all() if queryset is None else queryset
    if not _is_accountant(user):
        return queryset.none()
    return queryset.filter(pk__in=AccountantAssignment.objects.filter(accountant_id=user.pk).values("case_id"))


def expense_cases_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    """The cases whose expenses ``user`` may see: the same people as the case's money, and an external
    accountant the cases assigned to them."""
    if _is_accountant(user):
        return assigned_cases_visible_to(user, queryset)
    return money_cases_visible_to(user, queryset)
