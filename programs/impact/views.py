"""The impact panel of a draft's page (htmx, polled while the run works), its report, and trying a failed run
again. Administrators only, like the rest of the edition pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from portal.language import current_lang
from programs.editor.common import error_messages, require_admin
from programs.models import Edition, ImpactDirection, ImpactJob, ImpactRow

from . import selectors, services

ROWS_PAGE = 50
PURPOSES = {
    "screening": gettext_lazy("eligibility of the applicant"), "unit": gettext_lazy("eligibility of the unit"),
    "budget": gettext_lazy("budget check"), "plan": gettext_lazy("plan check"), "period": gettext_lazy("period check"),
    "score": gettext_lazy("score sheet"), "disbursement": gettext_lazy("instalment plan"),
    "deadline": gettext_lazy("deadline"), "documents": gettext_lazy("documents asked for"),
    "describe": gettext_lazy("a rule in plain language"),
}  # fmt: skip
FIGURES = {
    "title": gettext_lazy("rule name"), "text": gettext_lazy("in plain language"), "due": gettext_lazy("due"),
    "anchor": gettext_lazy("counted from"), "label": gettext_lazy("name"), "codes": gettext_lazy("documents"),
    "total": gettext_lazy("total"), "bonus": gettext_lazy("bonus"), "amount": gettext_lazy("amount"),
    "share": gettext_lazy("share"), "gov": gettext_lazy("government"), "self": gettext_lazy("self-funded"),
    "gov_share": gettext_lazy("government share"), "self_share": gettext_lazy("self-funded share"),
    "weighted": gettext_lazy("weighted score"),
}  # fmt: skip


SUBJECTS = {"case": gettext_lazy("case")}
VERDICTS = {  # section → (holds, does not)
    "company": (gettext_lazy("eligible"), gettext_lazy("not eligible")),
    "unit": (gettext_lazy("eligible"), gettext_lazy("not eligible")),
    "budget": (gettext_lazy("valid budget"), gettext_lazy("invalid budget")),
    "plan": (gettext_lazy("plan meets the rules"), gettext_lazy("plan does not meet the rules")),
    "period": (gettext_lazy("period meets the rules"), gettext_lazy("period does not meet the rules")),
}


def verdict_changes(row: ImpactRow) -> list[str]:
    """Each section whose verdict turns: "valid budget → invalid budget"."""
    changes = []
    for section, (before, after) in (row.sections or {}).items():
        if before != after and section in VERDICTS:
            words = VERDICTS[section]
            changes.append(f"{words[0] if before else words[1]} → {words[0] if after else words[1]}")
    return changes


def figure_label(name: str) -> str:
    """A figure of a golden case's result named in words: "totals.gov" → "total · government"."""
    parts = name.split(".")
    if parts[0] == "instalments" and len(parts) == 3:
        figure = _("payable") if parts[2] == "due" else FIGURES.get(parts[2], parts[2])
        return _("instalment %(n)s · %(figure)s") % {"n": parts[1], "figure": figure}
    return " · ".join(str(FIGURES.get(part, part)) for part in parts if part not in ("totals", "derived", "criteria"))


def panel_context(edition: Edition, *, error: str = "") -> dict:
    """What the impact panel shows: the latest run, and whether it judged the draft as it stands now."""
    job = selectors.impact_latest(edition=edition)
    current = selectors.impact_is_current(job, edition)
    return {"job": job, "current": current, "error": error, "stale": job is not None and not job.active and not current}


def panel(request, edition: Edition, *, error: str = ""):
    return render(
        request, "programs/staff/_impact.html", {"edition": edition, "impact": panel_context(edition, error=error)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def impact_panel(request, pk: int):
    """GET: the latest run of the draft. POST: work out the impact of the draft as it stands now."""
    require_admin(request)
    edition = get_object_or_404(Edition.objects.select_related("based_on"), pk=pk)
    error = ""
    if request.method == "POST":
        try:
            services.impact_request(actor=request.user, edition=edition, language=current_lang())
        except ValidationError as exc:
            error = " ".join(error_messages(exc))
        if not request.htmx:
            return redirect("staff-edition", pk=pk)
    return panel(request, edition, error=error)


@login_required
@require_POST
def impact_retry(request, job: int):
    require_admin(request)
    found = get_object_or_404(ImpactJob.objects.select_related("edition"), pk=job)
    error = ""
    try:
        services.impact_retry(actor=request.user, job=found)
    except ValidationError as exc:
        error = " ".join(error_messages(exc))
    if not request.htmx:
        return redirect("staff-edition", pk=found.edition_id)
    return panel(request, found.edition, error=error)


@login_required
def impact_report(request, job: int):
    require_admin(request)
    found = get_object_or_404(ImpactJob.objects.select_related("edition", "baseline", "requested_by"), pk=job)
    direction = request.GET.get("direction") or ""
    if direction not in ImpactDirection.values:
        direction = ""
    page = Paginator(selectors.impact_rows(job=found, direction=direction or None), ROWS_PAGE).get_page(
        request.GET.get("page")
    )
    for row in page.object_list:
        row.subject_label = SUBJECTS.get(row.subject_type, row.subject_type)
        row.verdict_changes = verdict_changes(row)
    golden = [
        {
            **row,
            "purpose_label": PURPOSES.get(row["purpose"], ""),
            "data": [{**d, "label": figure_label(d["name"])} for d in row["data"]],
        }
        for row in found.golden_changed
    ]
    return render(
        request,
        "programs/staff/impact_report.html",
        {
            "job": found,
            "edition": found.edition,
            "page": page,
            "direction": direction,
            "directions": ImpactDirection.choices,
            "current": selectors.impact_is_current(found, found.edition),
            "golden_changed": golden,
        },
    )
