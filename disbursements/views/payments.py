"""Releases: each instalment with its conditions and their numbers, released or withheld by the programme
office (a refusal shows which condition fails and why); and the progress reports the company or its unit
files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from applications.services import CaseRefused, TransitionNotAllowed
from portal.language import current_lang
from portal.views.pages import paginate

from .. import selectors, services
from ..forms import ProgressReportForm, ReleaseForm, WithholdForm
from ..models import Instalment, ReportKind
from ..services.reports import REPORT_STATUSES, edition_counts_visits
from .common import contracted_case, kpi_choices, money_case, office_case, render_money


def _instalments(request, case, *, refusal: dict | None = None):
    ledger = selectors.case_ledger(case=case, lang=current_lang())
    if ledger is None:
        raise Http404
    latest = selectors.progress_reports(case=case).first()
    return render_money(
        request,
        "disbursements/instalments.html",
        case,
        "instalments",
        ledger=ledger,
        latest=latest,
        refusal=refusal,
        release_form=ReleaseForm(),
        withhold_form=WithholdForm(),
    )


@login_required
def instalments_page(request, pk: int):
    return _instalments(request, money_case(request, pk))


@login_required
@require_POST
def release(request, pk: int, no: int):
    case = office_case(request, pk)
    form = ReleaseForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        done = services.instalment_release(actor=request.user, case=case, no=no, lang=current_lang(), note=note)
    except Instalment.DoesNotExist:
        raise Http404 from None
    except CaseRefused as exc:
        return _instalments(
            request, case, refusal={"no": no, "errors": exc.errors, "outcomes": [o for o in exc.outcomes if o.blocking]}
        )
    except TransitionNotAllowed as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Instalment %(no)s released: NT$%(amount)s.") % {"no": no, "amount": f"{done.amount:,}"}
        )
    return redirect(reverse("money-instalments", args=[case.pk]) + f"#instalment-{no}")


@login_required
@require_POST
def withhold(request, pk: int, no: int):
    case = office_case(request, pk)
    form = WithholdForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.instalment_withhold(actor=request.user, case=case, no=no, reason=reason)
    except Instalment.DoesNotExist:
        raise Http404 from None
    except CaseRefused as exc:
        return _instalments(request, case, refusal={"no": no, "errors": exc.errors, "outcomes": []})
    except TransitionNotAllowed as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Instalment %(no)s withheld.") % {"no": no})
    return redirect(reverse("money-instalments", args=[case.pk]) + f"#instalment-{no}")


def _report_form(case, data=None) -> ProgressReportForm:
    kpis = kpi_choices(case)
    return ProgressReportForm(
        data,
        checkpoints=case.checkpoints,
        kpis=kpis,
        visits=edition_counts_visits(case),
        initial={"as_of": timezone.localdate(), "kind": ReportKind.PROGRESS},
    )


@login_required
@require_http_methods(["GET", "POST"])
def reports_page(request, pk: int):
    case = contracted_case(request, pk)
    latest = selectors.progress_reports(case=case).first()
    can_file = (
        request.user.has_perm("disbursements.report_progress", case)
        and case.status in REPORT_STATUSES
        and not (latest and latest.kind == ReportKind.FINAL)
    )
    form = _report_form(case, request.POST or None) if can_file else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.progress_report_file(actor=request.user, case=case, data=form.data_for_service())
            except CaseRefused as exc:
                for key, texts in exc.errors.items():
                    name = key.split(".")[0]
                    form.add_error(name if name in form.fields and "." not in key else None, texts)
            except TransitionNotAllowed as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Progress report filed."))
                return redirect("money-reports", case.pk)
    kpi_labels = dict(kpi_choices(case))
    checkpoint_items = [row.get("item") for row in case.checkpoints]
    page = paginate(request, selectors.progress_reports(case=case))
    rows = [
        {
            "report": report,
            "checkpoints": [
                (checkpoint_items[c["index"]] if c["index"] < len(checkpoint_items) else "—", c)
                for c in report.checkpoints
            ],
            "kpis": [(kpi_labels.get(key, key), value) for key, value in report.kpi_actuals.items()],
        }
        for report in page.object_list
    ]
    return render_money(
        request, "disbursements/reports.html", case, "reports", form=form, page=page, rows=rows, latest=latest
    )
