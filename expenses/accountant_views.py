"""External accountants on the pages: the programme office registers them (``/office/accountants/``) and
assigns them to a case or takes them off it (from the case's expense ledger); an accountant lists the cases
assigned to them (``/accountant/cases/``). The services decide; a page the user may not use is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from disbursements.views.common import on_form
from portal.views.pages import paginate

from . import selectors, services
from .forms import AccountantForm, AssignForm
from .models import AccountantAssignment
from .permissions import assigned_cases_visible_to
from .views import expense_case


@login_required
@require_POST
def assign(request, pk: int):
    case = expense_case(request, pk)
    if not request.user.has_perm("expenses.assign_accountant", case):
        raise Http404
    form = AssignForm(request.POST, accountants=selectors.accountants(active_only=True))
    if form.is_valid():
        done = on_form(
            form,
            services.accountant_assign,
            actor=request.user,
            case=case,
            accountant_id=form.cleaned_data["accountant"],
        )
        if done is not None:
            messages.success(
                request, _("%(name)s may now verify this case's expenses.") % {"name": done.accountant.full_name}
            )
            return redirect("expense-ledger", case.pk)
    for errors in form.errors.values():  # refused: nothing changed, the reasons shown on the ledger
        messages.error(request, " ".join(str(e) for e in errors))
    return redirect(f"{reverse('expense-ledger', args=[case.pk])}#accountants")


@login_required
@require_POST
def unassign(request, pk: int, accountant: int):
    case = expense_case(request, pk)
    if not request.user.has_perm("expenses.assign_accountant", case):
        raise Http404
    try:
        services.accountant_unassign(actor=request.user, case=case, accountant_id=accountant)
    except AccountantAssignment.DoesNotExist:
        raise Http404 from None
    messages.success(request, _("The accountant no longer sees this case's expenses."))
    return redirect("expense-ledger", case.pk)


@login_required
def assigned_cases_page(request):
    if not request.user.has_perm("expenses.view_assigned_cases"):
        raise Http404
    page = paginate(request, selectors.assigned_cases(cases=assigned_cases_visible_to(request.user)))
    return render(request, "expenses/assigned_cases.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def accountants_page(request):
    if not request.user.has_perm("expenses.manage_accountants"):
        raise Http404
    form = AccountantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = on_form(form, services.accountant_register, actor=request.user, data=form.cleaned_data)
        if user is not None:
            messages.success(
                request,
                _("%(name)s is registered; they set their password through “Forgot your password?”.")
                % {"name": user.full_name},
            )
            return redirect("expense-accountants")
    page = paginate(request, selectors.accountants())
    status = 400 if request.method == "POST" else 200
    return render(request, "expenses/accountants.html", {"form": form, "page": page}, status=status)
