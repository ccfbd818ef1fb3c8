"""The carbon workspace: factor library, inventories, sources, monthly activity data, results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from carbon import selectors, services
from carbon.charts import category_bars, monthly_columns
from carbon.forms import ActivityGrid, FacilityForm, InventoryForm, SourceForm
from carbon.models import EmissionSource, Inventory
from carbon.models.inventory import CATEGORY_LABELS, CATEGORY_SHORT
from carbon.permissions import inventories_visible_to
from portal.models import Role

SOURCES_PER_PAGE = 50


def _inventory(request, pk: int, *, change: bool = False) -> Inventory:
    inventory = get_object_or_404(inventories_visible_to(request.user).select_related("company", "gwp_set"), pk=pk)
    if change and not request.user.has_perm("carbon.change_inventory", inventory):
        raise PermissionDenied
    return inventory


def _form_errors(form, exc: ValidationError) -> None:
    for field, errors in (exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}).items():
        form.add_error(field if field in form.fields else None, errors)


def factor_library(request):
    sets = selectors.factor_sets_with_factors()
    return render(request, "carbon/factor_library.html", {"sets": sets})


@login_required
def inventory_list(request):
    page = Paginator(selectors.inventories_for_user(user=request.user), 25).get_page(request.GET.get("page"))
    return render(
        request, "carbon/inventory_list.html", {"page": page, "can_add": request.user.has_perm("carbon.add_inventory")}
    )


@login_required
@require_http_methods(["GET", "POST"])
def inventory_create(request):
    if not request.user.has_perm("carbon.add_inventory") or request.user.role != Role.APPLICANT:
        raise PermissionDenied
    form = InventoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            inventory = services.inventory_create(
                actor=request.user, company=request.user.company, data=form.cleaned_data
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The inventory was created. Add its emission sources next."))
            return redirect("carbon-inventory", pk=inventory.pk)
    return render(request, "carbon/inventory_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def inventory_edit(request, pk: int):
    inventory = _inventory(request, pk, change=True)
    form = InventoryForm(request.POST or None, instance=inventory)
    if request.method == "POST" and form.is_valid():
        try:
            services.inventory_update(actor=request.user, inventory=inventory, data=form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The inventory was saved."))
            return redirect("carbon-inventory", pk=inventory.pk)
    return render(request, "carbon/inventory_form.html", {"form": form, "inventory": inventory})


@login_required
@require_http_methods(["GET", "POST"])
def inventory_workspace(request, pk: int):
    inventory = _inventory(request, pk)
    can_change = request.user.has_perm("carbon.change_inventory", inventory)
    facility_form = FacilityForm(request.POST or None)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if facility_form.is_valid():
            try:
                services.facility_add(actor=request.user, inventory=inventory, **facility_form.cleaned_data)
            except ValidationError as exc:
                _form_errors(facility_form, exc)
            else:
                messages.success(request, _("The facility was added."))
                return redirect("carbon-inventory", pk=inventory.pk)
    inventory = selectors.inventory_detail(inventory_id=inventory.pk, user=request.user)
    q = request.GET.get("q", "")
    sources = Paginator(selectors.inventory_sources(inventory=inventory, q=q), SOURCES_PER_PAGE)
    calculation = selectors.latest_calculation(inventory=inventory)
    results = calculation.results if calculation else None
    labels = {code: str(label) for code, label in CATEGORY_LABELS.items()}
    charts = None
    if results:
        charts = {
            "categories": category_bars(results["by_category"], {c: str(v) for c, v in CATEGORY_SHORT.items()}),
            "months": monthly_columns(results["by_month"]),
        }
    return render(
        request,
        "carbon/workspace.html",
        {
            "inventory": inventory,
            "calculation": calculation,
            "results": results,
            "charts": charts,
            "labels": labels,
            "can_change": can_change,
            "facility_form": facility_form,
            "out_of_date": selectors.calculation_out_of_date(inventory=inventory, calculation=calculation),
            "page": sources.get_page(request.GET.get("page")),
            "q": q,
        },
    )


@login_required
@require_POST
def inventory_calculate(request, pk: int):
    inventory = _inventory(request, pk, change=True)
    try:
        calculation = services.calculation_run(actor=request.user, inventory=inventory)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Calculated: %(total)s tCO2e.") % {"total": calculation.results["total"]})
    return redirect("carbon-inventory", pk=inventory.pk)


@login_required
@require_http_methods(["GET", "POST"])
def source_edit(request, pk: int, source_id: int | None = None):
    inventory = _inventory(request, pk, change=True)
    source = get_object_or_404(EmissionSource, pk=source_id, inventory=inventory) if source_id else None
    form = SourceForm(request.POST or None, instance=source, inventory=inventory)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.source_save(actor=request.user, inventory=inventory, data=form.cleaned_data, source=source)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The source was saved."))
            return (
                redirect("carbon-activity", pk=inventory.pk, source_id=saved.pk)
                if source is None
                else redirect("carbon-inventory", pk=inventory.pk)
            )
    return render(request, "carbon/source_form.html", {"form": form, "inventory": inventory, "source": source})


@login_required
@require_POST
def source_delete(request, pk: int, source_id: int):
    inventory = _inventory(request, pk, change=True)
    source = get_object_or_404(EmissionSource, pk=source_id, inventory=inventory)
    services.source_delete(actor=request.user, source=source)
    messages.success(request, _("The source was deleted."))
    return redirect("carbon-inventory", pk=inventory.pk)


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request, pk: int, source_id: int):
    inventory = _inventory(request, pk)
    source = get_object_or_404(
        EmissionSource.objects.select_related("factor", "inventory"), pk=source_id, inventory=inventory
    )
    can_change = request.user.has_perm("carbon.change_inventory", inventory)
    grid = ActivityGrid(source=source, data=request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if grid.is_valid():
            try:
                services.activity_months_set(actor=request.user, source=source, months=grid.cleaned)
            except ValidationError as exc:
                grid.errors["form"] = "; ".join(exc.messages)
            else:
                messages.success(request, _("The activity data was saved."))
                return redirect("carbon-inventory", pk=inventory.pk)
    return render(
        request,
        "carbon/activity_form.html",
        {"inventory": inventory, "source": source, "grid": grid, "can_change": can_change},
    )
