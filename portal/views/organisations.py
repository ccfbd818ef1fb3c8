from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal import selectors, services
from portal.forms import CompanyForm, ContactFormSet, CounsellingUnitForm, QualificationFormSet
from portal.models import Company, CounsellingUnit, QualificationCategory, Role
from portal.permissions import companies_visible_to, field_writable, units_visible_to

from .pages import paginate


def _apply_model_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
def my_company(request):
    if request.user.role != Role.APPLICANT:
        raise PermissionDenied
    return redirect("company-detail", pk=request.user.company_id)


@login_required
def company_list(request):
    if not request.user.has_perm("portal.view_office_lists"):
        raise PermissionDenied
    search = request.GET.get("q", "")
    page = paginate(request, selectors.companies_for_user(user=request.user, search=search))
    return render(request, "portal/company_list.html", {"page": page, "q": search})


@login_required
def company_detail(request, pk: int):
    company = get_object_or_404(companies_visible_to(request.user).prefetch_related("contacts", "members"), pk=pk)
    if not request.user.has_perm("portal.view_company", company):
        raise PermissionDenied
    return render(
        request,
        "portal/company_detail.html",
        {"company": company, "can_edit": request.user.has_perm("portal.change_company", company)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def company_edit(request, pk: int):
    company = get_object_or_404(Company, pk=pk)
    if not request.user.has_perm("portal.change_company", company):
        raise PermissionDenied
    form = CompanyForm(request.POST or None, instance=company, user=request.user)
    formset = ContactFormSet(request.POST or None, instance=company, prefix="contacts")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.company_update(actor=request.user, company=company, data=data, contacts=formset.rows())
        except ValidationError as exc:
            _apply_model_errors(form, exc)
        else:
            messages.success(request, _("The company profile was saved."))
            return redirect("company-detail", pk=company.pk)
    return render(request, "portal/company_form.html", {"form": form, "formset": formset, "company": company})


@login_required
def unit_list(request):
    search = request.GET.get("q", "")
    category = request.GET.get("category", "")
    if category not in QualificationCategory.values:
        category = ""
    page = paginate(request, selectors.units_for_user(user=request.user, search=search, category=category))
    return render(
        request,
        "portal/unit_list.html",
        {"page": page, "q": search, "category": category, "categories": QualificationCategory.choices},
    )


@login_required
def unit_detail(request, pk: int):
    unit = get_object_or_404(units_visible_to(request.user).prefetch_related("qualifications"), pk=pk)
    return render(
        request,
        "portal/unit_detail.html",
        {"unit": unit, "can_edit": request.user.has_perm("portal.change_counsellingunit", unit)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request, pk: int):
    unit = get_object_or_404(CounsellingUnit, pk=pk)
    if not request.user.has_perm("portal.change_counsellingunit", unit):
        raise PermissionDenied
    # Qualification registrations are verified by the programme office (portal.permissions)
    can_edit_qualifications = field_writable(request.user, unit, "qualifications")
    form = CounsellingUnitForm(request.POST or None, instance=unit, user=request.user)
    formset = QualificationFormSet(request.POST or None, instance=unit, prefix="qualifications")
    if request.method == "POST" and form.is_valid() and (not can_edit_qualifications or formset.is_valid()):
        data = dict(form.cleaned_data)
        qualifications = formset.rows() if can_edit_qualifications else None
        try:
            services.counselling_unit_update(actor=request.user, unit=unit, data=data, qualifications=qualifications)
        except ValidationError as exc:
            _apply_model_errors(form, exc)
        else:
            messages.success(request, _("The counselling unit was saved."))
            return redirect("unit-detail", pk=unit.pk)
    return render(
        request,
        "portal/unit_form.html",
        {"form": form, "formset": formset, "unit": unit, "can_edit_qualifications": can_edit_qualifications},
    )
