from django import template

from portal.language import text_in_language

register = template.Library()


@register.filter
def t(value) -> str:
    """Bilingual data ({"zh-hant": …, "en": …}) in the current language."""
    return text_in_language(value)


@register.filter
def get(mapping, key):
    if hasattr(mapping, "get"):
        return mapping.get(key, "")
    return ""


@register.simple_tag
def outcome_class(outcome) -> str:
    if outcome.passed:
        return "ok"
    return "warn" if outcome.level == "warning" else "error"
