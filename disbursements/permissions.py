"""Who sees and moves a case's money. The programme office sees every contract and releases instalments; the
case's company and counselling unit see their own case's money, report progress, request plan changes and
file follow-ups. Nobody else sees it — not even a reviewer assigned to the case (their work ends at the
decision): to them a case's money does not exist (404). ``money_cases_visible_to`` answers as a queryset
what ``disbursements.view_money`` answers for one case (a test checks that they agree)."""

from __future__ import annotations

import rules
from django.db.models import QuerySet

from applications.models import Case
from applications.permissions import cases_visible_to, is_case_party
from portal.models import Role
from portal.permissions import is_office

rules.add_perm("disbursements.view_money", is_office | is_case_party)
rules.add_perm("disbursements.report_progress", is_case_party)
rules.add_perm("disbursements.request_plan_change", is_case_party)
rules.add_perm("disbursements.submit_follow_up", is_case_party)
rules.add_perm("disbursements.release_instalment", is_office)
rules.add_perm("disbursements.decide_plan_change", is_office)
rules.add_perm("disbursements.view_edition_ledger", is_office)
# the admin site: contracts and payments are read-only there (every change goes through the services)
rules.add_perm("disbursements", is_office)
for _model in ("contract", "instalment", "release", "progressreport", "planchange", "followup", "clawback"):
    rules.add_perm(f"disbursements.view_{_model}", is_office)


def money_cases_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    """The cases whose money ``user`` may see (any status: a case without a contract simply has none)."""
    queryset = Case.objects.all() if queryset is None else queryset
    if not (user.is_authenticated and user.is_active) or user.role not in (
        Role.OFFICER,
        Role.ADMIN,
        Role.APPLICANT,
        Role.COUNSELLOR,
    ):
        return queryset.none()
    return cases_visible_to(user, queryset)
