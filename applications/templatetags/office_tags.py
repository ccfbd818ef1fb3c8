"""The programme office's case overview on the dashboard: cases per status and the deadlines of the coming
days, each linking into the queue with its filter applied. A template tag, so that the dashboard (portal,
one floor down) shows it without importing applications."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from applications import selectors
from applications.models import CaseStatus

register = template.Library()

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
# Django's escaping (django.utils.html.escape) as one table, applied without its lazy-string wrapper: the queue
# escapes some four hundred values per page.
HTML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


@register.simple_tag
def queue_table_body(rows) -> str:
    """The queue's rows (``views.office.queue_rows``) as table rows. Written in Python rather than as a loop in
    the template: twenty-five rows of eleven cells cost the template engine more than everything else the page
    does, the database included. Every value is escaped; only the badges' own markup is not."""
    ready = {
        True: '<span class="badge ok">{}</span>'.format(_("Ready").translate(HTML_ESCAPES)),
        False: '<span class="badge warn">{}</span>'.format(_("Not ready").translate(HTML_ESCAPES)),
    }
    screening = _("Screening").translate(HTML_ESCAPES)

    def row(r: dict) -> str:
        text = {key: str(value).translate(HTML_ESCAPES) for key, value in r.items()}
        due = "—"
        if r["due"]:
            due = '<span class="badge error">{}</span>'.format(text["due"]) if r["overdue"] else text["due"]
        return QUEUE_ROW.format(
            text["detail_url"],
            text["reference"],
            text["title"],
            text["company"],
            text["ubn"],
            text["unit"] if r["unit"] else "—",
            text["edition"],
            text["year"],
            text["status"],
            text["requested_gov"],
            text["submitted"] if r["submitted"] else "—",
            due,
            ready[r["ready"]] if isinstance(r["ready"], bool) else "—",
            text["screening_url"],
            screening,
        )

    return mark_safe("\n".join(row(r) for r in rows))
