import datetime
from html import escape

from django import template
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.template import Node, NodeList, TemplateSyntaxError
from django.template.base import FilterExpression, TextNode, Variable
from django.template.defaulttags import CommentNode, URLNode
from django.templatetags.i18n import TranslateNode
from django.templatetags.static import StaticNode
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

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
    # every value and label escaped (html.escape: Django's escaping without its lazy-string wrapper)
    return mark_safe(
        "".join(
            f'<option value="{escape(str(v))}"{" selected" if on else ""}>{escape(str(label))}</option>'
            for v, label, on in options
        )
    )


@register.simple_tag
def language_options(current: str) -> str:
    """The language switcher's options, the current language selected."""
    return select_options([(code, name, code == current) for code, name in settings.LANGUAGES])


NAV_CURRENT = ' class="active" aria-current="page"'


@register.simple_tag
def nav_list_items(items) -> str:
    """The main menu's entries (portal/context_processors.navigation), the current one marked: on every page,
    written in Python rather than as a template loop."""
    return mark_safe(
        "".join(
            f'<li><a href="{escape(item["url"])}"{NAV_CURRENT if item["active"] else ""}>'
            f"{escape(str(item['label']))}</a></li>"
            for item in items
        )
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


# --- text that is the same on every page in a language ------------------------------------------------------

# What a fixed block may hold: text, translations of literal text, static files and urls with literal arguments.
_FIXED_NODES = (TextNode, TranslateNode, StaticNode, URLNode, CommentNode)


def _literal(expression: FilterExpression | None) -> bool:
    """A constant with no filter (a quoted string or a number), not a variable; no expression at all is none."""
    if expression is None:
        return True
    return not expression.filters and (not isinstance(expression.var, Variable) or expression.var.literal is not None)


class FixedTextNode(Node):
    """Its contents rendered once per language (and URL prefix) in each process, then given as they are: the
    header's and the table heads' translations cost the template engine more per page than the page's rows."""

    def __init__(self, nodelist: NodeList):
        self.nodelist = nodelist
        self.rendered: dict[tuple, str] = {}

    def render(self, context) -> str:
        key = (get_language(), get_script_prefix(), get_urlconf())
        text = self.rendered.get(key)
        if text is None:
            text = self.rendered[key] = mark_safe(self.nodelist.render(context))
        return text


@register.tag
def fixed_text(parser, token) -> FixedTextNode:
    """``{% fixed_text %}…{% end_fixed_text %}``: contents that depend on nothing but the language. Anything that
    could differ between two requests (a variable, a condition, a loop, a block) is refused when the template is
    read, not found out in a page."""
    nodelist = parser.parse(("end_fixed_text",))
    parser.delete_first_token()
    for node in nodelist:
        if not isinstance(node, _FIXED_NODES):
            raise TemplateSyntaxError(f"fixed_text holds only literal text, translations, static and url: {node!r}")
        if isinstance(node, TranslateNode) and (
            node.asvar or not _literal(node.filter_expression) or not _literal(node.message_context)
        ):
            raise TemplateSyntaxError("fixed_text translates literal text only")
        if isinstance(node, URLNode) and (
            node.asvar or not _literal(node.view_name) or not all(map(_literal, [*node.args, *node.kwargs.values()]))
        ):
            raise TemplateSyntaxError("fixed_text reverses urls with literal arguments only")
        if isinstance(node, StaticNode) and not _literal(node.path):
            raise TemplateSyntaxError("fixed_text names static files literally only")
    return FixedTextNode(nodelist)
