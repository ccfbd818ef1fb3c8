from django import template

from applications.services import action_label as _action_label

register = template.Library()


@register.filter
def action_label(code: str) -> str:
    """A case action's name for people: ``request_supplement`` → 「要求補件」."""
    return _action_label(code)


@register.inclusion_tag("applications/cases/_my_cases_card.html", takes_context=True)
def my_cases_card(context, limit: int = 5):
    """The newest cases of the signed-in company or counselling unit, for its dashboard."""
    from applications.selectors import cases_for_user

    user = context["user"]
    cases = list(cases_for_user(user=user)[:limit])
    return {"cases": cases, "user": user, "perms": context.get("perms")}
