from django import template

register = template.Library()

INBOX_LIMIT = 10


@register.inclusion_tag("reviews/_inbox_card.html", takes_context=True)
def reviewer_inbox(context, limit: int = INBOX_LIMIT):
    """The reviewer's newest assignments, for the dashboard."""
    from reviews.selectors import reviewer_assignments

    user = context["user"]
    assignments = list(reviewer_assignments(reviewer=user)[: limit + 1])
    return {"assignments": assignments[:limit], "more": len(assignments) > limit, "user": user}


@register.inclusion_tag("reviews/_case_card.html", takes_context=True)
def case_reviews_card(context, case):
    """The review part of a case's workspace, as each role sees it."""
    from applications.models import CaseStatus
    from reviews import selectors

    user = context["user"]
    result = {"case": case, "user": user, "office": user.has_perm("reviews.assign_reviewers")}
    if result["office"]:
        active = [a for a in selectors.case_assignments(case=case) if a.withdrawn_at is None]
        result["active"] = active
        result["submitted"] = sum(1 for a in active if getattr(a, "sheet", None) and a.sheet.submitted)
        result["decided"] = selectors.case_decision(case=case)
        result["under_review"] = case.status == CaseStatus.UNDER_REVIEW
    elif user.role == "reviewer":
        result["assignment"] = selectors.reviewer_assignments(reviewer=user).filter(case=case).first()
    elif user.has_perm("reviews.view_case_decision", case):
        result["decided"] = selectors.case_decision(case=case)
    return result


@register.filter
def field(form, name: str):
    """A form's bound field by a computed name: ``form|field:row.score``."""
    return form[name]
