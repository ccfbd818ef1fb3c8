from django import template

from applications.services import action_label as _action_label

register = template.Library()


@register.filter
def action_label(code: str) -> str:
    """A case action's name for people: ``request_supplement`` → 「要求補件」."""
    return _action_label(code)
