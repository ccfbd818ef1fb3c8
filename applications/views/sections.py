"""Editing a proposal one section at a time. Each section's form types the input; ``case_update`` judges
and stores it; the service's messages come back on the fields they name."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from applications import forms as f
from applications import selectors, services
from applications.facts import company_facts, proposal_facts
from applications.models import Case, CaseStatus, StaffRole
from applications.workspace import SECTIONS, section_codes, section_title
from portal.language import current_lang, text_in_language
from portal.models import CounsellingUnit, Role
from programs.exports import budget_workbook
from programs.forms import BudgetLineFormSet
from programs.rules import budget_check
from programs.rulesets import budget_field_labels, derived_labels, ruleset_for, self_only_lines

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def flat_messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "message_dict"):
        return [text for texts in exc.message_dict.values() for text in texts]
    return list(exc.messages)


def add_errors(form, exc: ValidationError, fields: dict[str, str] | None = None) -> None:
    """Put a service's messages on the form: on the field a key names (via ``fields``), else on the form."""
    if not hasattr(exc, "message_dict"):
        for text in exc.messages:
            form.add_error(None, text)
        return
    for key, texts in exc.message_dict.items():
        target = (fields or {}).get(key)
        if target is None and key.startswith("facts.") and hasattr(form, "field_for"):
            target = form.field_for(key.removeprefix("facts."))
        for text in texts:
            form.add_error(target if target in form.fields else None, text)


def _editable_case(request, pk: int) -> Case:
    try:
        case = selectors.case_for_user(user=request.user, pk=pk)
    except Case.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("applications.change_case", case):
        raise PermissionDenied
    return case


def _choices(items, lang):
    return [(item.code, text_in_language(item.label, lang) or item.code) for item in items]


def _checkpoint_codes(ruleset, lang):
    from programs.rules.proposal import fact_choices

    raw = fact_choices(ruleset, "checkpoint_items") if "checkpoint_items" in ruleset.facts else None
    return [(code, text_in_language(label, lang) or code) for code, label in raw] if raw else []


def _table(case: Case, section: str, data, lang):
    ruleset = ruleset_for(case.edition)
    if section == "checkpoints":
        rows = [{**row, "percent": row.get("percent")} for row in case.checkpoints]
        return f.RowTable(
            name="checkpoints",
            row_form=f.CheckpointRow,
            rows=rows,
            data=data,
            version=case.version,
            codes=_checkpoint_codes(ruleset, lang),
        )
    if section == "kpis":
        return f.RowTable(
            name="kpis",
            row_form=f.KpiRow,
            rows=case.kpis,
            data=data,
            version=case.version,
            codes=_choices(ruleset.kpis, lang),
        )
    staff = [
        {
            "name": s.name,
            "email": s.email,
            "role": s.role,
            "rank": s.rank,
            "title": s.title,
            "person_months": s.person_months,
            "labour_insured": s.labour_insured,
        }
        for s in case.staff.all()
    ]
    return f.RowTable(
        name="staff",
        row_form=f.StaffRow,
        rows=staff,
        data=data,
        version=case.version,
        ranks=_choices(ruleset.catalogues.get("staff_ranks", []), lang),
    )


def _form(case: Case, section: str, request, lang):
    data = request.POST if request.method == "POST" else None
    ruleset = ruleset_for(case.edition)
    if section == "basic":
        unit_fixed = request.user.role == Role.COUNSELLOR
        initial = {
            "version": case.version,
            "title": case.title,
            "unit": case.unit_id,
            "period_start": case.period_start,
            "period_end": case.period_end,
        }
        return f.BasicForm(
            data,
            initial=initial,
            has_unit=bool(ruleset.unit_rules),
            unit_fixed=unit_fixed,
            units=CounsellingUnit.objects.order_by("name"),
        )
    if section == "plan":
        return f.PlanForm(data, initial={"version": case.version, "needs": case.needs, "solution": case.solution})
    if section == "facts":
        return f.FactsForm(data, initial=f.FactsForm.initial_from(case, ruleset), ruleset=ruleset, lang=lang)
    if section == "declarations":
        return f.DeclarationsForm(data, initial={"version": case.version, **case.declarations})
    if section in ("checkpoints", "kpis", "staff"):
        return _table(case, section, data, lang)
    raise Http404


