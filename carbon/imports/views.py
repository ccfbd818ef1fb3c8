"""The import panel of the inventory workspace (htmx partials; full pages when opened directly)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from carbon.models import ImportJob, Inventory
from carbon.permissions import inventories_visible_to
from portal.jobs import BackgroundUnavailable
from portal.models import JobStatus

from . import selectors, services
from .forms import ImportForm
from .problems import MAX_BYTES, describe, describe_stored
from .template import import_template

PROBLEMS_PER_PAGE = 50
UPLOAD_SLACK = 256 * 1024  # the multipart envelope around the file
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _inventory(request, pk: int) -> Inventory:
    inventory = get_object_or_404(inventories_visible_to(request.user).select_related("company"), pk=pk)
    if not request.user.has_perm("carbon.view_inventory", inventory):
        raise PermissionDenied
    return inventory


def _render(request, partial: str, context: dict, status: int = 200) -> HttpResponse:
    template = partial if request.htmx else "carbon/imports/page.html"
    return render(request, template, {**context, "partial": partial}, status=status)


def _job_context(request, job: ImportJob) -> dict:
    problems = None
    if job.status == JobStatus.FAILED:
        page = Paginator(job.row_errors or [], PROBLEMS_PER_PAGE).get_page(request.GET.get("page"))
        problems = {
            "page": page,
            "rows": [{"row": e.get("row"), "column": e.get("column", ""), "message": describe_stored(e)} for e in page],
        }
    skipped = max(job.rows_total - job.rows_imported, 0) if job.status == JobStatus.SUCCEEDED else 0
    return {"job": job, "problems": problems, "skipped": skipped}


def _panel(request, inventory: Inventory, form: ImportForm, current: ImportJob | None = None) -> HttpResponse:
    jobs = selectors.import_jobs_recent(inventory=inventory)
    if current is None and jobs and not jobs[0].done:
        current = selectors.import_job(inventory=inventory, job_id=jobs[0].pk)
    context = {
        "inventory": inventory,
        "form": form,
        "jobs": jobs,
        "can_import": request.user.has_perm("carbon.change_inventory", inventory),
        **(_job_context(request, current) if current else {"job": None}),
    }
    return _render(request, "carbon/imports/_panel.html", context)


@csrf_exempt  # checked below, once an oversized upload has been turned away unread
@login_required
@require_http_methods(["GET", "POST"])
def import_panel(request, pk: int):
    if request.method == "POST":
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > MAX_BYTES + UPLOAD_SLACK:
            inventory = _inventory(request, pk)
            if not request.user.has_perm("carbon.change_inventory", inventory):
                raise PermissionDenied
            form = ImportForm(data={}, files={})
            form.is_valid()
            too_large = describe("file_too_large", {"limit": MAX_BYTES // (1024 * 1024)})
            form.errors["workbook"] = form.error_class([too_large])
            return _panel(request, inventory, form)
    return _import_panel(request, pk)


@csrf_protect
def _import_panel(request, pk: int):
    inventory = _inventory(request, pk)
    if request.method == "GET":
        return _panel(request, inventory, ImportForm())
    if not request.user.has_perm("carbon.change_inventory", inventory):
        raise PermissionDenied
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _panel(request, inventory, form)
    try:
        job = services.activity_import_request(
            actor=request.user, inventory=inventory, upload=form.cleaned_data["workbook"]
        )
    except BackgroundUnavailable as exc:
        form.add_error(None, str(exc.message))
        return _panel(request, inventory, form)
    if not request.htmx:
        return redirect("carbon-import-job", pk=inventory.pk, job_id=job.pk)
    job = selectors.import_job(inventory=inventory, job_id=job.pk)  # as the worker left it, if it was quick
    return _panel(request, inventory, ImportForm(), current=job)


@login_required
@require_GET
def import_job(request, pk: int, job_id: int):
    inventory = _inventory(request, pk)
    try:
        job = selectors.import_job(inventory=inventory, job_id=job_id)
    except ImportJob.DoesNotExist:
        raise Http404 from None
    response = _render(request, "carbon/imports/_job.html", {"inventory": inventory, **_job_context(request, job)})
    if job.status == JobStatus.SUCCEEDED and request.GET.get("poll"):
        response["HX-Trigger"] = "carbonImportDone"  # the workspace may refresh its sources and totals
    return response


@login_required
@require_GET
def import_template_download(request, pk: int):
    inventory = _inventory(request, pk)
    response = HttpResponse(import_template(inventory=inventory), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="activity-import-{inventory.pk}.xlsx"'
    return response
