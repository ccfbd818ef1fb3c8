"""The reviewer's pages: the inbox of assigned cases, the profile and declared conflicts of interest, and for
each case first the "no conflict of interest" confirmation, then the score sheet with its live total."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from applications.models import CaseStatus
from portal.language import current_lang
from portal.models import Role
from portal.views.pages import paginate
from programs.rulesets import ruleset_for
from reviews import selectors, services
from reviews.forms import CaseConflictForm, ConflictForm, ProfileForm, SheetForm
from reviews.models import ReviewerProfile

from .common import add_service_errors, attempt, messages_of, visible_case


def _reviewer(request) -> None:
    if request.user.role != Role.REVIEWER:
        raise Http404


@login_required
def inbox(request):
    _reviewer(request)
    assignments = selectors.reviewer_assignments(reviewer=request.user)
    withdrawn = selectors.reviewer_assignments(reviewer=request.user, active=False).filter(withdrawn_at__isnull=False)
    return render(request, "reviews/inbox.html", {"page": paginate(request, assignments), "withdrawn": withdrawn[:10]})


@login_required
@require_http_methods(["GET", "POST"])
def conflicts(request):
    """The reviewer's profile (their organisation's number is how the portal detects conflicts) and the
    conflicts of interest they declared."""
    _reviewer(request)
    user = request.user
    profile = ReviewerProfile.objects.filter(user=user).first()
    profile_form = ProfileForm(instance=profile or ReviewerProfile(user=user, affiliation=user.affiliation))
    form = ConflictForm()
    if request.method == "POST" and request.POST.get("form") == "profile":
        profile_form = ProfileForm(request.POST, instance=profile or ReviewerProfile(user=user))
        if profile_form.is_valid():
            data = {name: profile_form.cleaned_data[name] for name in ProfileForm.Meta.fields}
            try:
                services.reviewer_profile_save(actor=user, reviewer=user, data=data)
            except ValidationError as exc:
                add_service_errors(profile_form, messages_of(exc))
            else:
                messages.success(request, _("Your reviewer profile is saved."))
                return redirect("review-conflicts")
    elif request.method == "POST":
        form = ConflictForm(request.POST)
        if form.is_valid():
            organisation = form.cleaned_data["organisation"]
            target = {form.cleaned_data["target"]: organisation}
            try:
                _declaration, withdrawn = services.conflict_declare(
                    actor=user, reason=form.cleaned_data["reason"], **target
                )
            except ValidationError as exc:
                add_service_errors(
                    form, {("ubn" if k in ("company", "unit") else k): v for k, v in messages_of(exc).items()}
                )
            else:
                messages.success(
                    request, _("Conflict of interest declared with %(name)s.") % {"name": organisation.name}
                )
                for assignment in withdrawn:
                    messages.info(
                        request,
                        _("Your assignment to %(reference)s is withdrawn; the programme office is told.")
                        % {"reference": assignment.case.reference},
                    )
                return redirect("review-conflicts")
    declarations = selectors.reviewer_declarations(reviewer=user)
    return render(
        request,
        "reviews/conflicts.html",
        {"form": form, "profile_form": profile_form, "page": paginate(request, declarations)},
    )


def _assignment(request, pk: int):
    _reviewer(request)
    case = visible_case(request, pk)
    try:
        return case, services.active_assignment(reviewer=request.user, case=case)
    except services.NotAssigned:
        raise Http404 from None


def _sheet_context(case, assignment, form, lang):
    sheet = selectors.own_sheet(assignment=assignment)
    result = None
    if sheet is not None and not form.is_bound:
        from reviews.present import sheet_result

        result = sheet_result(sheet, lang=lang)
    return {
        "case": case,
        "assignment": assignment,
        "sheet": sheet,
        "form": form,
        "result": result,
        "ruleset": ruleset_for(case.edition),
        "labels": form.labels,
        "has_bonus": bool(form.bonus_rows),
    }


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk: int):
    """Before confirmation: the case's reference, title, company and unit only. After: the score sheet."""
    case, assignment = _assignment(request, pk)
    if not assignment.confirmed:
        return render(
            request,
            "reviews/confirm.html",
            {"case": case, "assignment": assignment, "conflict_form": CaseConflictForm(case=case)},
        )
    lang = current_lang()
    ruleset = ruleset_for(case.edition)
    if ruleset.rubric is None:
        messages.error(request, _("This edition has no review rubric."))
        return redirect("review-inbox")
    sheet = selectors.own_sheet(assignment=assignment)
    form = SheetForm(request.POST or None, ruleset=ruleset, lang=lang, initial=SheetForm.initial_from(sheet))
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("submit") == "1"
        try:
            services.sheet_save(actor=request.user, case=case, lang=lang, submit=submit, **form.service_data())
        except services.ReviewConflict as exc:
            messages.error(request, exc.message)
            return redirect("review-case", case.pk)
        except ValidationError as exc:
            add_service_errors(form, messages_of(exc), form.field_for)
        else:
            messages.success(request, _("Score sheet submitted.") if submit else _("Draft saved."))
            return redirect("review-case", case.pk)
    context = _sheet_context(case, assignment, form, lang)
    context["editable"] = case.status == CaseStatus.UNDER_REVIEW and not (sheet and sheet.submitted)
    return render(request, "reviews/sheet.html", context)


@login_required
@require_POST
def sheet_preview(request, pk: int):
    """The rubric's total for the scores being typed, by the calculator's code (stores nothing)."""
    case, assignment = _assignment(request, pk)
    if not assignment.confirmed:
        raise PermissionDenied
    lang = current_lang()
    ruleset = ruleset_for(case.edition)
    form = SheetForm(request.POST, ruleset=ruleset, lang=lang)
    result, errors = None, {}
    if form.is_valid():
        data = form.service_data()
        try:
            result = services.sheet_score(ruleset, data["scores"], data["bonus"], lang=lang)
        except ValidationError as exc:
            errors = messages_of(exc)
    else:
        errors = {key: list(texts) for key, texts in form.errors.items()}
    return render(
        request,
        "reviews/_sheet_total.html",
        {"result": result, "errors": form.labelled(errors), "labels": form.labels, "has_bonus": bool(form.bonus_rows)},
    )


@login_required
@require_POST
def confirm(request, pk: int):
    case, assignment = _assignment(request, pk)
    if attempt(request, lambda: services.assignment_confirm(actor=request.user, assignment=assignment)) is not None:
        messages.success(request, _("Thank you: the case is open for your review."))
    return redirect("review-case", case.pk)


@login_required
@require_POST
def declare(request, pk: int):
    """A conflict with this case's company or unit: the assignment is withdrawn at once."""
    case, _assignment_ = _assignment(request, pk)
    form = CaseConflictForm(request.POST, case=case)
    if not form.is_valid():
        return render(
            request, "reviews/confirm.html", {"case": case, "assignment": _assignment_, "conflict_form": form}
        )
    target = form.cleaned_data["target"]
    organisation = case.company if target == "company" else case.unit
    try:
        services.conflict_declare(actor=request.user, reason=form.cleaned_data["reason"], **{target: organisation})
    except ValidationError as exc:
        add_service_errors(
            form, {("target" if k in ("company", "unit") else k): v for k, v in messages_of(exc).items()}
        )
        return render(
            request, "reviews/confirm.html", {"case": case, "assignment": _assignment_, "conflict_form": form}
        )
    messages.success(
        request,
        _(
            "Conflict of interest declared: your assignment to %(reference)s is withdrawn and the "
            "programme office is told."
        )
        % {"reference": case.reference},
    )
    return redirect("review-inbox")
