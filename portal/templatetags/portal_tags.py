import datetime

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.html import format_html_join

from portal.dates import roc_date, roc_datetime, roc_month, roc_year_text

register = template.Library()

register.filter("roc_date", roc_date)  # 民國 114 年 3 月 5 日 (English: 5 March 2025 (ROC 114))
register.filter("roc_datetime", roc_datetime)  # 民國 114 年 3 月 5 日 14:30
register.filter("roc_month", roc_month)  # 民國 114 年 2 月 (English: February 2025)
register.filter("roc_year", roc_year_text)  # 2023 → 民國 112 年 (English: 2023 (ROC 112))


@register.filter
def ntd(value) -> str:
    """Whole New Taiwan dollars with thousands separators: 1234567 → 1,234,567."""
    if value in (None, ""):
        return ""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return str(value)


@register.simple_tag
def select_options(options) -> str:
    """``<option>`` elements from (value, label, selected) triples. Written in Python because a list page's filter
    bar rendered option by option in the template costs more than the page's rows (the case queue)."""
    return format_html_join(
        "", '<option value="{}"{}>{}</option>', ((v, " selected" if on else "", label) for v, label, on in options)
    )


@register.simple_tag(takes_context=True)
def query_with(context, **params) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in params.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


# Declaration fields and the answer that raises no concern.
DECLARATIONS = {
    "prc_capital": False,
    "bank_refused": False,
    "tax_arrears_3y": False,
    "pcc_refused": False,
    "serious_violation_3y": False,
    "site_in_roc": True,
}


@register.simple_tag
def declaration_rows(organisation) -> list[dict]:
    rows = []
    for name, fine_value in DECLARATIONS.items():
        try:
            field = organisation._meta.get_field(name)
        except FieldDoesNotExist:  # not every organisation has every declaration
            continue
        value = getattr(organisation, name)
        rows.append({"label": field.verbose_name, "value": value, "fine": value == fine_value})
    return rows


@register.filter
def is_past(value) -> bool:
    """True for a date before today (Taipei time): an expired registration, a passed deadline."""
    if not isinstance(value, datetime.date):
        return False
    return value < timezone.localdate()
