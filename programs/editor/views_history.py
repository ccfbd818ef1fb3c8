"""What changed: between any two versions of a programme's editions (a page and an Excel download, in both
languages), and in the edition's history (who changed what in a draft, who published it)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from portal.language import current_lang
from programs import selectors
from programs.exports import diff_workbook
from programs.models import Edition
from programs.rules import RuleSetInvalid
from programs.rules.diff import Change
from programs.rules.schema_text import SECTION_TITLES
from programs.rules.text import pick

from .common import require_admin

HISTORY_PAGE = 25


def _pair(request, pk: int) -> tuple[Edition, Edition | None]:
    require_admin(request)
    edition = get_object_or_404(Edition.objects.select_related("programme", "based_on"), pk=pk)
    against = request.GET.get("against")
    if against:
        if not against.isdigit():
            raise Http404
        other = get_object_or_404(Edition, pk=int(against), programme_id=edition.programme_id)
    else:
        other = selectors.edition_diff_default(edition=edition)
    return edition, other


def grouped(changes: list[Change], lang: str) -> list[dict]:
    """The changes by section, in the order the editor lists sections, each in the reader's language."""
    order = list(SECTION_TITLES)
    sections: dict[str, list] = {}
    for change in changes:
        sections.setdefault(change.section, []).append(
            {
                "action": change.action,
                "subject": pick(change.subject, lang),
                "ref": change.ref,
                "lines": change.text(lang),
                "before": pick(change.before, lang) if change.before else "",
                "after": pick(change.after, lang) if change.after else "",
            }
        )
    return [
        {"key": key, "title": pick(SECTION_TITLES.get(key), lang, key), "changes": sections[key]}
        for key in sorted(sections, key=lambda k: order.index(k) if k in order else len(order))
    ]


@login_required
def edition_diff(request, pk: int):
    edition, other = _pair(request, pk)
    lang = current_lang()
    problems, sections = [], []
    if other is not None:
        try:
            sections = grouped(selectors.edition_diff(old=other, new=edition), lang)
        except RuleSetInvalid as exc:
            problems = [p.text(lang) for p in exc.problems]
    return render(
        request,
        "programs/staff/edition_diff.html",
        {
            "edition": edition,
            "other": other,
            "sections": sections,
            "problems": problems,
            "candidates": selectors.edition_diff_candidates(edition=edition),
        },
    )


@login_required
def edition_diff_download(request, pk: int):
    edition, other = _pair(request, pk)
    if other is None:
        raise Http404
    try:
        changes = selectors.edition_diff(old=other, new=edition)
    except RuleSetInvalid:
        raise Http404 from None
    content = diff_workbook(changes=changes, old=other, new=edition)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name = f"{edition.code}-v{edition.version}-vs-{other.code}-v{other.version}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def edition_history(request, pk: int):
    """Every event of every version of the edition's code, newest first: who, when, what, and what changed."""
    require_admin(request)
    edition = get_object_or_404(Edition.objects.select_related("programme"), pk=pk)
    page = Paginator(selectors.edition_events(edition=edition), HISTORY_PAGE).get_page(request.GET.get("page"))
    lang = current_lang()
    for event in page.object_list:
        event.change_rows = grouped([Change.from_dict(c) for c in event.changes or []], lang)
    return render(request, "programs/staff/edition_history.html", {"edition": edition, "page": page})
