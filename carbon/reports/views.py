"""The report-jobs panel of the inventory workspace (htmx), the download and the retry."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from carbon import selectors
from carbon.models import Inventory, ReportJob
from portal.jobs import BackgroundUnavailable, job_outlived
from portal.models import JobStatus

from . import services


def _inventory_for(user, pk: int, perm: str) -> Inventory:
    inventory = get_object_or_404(Inventory.objects.select_related("company"), pk=pk)
    if not user.has_perm(perm, inventory):
        raise PermissionDenied
    return inventory


def _job_for(user, pk: int, perm: str) -> ReportJob:
    job = get_object_or_404(ReportJob.objects.select_related("inventory"), pk=pk)
    if not user.has_perm(perm, job.inventory):
        raise PermissionDenied
    return job


def _panel(request, inventory: Inventory, *, error: str = "", status: int = 200):
    jobs = list(selectors.report_jobs(inventory=inventory))
    languages = dict(settings.LANGUAGES)
    for job in jobs:
        job.language_label = languages.get(job.language, job.language)
        # running past its time: its worker was lost (the sweeper fails it within a minute; a person need not wait)
        job.stuck = job.status == JobStatus.RUNNING and job_outlived(job)
    context = {
        "inventory": inventory,
        "jobs": jobs,
        "error": error,
        "active": any(job.status in (JobStatus.QUEUED, JobStatus.RUNNING) for job in jobs),
        "can_request": request.user.has_perm("carbon.change_inventory", inventory),
    }
    return render(request, "carbon/reports/_jobs.html", context, status=status)


def _message(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@login_required
@require_http_methods(["GET", "POST"])
def report_jobs(request, pk: int):
    """GET: the inventory's report jobs. POST: calculate now and queue a report in the current language."""
    if request.method == "GET":
        return _panel(request, _inventory_for(request.user, pk, "carbon.view_inventory"))
    inventory = _inventory_for(request.user, pk, "carbon.change_inventory")
    error = ""
    try:
        services.report_request(actor=request.user, inventory=inventory, language=get_language())
    except ValidationError as exc:  # services.calculation_run words what cannot be calculated
        error = _message(exc)
    except BackgroundUnavailable as exc:
        error = str(exc.message)
    return _answer(request, inventory, error)


@login_required
@require_POST
def report_retry(request, pk: int):
    job = _job_for(request.user, pk, "carbon.change_inventory")
    error = ""
    try:
        services.report_retry(actor=request.user, job=job)
    except ValidationError as exc:
        error = _message(exc)
    except BackgroundUnavailable as exc:
        error = str(exc.message)
    return _answer(request, job.inventory, error)


def _answer(request, inventory: Inventory, error: str):
    """The panel for htmx; otherwise back to the inventory, with the error (if any) as a message there."""
    if request.htmx:
        return _panel(request, inventory, error=error)
    if error:
        messages.error(request, error)
    return redirect("carbon-inventory", pk=inventory.pk)


@login_required
def report_download(request, pk: int):
    job = _job_for(request.user, pk, "carbon.view_inventory")
    if job.status != JobStatus.SUCCEEDED or not job.file or not job.file.storage.exists(job.file.name):
        raise Http404(_("This report is not ready."))
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=job.file.name.rsplit("/", 1)[-1],
        content_type="application/pdf",
    )
