from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


DEADLINE_ANCHORS = {
    "notice": gettext_lazy("the day of notice"),
    "approval": gettext_lazy("the approval"),
    "review": gettext_lazy("the review meeting"),
    "end": gettext_lazy("the project's end date"),
    "closing": gettext_lazy("the closing"),
}


@register.filter
def deadline_text(deadline) -> str:
    """When an edition's deadline falls, in a sentence: its count (if any), before or after its anchor."""
    extra = deadline.extra
    anchor = DEADLINE_ANCHORS.get(extra.get("anchor"), extra.get("anchor"))
    if extra.get("before"):
        if extra.get("calendar_days"):
            return _("at the latest %(n)s calendar days before %(anchor)s") % {
                "n": extra["calendar_days"],
                "anchor": anchor,
            }
        if extra.get("months"):
            return _("at the latest %(n)s months before %(anchor)s") % {"n": extra["months"], "anchor": anchor}
        return _("by %(anchor)s (that day included)") % {"anchor": anchor}
    if extra.get("working_days"):
        return _("within %(n)s working days from %(anchor)s") % {"n": extra["working_days"], "anchor": anchor}
    if extra.get("calendar_days"):
        return _("within %(n)s calendar days of %(anchor)s") % {"n": extra["calendar_days"], "anchor": anchor}
    return _("within %(n)s months of %(anchor)s") % {"n": extra.get("months"), "anchor": anchor}
