"""The money part of a case's workspace, as a template tag: the workspace (applications, one floor down) loads
it without importing disbursements."""

from django import template

register = template.Library()


@register.inclusion_tag("disbursements/_case_card.html", takes_context=True)
def case_money_card(context, case):
    """What the case's money stands at and where to act on it; nothing for a case not yet approved, or for
    someone who may not see its money."""
    from applications.models import CaseStatus
    from applications.services import actions_for
    from disbursements import selectors
    from portal.language import current_lang

    user = context["user"]
    if not user.has_perm("disbursements.view_money", case) or case.approved_gov is None:
        return {"show": False}
    shown = case.status not in (
        CaseStatus.DRAFT,
        CaseStatus.SUBMITTED,
        CaseStatus.SCREENING,
        CaseStatus.SUPPLEMENT_REQUESTED,
        CaseStatus.UNDER_REVIEW,
        CaseStatus.REJECTED,
    )
    if not shown:
        return {"show": False}
    actions = actions_for(user, case)
    return {
        "show": True,
        "case": case,
        "ledger": selectors.case_ledger(case=case, lang=current_lang()),
        "can_sign": "contract" in actions,
        "can_terminate": "terminate" in actions,
        "is_party": user.has_perm("disbursements.report_progress", case),
    }