def _save(request, case: Case, form, section: str):
    """Hand the section to the service; True when it was stored."""
    if isinstance(form, f.RowTable):
        data, version = {section: form.rows()}, form.version
    else:
        data, version = form.service_data(), form.cleaned_data["version"]
    try:
        services.case_update(actor=request.user, case=case, data=data, expected_version=version)
    except services.StaleCase as exc:
        target = form.non_field_errors if isinstance(form, f.RowTable) else None
        if target is not None:
            target.append(exc.message)
        else:
            form.add_error(None, exc.message)
        return False
    except services.CaseConflict as exc:
        messages.error(request, exc.message)
        return True
    except ValidationError as exc:
        if isinstance(form, f.RowTable):
            form.add_service_errors(exc.message_dict if hasattr(exc, "message_dict") else {"": exc.messages})
        else:
            add_errors(
                form,
                exc,
                {
                    "title": "title",
                    "unit": "unit",
                    "period.start": "period_start",
                    "period.end": "period_end",
                    "needs": "needs",
                    "solution": "solution",
                    "declarations.truthful": "truthful",
                    "declarations.personal_data": "personal_data",
                },
            )
        return False
    messages.success(request, _("Saved: %(section)s.") % {"section": section_title(section)})
    return True


@login_required
@require_http_methods(["GET", "POST"])
def section_edit(request, pk: int, section: str):
    if section not in SECTIONS:
        raise Http404
    case = _editable_case(request, pk)
    if section not in section_codes(ruleset_for(case.edition)):
        raise Http404
    if not case.is_editable:
        messages.error(
            request,
            _("The proposal cannot change while the case is %(status)s.") % {"status": CaseStatus(case.status).label},
        )
        return redirect("case-detail", case.pk)
    if section == "budget":
        return budget_edit(request, case)
    lang = current_lang()
    form = _form(case, section, request, lang)
    if request.method == "POST" and form.is_valid() and _save(request, case, form, section):
        return redirect(reverse("case-detail", args=[case.pk]) + f"#section-{section}")
    return render(
        request,
        "applications/cases/section.html",
        {
            "case": case,
            "section": section,
            "title": section_title(section),
            "form": form,
            "table": form if isinstance(form, f.RowTable) else None,
            "roles": StaffRole.choices,
        },
    )


def _budget_table(case: Case, data):
    ruleset = ruleset_for(case.edition)
    if data is None:
        data = {f"{line['code']}-{side}": str(line[side]) for line in case.budget_lines for side in ("gov", "self")}
    labels = budget_field_labels(ruleset, current_lang())
    return ruleset, BudgetLineFormSet(lines=ruleset.budget_lines, context_facts=[], data=data, labels=labels)


def _budget_result(case: Case, ruleset, table, lang):
    context = {**company_facts(case.company), **proposal_facts(case, ruleset)}
    return budget_check(ruleset, table.rows(), lang=lang, context=context)


def budget_edit(request, case: Case):
    lang = current_lang()
    posted = request.method == "POST"
    ruleset, table = _budget_table(case, request.POST if posted else None)
    errors: list[str] = []
    result = _budget_result(case, ruleset, table, lang) if table.is_valid() else None
    if posted and not table.errors:
        version = request.POST.get("version", "")
        try:
            services.case_update(
                actor=request.user,
                case=case,
                data={"budget": {"lines": table.rows()}},
                expected_version=int(version) if version.isdigit() else -1,
            )
        except services.CaseConflict as exc:
            errors.append(exc.message)
        except ValidationError as exc:
            errors.extend(flat_messages(exc))
        else:
            messages.success(request, _("Saved: %(section)s.") % {"section": section_title("budget")})
            return redirect(reverse("case-detail", args=[case.pk]) + "#section-budget")
    return render(
        request,
        "applications/cases/budget.html",
        {
            "case": case,
            "ruleset": ruleset,
            "table": table,
            "result": result,
            "data": table.data,
            "errors": errors,
            "self_only": self_only_lines(ruleset),
            "derived_labels": derived_labels(ruleset, lang),
            "title": section_title("budget"),
        },
    )


@login_required
def budget_download(request, pk: int):
    """The case's stored budget with every rule's outcome, as an Excel workbook."""
    try:
        case = selectors.case_for_user(user=request.user, pk=pk)
    except Case.DoesNotExist:
        raise Http404 from None
    lang = current_lang()
    ruleset = ruleset_for(case.edition)
    context = {**company_facts(case.company), **proposal_facts(case, ruleset)}
    result = budget_check(ruleset, case.budget_lines, lang=lang, context=context)
    content = budget_workbook(edition=case.edition, ruleset=ruleset, lines=case.budget_lines, result=result, lang=lang)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{case.reference}-budget.xlsx"'
    return response


@login_required
@require_POST
def budget_preview(request, pk: int):
    """The budget rules on the amounts being typed (stores nothing)."""
    case = _editable_case(request, pk)
    lang = current_lang()
    ruleset, table = _budget_table(case, request.POST)
    result = _budget_result(case, ruleset, table, lang) if table.is_valid() else None
    return render(
        request,
        "programs/_budget_result.html",
        {"table": table, "result": result, "derived_labels": derived_labels(ruleset, lang)},
    )
