"""Plan changes: the company or its unit requests one (with the last day it may be filed shown), the programme
office approves or refuses a major one; every request is listed with the values before and after."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from applications.models import StaffRole
from portal.dates import roc_date
from portal.language import current_lang, text_in_language
from portal.templatetags.portal_tags import ntd
from programs.deadlines import edition_deadline_label
from programs.rulesets import ruleset_for

from .. import selectors, services
from ..forms import ChangeDecisionForm, PlanChangeForm
from ..models import ChangeField, ChangeStatus, PlanChange
from ..services.changes import CHANGE_STATUSES
from .common import contracted_case, office_case, on_form, render_money


def _change_form(case, data=None) -> PlanChangeForm:
    ruleset = ruleset_for(case.edition)
    lines = [(line.code, text_in_language(line.label)) for line in ruleset.budget_lines]
    initial = {"period_start": case.period_start, "period_end": case.period_end}
    for line in case.budget_lines:
        initial[f"line__{line['code']}__gov"] = f"{line['gov']:,}"
        initial[f"line__{line['code']}__self"] = f"{line['self']:,}"
    initial["checkpoints"] = "\n".join(
        f"{c.get('date')}, {c.get('item')}, {c.get('percent')}" for c in case.checkpoints
    )
    return PlanChangeForm(data, lines=lines, initial=initial)


def _person_line(row: dict) -> str:
    return f"{row.get('name')}（{row.get('email')}）{row.get('title') or ''} {row.get('person_months')} " + _(
        "person-months"
    )


def value_lines(values: dict, line_labels: dict[str, str]) -> list[str]:
    """A plan change's values (before or after) as lines people read."""
    lines: list[str] = []
    if "period" in values:
        period = values["period"] or {}
        lines.append(
            _("Period: %(start)s – %(end)s")
            % {"start": roc_date(period.get("start")), "end": roc_date(period.get("end"))}
        )
    if "budget" in values:
        rows = (values["budget"] or {}).get("lines", [])
        gov, own = sum(int(r.get("gov") or 0) for r in rows), sum(int(r.get("self") or 0) for r in rows)
        lines.append(_("Budget: government NT$%(gov)s, self-funding NT$%(self)s") % {"gov": ntd(gov), "self": ntd(own)})
        lines += [
            f"　{line_labels.get(r.get('code'), r.get('code'))}：{ntd(r.get('gov'))} / {ntd(r.get('self'))}"
            for r in rows
        ]
    if "pi" in values:
        lines.append(_("Principal investigator: %(person)s") % {"person": _person_line(values["pi"] or {})})
    for row in values.get("consultants") or []:
        lines.append(_("Consultant: %(person)s") % {"person": _person_line(row)})
    for row in values.get("staff") or []:
        if row.get("role") in (StaffRole.PI, StaffRole.CONSULTANT):
            lines.append(f"{StaffRole(row['role']).label}：{_person_line(row)}")
    for row in values.get("checkpoints") or []:
        lines.append(
            _("Checkpoint %(date)s %(item)s (%(percent)s %%)")
            % {"date": roc_date(row.get("date")), "item": row.get("item"), "percent": row.get("percent")}
        )
    return lines


def _render(request, case, *, form=None, decision_forms=None):
    ruleset = ruleset_for(case.edition)
    is_party = request.user.has_perm("disbursements.request_plan_change", case)
    pending = PlanChange.objects.filter(case=case, status=ChangeStatus.PENDING).exists()
    if form is None and is_party and case.status in CHANGE_STATUSES and not pending:
        form = _change_form(case)
    labels = dict(ChangeField.choices)
    line_labels = {line.code: text_in_language(line.label) for line in ruleset.budget_lines}
    decision_forms = dict(decision_forms or {})
    changes = []
    for change in selectors.plan_changes(case=case):
        row = {
            "change": change,
            "fields": [labels.get(f, f) for f in change.fields],
            "after": value_lines(change.changes, line_labels),
            "before": value_lines(change.before, line_labels),
        }
        if change.status == ChangeStatus.PENDING and request.user.has_perm("disbursements.decide_plan_change", case):
            row["decision_form"] = decision_forms.get(change.pk) or ChangeDecisionForm(prefix=f"c{change.pk}")
        changes.append(row)
    last_day = services.change_deadline(case)
    return render_money(
        request,
        "disbursements/changes.html",
        case,
        "changes",
        form=form,
        changes=changes,
        last_day=last_day,
        too_late=last_day is not None and timezone.localdate() > last_day,
        deadline_rule=text_in_language(edition_deadline_label(ruleset, "plan_change")),
        pending=pending,
    )


@login_required
@require_http_methods(["GET", "POST"])
def changes_page(request, pk: int):
    case = contracted_case(request, pk)
    if request.method == "GET":
        return _render(request, case)
    if not request.user.has_perm("disbursements.request_plan_change", case):
        raise Http404
    form = _change_form(case, request.POST)
    change = form.is_valid() and on_form(
        form,
        services.plan_change_request,
        actor=request.user,
        case=case,
        changes=form.changes(),
        reason=form.cleaned_data["reason"],
        lang=current_lang(),
    )
    if change:
        if change.major:
            messages.success(request, _("Plan change requested: it awaits the programme office."))
        else:
            messages.success(request, _("Plan change recorded: it takes effect now."))
        return redirect("money-changes", case.pk)
    return _render(request, case, form=form)


@login_required
@require_POST
def change_decide(request, pk: int, change: int):
    case = office_case(request, pk)
    record = PlanChange.objects.filter(case=case, pk=change).select_related("case").first()
    if record is None:
        raise Http404
    form = ChangeDecisionForm(request.POST, prefix=f"c{record.pk}")
    approve = form.is_valid() and form.cleaned_data["decision"] == "approve"
    if (
        form.is_valid()
        and on_form(
            form,
            services.plan_change_decide,
            actor=request.user,
            change=record,
            approve=approve,
            note=form.cleaned_data["note"],
            lang=current_lang(),
        )
        is not None
    ):
        messages.success(
            request, _("Plan change approved: the plan is updated.") if approve else _("Plan change not approved.")
        )
        return redirect("money-changes", case.pk)
    return _render(request, case, decision_forms={record.pk: form})
