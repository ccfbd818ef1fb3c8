"""The contract page (signing, with the edition's deadline shown; the self-funding paid in), termination, the
case's ledger with its chart and Excel export, and the follow-up reports after closing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from applications.models import CaseStatus
from applications.services import actions_for, case_transition
from portal.language import current_lang, text_in_language
from programs.deadlines import edition_deadline, edition_deadline_label
from programs.rulesets import ruleset_for

from .. import selectors, services
from ..charts import disbursement_chart
from ..exports import CONTENT_TYPE, case_ledger_workbook
from ..forms import ContractForm, FollowUpForm, SelfFundingForm, TerminateForm
from ..models import Contract, FollowUp
from .common import kpi_choices, money_case, office_case, on_form, render_money


def _contract_context(case, contract) -> dict:
    ruleset = ruleset_for(case.edition)
    context = {"deadline_rule": text_in_language(edition_deadline_label(ruleset, "contract"))}
    if contract is None:
        context["approved_on"] = services.approval_day(case)
        context["sign_by"] = services.sign_by(case)
        context["missing_documents"] = services.missing_contract_documents(case, ruleset)
        return context
    payments = list(selectors.self_payments(contract=contract))
    paid_by = edition_deadline(ruleset, "self_funding_paid", anchor=case.period_end or contract.period_end)
    context.update(
        payments=[{"payment": p, "late": paid_by is not None and p.paid_on > paid_by} for p in payments],
        self_paid=sum(p.amount for p in payments),
        self_paid_by=paid_by,
        self_paid_rule=text_in_language(edition_deadline_label(ruleset, "self_funding_paid")),
        follow_ups=list(selectors.follow_ups(case=case)),
    )
    return context


@login_required
@require_http_methods(["GET", "POST"])
def contract_page(request, pk: int):
    case = money_case(request, pk)
    if case.approved_gov is None:  # not approved (yet): there is no contract to speak of
        raise Http404
    contract = Contract.objects.filter(case=case).first()
    can_sign = contract is None and "contract" in actions_for(request.user, case)
    form = None
    if can_sign:
        initial = {"signed_on": timezone.localdate(), "self_amount": f"{case.requested_self:,}"}
        form = ContractForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            done = on_form(
                form,
                case_transition,
                actor=request.user,
                case=case,
                action="contract",
                payload=form.payload(),
                lang=current_lang(),
            )
            if done is not None:
                messages.success(request, _("The contract is recorded and its instalments are planned."))
                return redirect("money-instalments", case.pk)
    elif request.method == "POST":
        raise Http404
    can_record = contract is not None and case.status in (
        CaseStatus.CONTRACTED,
        CaseStatus.IN_PROGRESS,
        CaseStatus.CLOSING,
    )
    return render_money(
        request,
        "disbursements/contract.html",
        case,
        "contract",
        contract=contract,
        form=form,
        payment_form=SelfFundingForm() if can_record else None,
        **_contract_context(case, contract),
    )


@login_required
@require_POST
def self_funding_add(request, pk: int):
    case = money_case(request, pk)
    form = SelfFundingForm(request.POST)
    if (
        form.is_valid()
        and on_form(form, services.self_funding_record, actor=request.user, case=case, **form.cleaned_data) is not None
    ):
        messages.success(request, _("Self-funding payment recorded."))
        return redirect(reverse("money-contract", args=[case.pk]) + "#self-funding")
    contract = Contract.objects.filter(case=case).first()
    return render_money(
        request,
        "disbursements/contract.html",
        case,
        "contract",
        contract=contract,
        payment_form=form,
        **_contract_context(case, contract),
    )


@login_required
@require_http_methods(["GET", "POST"])
def terminate_page(request, pk: int):
    case = office_case(request, pk)
    if "terminate" not in actions_for(request.user, case):
        raise Http404
    form = TerminateForm(request.POST or None, initial={"clawback": "0"})
    if request.method == "POST" and form.is_valid():
        payload = {"reason": form.cleaned_data["reason"], "clawback": form.cleaned_data["clawback"]}
        if (
            on_form(
                form,
                case_transition,
                actor=request.user,
                case=case,
                action="terminate",
                payload=payload,
                lang=current_lang(),
            )
            is not None
        ):
            messages.success(request, _("The contract is terminated."))
            return redirect("money-ledger", case.pk)
    ledger = selectors.case_ledger(case=case, lang=current_lang())
    return render_money(request, "disbursements/terminate.html", case, "terminate", form=form, ledger=ledger)


@login_required
def ledger_page(request, pk: int):
    case = money_case(request, pk)
    ledger = selectors.case_ledger(case=case, lang=current_lang())
    if ledger is None:
        raise Http404
    monthly = selectors.monthly_releases(releases=case.releases.all())
    latest = selectors.progress_reports(case=case).first()
    overdue = selectors.report_overdue(
        status=case.status,
        checkpoints=case.checkpoints,
        period_end=case.period_end,
        last_as_of=latest.as_of if latest else None,
        has_final=bool(latest and latest.kind == "final"),
        today=timezone.localdate(),
    )
    return render_money(
        request,
        "disbursements/ledger.html",
        case,
        "ledger",
        ledger=ledger,
        overdue=overdue,
        overdue_follow_ups=case.follow_ups.filter(submitted_at__isnull=True, due__lt=timezone.localdate()).count(),
        releases=[p for p in ledger.plans if p.instalment.status == "released"],
        clawbacks=list(case.clawbacks.select_related("recorded_by")),
        chart=disbursement_chart(monthly, approved=ledger.approved_gov),
    )


@login_required
def ledger_export(request, pk: int):
    case = money_case(request, pk)
    ledger = selectors.case_ledger(case=case, lang=current_lang())
    if ledger is None:
        raise Http404
    content = case_ledger_workbook(case=case, ledger=ledger)
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    name = _("ledger")
    response["Content-Disposition"] = content_disposition_header(True, f"{case.reference}-{name}.xlsx")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def follow_up_page(request, pk: int, no: int):
    case = money_case(request, pk)
    follow_up = FollowUp.objects.filter(case=case, no=no).select_related("submitted_by").first()
    if follow_up is None:
        raise Http404
    can_submit = follow_up.submitted_at is None and request.user.has_perm("disbursements.submit_follow_up", case)
    kpis = kpi_choices(case)
    form = FollowUpForm(request.POST or None, kpis=kpis, initial_values=follow_up.kpi_actuals) if can_submit else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if (
            form.is_valid()
            and on_form(
                form,
                services.follow_up_submit,
                actor=request.user,
                follow_up=follow_up,
                kpi_actuals=form.kpi_values(),
                note=form.cleaned_data["note"],
            )
            is not None
        ):
            messages.success(request, _("Follow-up report %(no)s filed.") % {"no": no})
            return redirect("money-contract", case.pk)
    return render_money(
        request, "disbursements/follow_up.html", case, "contract", follow_up=follow_up, form=form, kpis=dict(kpis)
    )
