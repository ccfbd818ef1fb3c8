"""Who sees and moves a case's expenses. The case's company and counselling unit record them; the programme
office sees every case's and verifies them. Nobody else sees them (404). ``expense_cases_visible_to`` answers
as a queryset what ``expenses.view_expenses`` answers for one case."""

from __future__ import annotations

import rules
from django.db.models import QuerySet

from applications.permissions import is_case_party
from disbursements.permissions import money_cases_visible_to
from portal.permissions import is_office

rules.add_perm("expenses.view_expenses", is_office | is_case_party)
rules.add_perm("expenses.record_expense", is_case_party)
rules.add_perm("expenses.verify_expense", is_office)
rules.add_perm("expenses.view_verification_queue", is_office)
rules.add_perm("expenses", is_office)
rules.add_perm("expenses.view_expense", is_office)


def expense_cases_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    """The cases whose expenses ``user`` may see: the same people as the case's money."""
    return money_cases_visible_to(user, queryset)
