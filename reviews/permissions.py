"""Who may do what in the reviews. A reviewer sees the cases actively assigned to them: this app adds that to
the case visibility of applications (predicate and queryset filter together, so lists and details agree)."""

from __future__ import annotations

import rules
from django.db.models import Q
from django.urls import reverse

from applications.permissions import case_page_gates, case_viewers, is_case_party
from portal.models import Role
from portal.permissions import is_admin, is_office, is_reviewer
from reviews.models import Assignment


def _active(user) -> bool:
    return user.is_authenticated and user.is_active


@rules.predicate
def is_assigned_reviewer(user, case) -> bool:
    return (
        case is not None
        and _active(user)
        and user.role == Role.REVIEWER
        and Assignment.objects.filter(case_id=case.pk, reviewer_id=user.pk, withdrawn_at__isnull=True).exists()
    )


def assigned_cases_scope(user) -> Q | None:
    if not _active(user) or user.role != Role.REVIEWER:
        return None
    return Q(pk__in=Assignment.objects.filter(reviewer_id=user.pk, withdrawn_at__isnull=True).values("case_id"))


def unconfirmed_review(user, case) -> str | None:
    """On the pages, an assigned reviewer sees the proposal only after confirming no conflict of interest."""
    if not _active(user) or user.role != Role.REVIEWER:
        return None
    pending = Assignment.objects.filter(
        case_id=case.pk, reviewer_id=user.pk, withdrawn_at__isnull=True, confirmed_no_conflict_at__isnull=True
    )
    return reverse("review-case", args=[case.pk]) if pending.exists() else None


case_viewers.register(predicate=is_assigned_reviewer, scope=assigned_cases_scope)
case_page_gates.register(unconfirmed_review)

rules.add_perm("reviews", is_admin)  # the admin site's app index
for _model in ("reviewerprofile", "conflictdeclaration", "assignment", "scoresheet", "decision"):
    rules.add_perm(f"reviews.view_{_model}", is_admin)
rules.add_perm("reviews.add_reviewerprofile", is_admin)
rules.add_perm("reviews.change_reviewerprofile", is_admin)
rules.add_perm("reviews.view_reviewers", is_office)
rules.add_perm("reviews.assign_reviewers", is_office)
rules.add_perm("reviews.view_panel", is_office)
rules.add_perm("reviews.declare_conflict", is_reviewer)
rules.add_perm("reviews.view_case_decision", is_office | is_case_party)
rules.add_perm("reviews.accept_revision", is_office)
