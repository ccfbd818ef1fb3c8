"""The expense pages of a case: the ledger (filters, totals per line, the form to record an expense, the
office's verification), the import's template (the import itself: import_views.py), the accumulated-spending
report (page, Excel, PDF); and the programme office's verification queue across cases.
No decisions here: the services decide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from applications.models import Case
from disbursements.models import Contract
from disbursements.views.common import on_form
from portal.language import current_lang, text_in_language
from portal.models import Role
from portal.views.pages import paginate
from programs.rulesets import ruleset_for

from . import selectors, services
from .forms import AssignForm, ExpenseForm, FilterForm, VerifyForm
from .permissions import expense_cases_visible_to
from .report_print import accumulated_pdf
from .report_workbook import accumulated_workbook
from .workbooks import CONTENT_TYPE, import_template


def expense_case(request, pk: int) -> Case:
    """A contracted case whose expenses the user may see; 404 otherwise (before the contract there are none).
    An external accountant reaches here the cases assigned to them, which they see nowhere else."""
    case = (
        expense_cases_visible_to(request.user)
        .select_related("edition", "edition__programme", "company", "unit", "created_by")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404
    if not request.user.has_perm("expenses.view_expenses", case) or not Contract.objects.filter(case=case).exists():
        raise Http404
    return case


def accountants_context(case: Case) -> dict:
    """The office's view of the case's external accountants: who is assigned, and the form to assign one."""
    return {
        "assignments": list(selectors.case_accountants(case=case)),
        "assign_form": AssignForm(accountants=selectors.accountants(active_only=True)),
    }


def _lines(case: Case, ruleset) -> dict[str, str]:
    labels = {item.code: text_in_language(item.label) for item in ruleset.budget_lines}
    return {
        row["code"]: labels.get(row["code"], row["code"])
        for row in case.budget_lines or []
        if (row.get("gov") or 0) + (row.get("self") or 0)
    }


def render_expense_page(request, template: str, case: Case, tab: str, status: int = 200, **context):
    user = request.user
    office = user.has_perm("expenses.assign_accountant", case)
    return render(
        request,
        template,
        {
            "case": case,
            "contract": Contract.objects.filter(case=case).first(),
            "tab": tab,
            "is_office": office,
            "can_verify": user.has_perm("expenses.verify_expense", case),
            "is_accountant": user.role == Role.ACCOUNTANT,
            "is_party": user.has_perm("expenses.record_expense", case),
            **(accountants_context(case) if office and template == "expenses/ledger.html" else {}),
            **context,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def ledger_page(request, pk: int):
    case = expense_case(request, pk)
    ruleset = ruleset_for(case.edition)
    lines = _lines(case, ruleset)
    form = None
    if request.user.has_perm("expenses.record_expense", case):
        form = ExpenseForm(request.POST or None, request.FILES or None, lines=lines)
        if request.method == "POST" and form.is_valid():
            expense = on_form(
                form,
                services.expense_record,
                actor=request.user,
                case=case,
                data=form.payload(),
                lang=current_lang(),
                upload=form.cleaned_data.get("receipt"),
            )
            if expense is not None:
                messages.success(request, _("Expense %(no)s recorded.") % {"no": expense.receipt_no})
                return redirect("expense-ledger", case.pk)
    elif request.method == "POST":
        raise Http404
    filters = FilterForm(request.GET or None, lines=lines)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    expenses = selectors.case_expenses(
        case=case, line=chosen.get("line", ""), status=chosen.get("status", ""), query=chosen.get("q", "")
    )
    return render_expense_page(
        request,
        "expenses/ledger.html",
        case,
        "expenses",
        form=form,
        filters=filters,
        page=paginate(request, expenses),
        lines=lines,
        tax_basis=ruleset.tax_basis,
        figures=selectors.line_figures(case=case, ruleset=ruleset, lang=current_lang()),
        due=selectors.verification_due(case=case, ruleset=ruleset),
        status=400 if form and form.errors else 200,
    )


@login_required
@require_POST
def verify(request, pk: int, expense: int):
    case = expense_case(request, pk)
    if not request.user.has_perm("expenses.verify_expense", case):
        raise Http404
    form = VerifyForm(request.POST)
    if form.is_valid():
        result = on_form(
            form,
            services.expense_verify,
            actor=request.user,
            case=case,
            expense_id=expense,
            accept=form.cleaned_data["decision"] == "accept",
            reason=form.cleaned_data["reason"],
        )
        if result is not None:
            messages.success(
                request,
                _("Expense %(no)s: %(status)s.") % {"no": result.receipt_no, "status": result.get_status_display()},
            )
            if request.POST.get("next") == "queue":
                return redirect("expense-queue")
            return redirect("expense-ledger", case.pk)
    for error in form.errors.values():
        messages.error(request, " ".join(str(e) for e in error))
    return redirect("expense-ledger", case.pk)


@login_required
def receipt_download(request, pk: int, expense: int):
    """The scanned receipt of an expense, as an attachment, to whoever sees the case's expenses."""
    case = expense_case(request, pk)
    found = selectors.case_expenses(case=case).filter(pk=expense).exclude(receipt="").first()
    if found is None:
        raise Http404
    response = FileResponse(
        found.receipt.open("rb"), as_attachment=True, filename=found.receipt_name, content_type=found.receipt_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def template_download(request, pk: int):
    case = expense_case(request, pk)
    content = import_template(case=case, lines=_lines(case, ruleset_for(case.edition)))
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{case.reference}-expenses-template.xlsx")
    return response


def _report(request, case: Case):
    ruleset = ruleset_for(case.edition)
    return ruleset, selectors.line_figures(case=case, ruleset=ruleset, lang=current_lang())


@login_required
def report_page(request, pk: int):
    case = expense_case(request, pk)
    ruleset, figures = _report(request, case)
    return render_expense_page(
        request, "expenses/report.html", case, "expenses", figures=figures, tax_basis=ruleset.tax_basis
    )


@login_required
def report_xlsx(request, pk: int):
    case = expense_case(request, pk)
    ruleset, figures = _report(request, case)
    content = accumulated_workbook(case=case, ruleset=ruleset, figures=figures, lang=current_lang())
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{case.reference}-accumulated.xlsx")
    return response


@login_required
def report_pdf(request, pk: int):
    case = expense_case(request, pk)
    ruleset, figures = _report(request, case)
    pdf = accumulated_pdf(case=case, ruleset=ruleset, figures=figures, lang=current_lang())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"{case.reference}-accumulated.pdf")
    return response


@login_required
def queue_page(request):
    if not request.user.has_perm("expenses.view_verification_queue"):
        raise Http404
    cases = expense_cases_visible_to(request.user)
    page = paginate(request, selectors.verification_queue(cases=cases))
    return render(request, "expenses/queue.html", {"page": page})
