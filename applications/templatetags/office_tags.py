"""The programme office's case overview on the dashboard: cases per status and the deadlines of the coming
days, each linking into the queue with its filter applied. A template tag, so that the dashboard (portal,
one floor down) shows it without importing applications."""

from html import escape  # Django's escaping without its lazy-string wrapper: some 400 values a page

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from applications import selectors
from applications.models import CaseStatus
from portal.dates import roc_date, roc_year_text
from portal.language import text_in_language

register = template.Library()

URL_SENTINEL = 987654321

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


QUEUE_ROW = (
    '<tr><td class="nowrap"><a href="{}">{}</a><br><span class="small">{}</span></td>'
    '<td class="wide">{}<br><span class="muted small">{}</span></td><td class="wide">{}</td>'
    '<td class="wide">{} <span class="muted small">{}</span></td><td class="nowrap">{}</td><td class="num">{}</td>'
    '<td class="nowrap">{}</td><td class="nowrap">{}</td><td>{}</td><td class="nowrap"><a href="{}">{}</a></td></tr>'
)


def _url_format(name: str) -> str:
    """The path of the url ``name`` for any case as a format string: reversed once per page, not per row."""
    return reverse(name, args=[URL_SENTINEL]).replace(str(URL_SENTINEL), "{}")


@register.simple_tag
def queue_table_body(cases, today) -> str:
    """The queue's rows (``selectors.queue_page``) as table rows, each written once: labels looked up and
    escaped once per page, never per row. Written in Python rather than as a loop in the template: twenty-five
    rows of eleven cells cost the template engine more than everything else the page does, the database
    included. Every value people typed is escaped; only the badges' own markup is not."""
    lang = get_language()
    detail, screen = _url_format("case-detail"), _url_format("case-screening")
    statuses = {value: escape(str(label)) for value, label in CaseStatus.choices}
    ready = {
        True: '<span class="badge ok">{}</span>'.format(escape(_("Ready"))),
        False: '<span class="badge warn">{}</span>'.format(escape(_("Not ready"))),
    }
    screening = escape(_("Screening"))
    editions: dict[int, tuple[str, str]] = {}

    def row(case: dict) -> str:
        if case["edition_id"] not in editions:
            track = text_in_language(case["edition__track"], lang)
            editions[case["edition_id"]] = (escape(track), escape(roc_year_text(case["edition__year"])))
        edition, year = editions[case["edition_id"]]
        due = "—"
        if case["due"]:
            due = escape(roc_date(case["due"], lang))
            due = f'<span class="badge error">{due}</span>' if case["due"] < today else due
        return QUEUE_ROW.format(
            detail.format(case["id"]),
            escape(case["reference"]),
            escape(case["title"]),
            escape(case["company__name"]),
            escape(case["company__ubn"]),
            escape(case["unit__name"]) if case["unit__name"] else "—",
            edition,
            year,
            statuses.get(case["status"], ""),
            f"{case['requested_gov']:,}",
            escape(roc_date(case["submitted_at"], lang)) if case["submitted_at"] else "—",
            due,
            ready[case["ready"]] if isinstance(case["ready"], bool) else "—",
            screen.format(case["id"]),
            screening,
        )

    return mark_safe("\n".join(row(case) for case in cases))
