"""The programme office's case overview on the dashboard: cases per status and the deadlines of the coming
days, each linking into the queue with its filter applied. A template tag, so that the dashboard (portal,
one floor down) shows it without importing applications."""

from django import template

from applications import selectors
from applications.models import CaseStatus

register = template.Library()

# The statuses the office works on, shown as cards; the others are listed when they hold cases.
PIPELINE = (CaseStatus.SUBMITTED, CaseStatus.SCREENING, CaseStatus.SUPPLEMENT_REQUESTED, CaseStatus.UNDER_REVIEW)


@register.inclusion_tag("applications/office/_overview.html", takes_context=True)
def office_case_overview(context) -> dict:
    user = context["request"].user
    if not user.has_perm("applications.view_case_queue"):
        return {"show": False}
    counts = selectors.status_counts(user=user)
    return {
        "show": True,
        "pipeline": [(status, status.label, counts[status]) for status in PIPELINE],
        "others": [
            (status, status.label, counts[status]) for status in CaseStatus if status not in PIPELINE and counts[status]
        ],
        "total": sum(counts.values()),
        "due_soon": selectors.cases_due_soon(user=user),
        "due_days": selectors.DUE_SOON_DAYS,
    }
