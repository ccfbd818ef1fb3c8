from django import template

register = template.Library()

DASHBOARD_LIMIT = 5


@register.inclusion_tag("expenses/_assigned_card.html", takes_context=True)
def accountant_cases(context, limit: int = DASHBOARD_LIMIT):
    """The external accountant's newest assigned cases, for the dashboard."""
    from expenses.permissions import assigned_cases_visible_to
    from expenses.selectors import assigned_cases

    cases = list(assigned_cases(cases=assigned_cases_visible_to(context["user"]))[: limit + 1])
    return {"cases": cases[:limit], "more": len(cases) > limit}
