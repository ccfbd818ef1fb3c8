"""The proposal PDF panel of the case workspace (htmx, polled while a PDF is being made), the request, the retry
and the download. Anyone who may see the case may use them; for anyone else the case does not exist (404)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from applications import selectors as case_selectors
from applications.models import Case, ProposalJob
from applications.models.proposals import ACTIVE_STATUSES
from portal.language import current_lang
from portal.models import JobStatus

from . import selectors, services


def _case(request, pk: int) -> Case:
    try:
        return case_selectors.case_for_user(user=request.user, pk=pk)
    except Case.DoesNotExist:
        raise Http404 from None


def _job(case: Case, pk: int) -> ProposalJob:
    try:
        return selectors.proposal_job(case=case, pk=pk)
    except ProposalJob.DoesNotExist:
        raise Http404 from None


def _panel(request, case: Case, *, error: str = ""):
    jobs = selectors.proposal_jobs(case=case)
    languages = dict(settings.LANGUAGES)
    for job in jobs:
        job.language_label = languages.get(job.language, job.language)
        job.outdated = job.status == JobStatus.SUCCEEDED and job.case_version != case.version
    context = {"case": case, "jobs": jobs, "error": error, "active": any(j.status in ACTIVE_STATUSES for j in jobs)}
    template = "applications/proposals/_panel.html" if request.htmx else "applications/proposals/page.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_jobs(request, pk: int):
    """GET: the case's newest proposal PDFs. POST: ask for one in the current language."""
    case = _case(request, pk)
    if request.method == "POST":
        services.proposal_request(actor=request.user, case=case, language=current_lang())
        if not request.htmx:
            return redirect("case-proposal-jobs", pk=case.pk)
    return _panel(request, case)


@login_required
@require_POST
def proposal_retry(request, pk: int, job: int):
    case = _case(request, pk)
    error = ""
    try:
        services.proposal_retry(actor=request.user, job=_job(case, job))
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if not request.htmx:
        return redirect("case-proposal-jobs", pk=case.pk)
    return _panel(request, case, error=error)


@login_required
def proposal_download(request, pk: int, job: int):
    case = _case(request, pk)
    found = _job(case, job)
    if found.status != JobStatus.SUCCEEDED or not found.file or not found.file.storage.exists(found.file.name):
        raise Http404(_("This PDF is not ready."))
    response = FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        content_type="application/pdf",
        filename=_("%(reference)s-proposal.pdf") % {"reference": case.reference},
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
