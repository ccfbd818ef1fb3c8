"""The impact panel of a draft's page (htmx, polled while the run works), its report, and trying a failed run
again. Administrators only, like the rest of the edition pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from portal.language import current_lang
from programs.editor.common import error_messages, require_admin
from programs.models import Edition, ImpactDirection, ImpactJob

from . import selectors, services

ROWS_PAGE = 50


def panel_context(edition: Edition, *, error: str = "") -> dict:
    """What the impact panel shows: the latest run, and whether it judged the draft as it stands now."""
    job = selectors.impact_latest(edition=edition)
    current = selectors.impact_is_current(job, edition)
    return {"job": job, "current": current, "error": error, "stale": job is not None and not job.active and not current}


def panel(request, edition: Edition, *, error: str = ""):
    return render(request, "programs/staff/_impact.html",
                  {"edition": edition, "impact": panel_context(edition, error=error)})  # fmt: skip


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
        request.GET.get("page"))  # fmt: skip
    return render(request, "programs/staff/impact_report.html", {
        "job": found, "edition": found.edition, "page": page, "direction": direction,
        "directions": ImpactDirection.choices, "current": selectors.impact_is_current(found, found.edition),
        "golden_changed": found.golden_changed,
    })  # fmt: skip
