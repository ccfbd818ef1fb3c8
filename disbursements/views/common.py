"""What every money page of a case shares: the case as the user may see its money (else 404), the tabs, and
a service's refusal shown on a form."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from applications import selectors as case_selectors
from applications.models import Case
from applications.services import CaseRefused, TransitionNotAllowed
from portal.language import text_in_language
from programs.rulesets import ruleset_for

from ..models import Contract


def money_case(request, pk: int) -> Case:
    try:
        case = case_selectors.case_for_user(user=request.user, pk=pk)
    except Case.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("disbursements.view_money", case):
        raise Http404
    return case


def contracted_case(request, pk: int) -> Case:
    """A case whose money the user may see and that has a contract (before it, its money pages do not exist)."""
    case = money_case(request, pk)
    if not Contract.objects.filter(case=case).exists():
        raise Http404
    return case


def office_case(request, pk: int) -> Case:
    case = money_case(request, pk)
    if not request.user.has_perm("disbursements.release_instalment", case):
        raise Http404
    return case


def on_form(form, service, **kwargs):
    """Call a service for a valid form: its result, or None with the refusal put on the form."""
    try:
        return service(**kwargs)
    except CaseRefused as exc:
        refusal_on_form(form, exc)
    except TransitionNotAllowed as exc:
        form.add_error(None, exc.message)
    return None


def refusal_on_form(form, exc: CaseRefused) -> None:
    """The refusal's field messages on the form's fields of the same name, the rest on the form as a whole."""
    for key, texts in exc.errors.items():
        name = key.split(".")[0]
        form.add_error(name if name in form.fields else None, texts)


def render_money(request, template: str, case: Case, tab: str, **context):
    user = request.user
    contract = context.pop("contract", None) or Contract.objects.filter(case=case).first()
    return render(
        request,
        template,
        {
            "case": case,
            "contract": contract,
            "tab": tab,
            "is_office": user.has_perm("disbursements.release_instalment", case),
            "is_party": user.has_perm("disbursements.report_progress", case),
            **context,
        },
    )


def kpi_choices(case) -> list[tuple[str, str]]:
    """The case's KPIs as (key, label): the edition's label for a coded KPI, the name typed for an own one."""
    labels = {item.code: text_in_language(item.label) for item in ruleset_for(case.edition).kpis}
    rows = []
    for row in case.kpis:
        key = row.get("code") or row.get("name")
        if key:
            target = f"{row.get('after')}" if row.get("after") not in (None, "") else "—"
            rows.append((key, _("%(kpi)s (target %(target)s)") % {"kpi": labels.get(key, key), "target": target}))
    return rows
