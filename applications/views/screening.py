"""Document screening by the programme office: the edition's checklist with every uploaded version and the
officer's verdict on each, the officer's actions (start screening, request a supplement, pass screening) and
the history of supplement requests. Views only translate between HTTP and the services: a refusal is shown
with the service's own words and nothing changes."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications import selectors, services
from applications.models import Case, CaseStatus
from applications.office_forms import DocumentCheckForm, SupplementRequestForm
from portal.dates import roc_date
from portal.language import current_lang, text_in_language
from programs.deadlines import edition_deadline, edition_deadline_label
from programs.rulesets import ruleset_for

# The buttons of this page; a supplement request has its own form.
BUTTON_ACTIONS = ("start_screening", "pass_screening")
SUPPLEMENT = "request_supplement"


def screened_case(request, pk: int) -> Case:
    """A case the user may see and screen; anything else does not exist for them."""
    try:
        case = selectors.case_for_user(user=request.user, pk=pk)
    except Case.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("applications.screen_case", case):
        raise Http404
    return case


def _page_url(case: Case, anchor: str = "") -> str:
    return reverse("case-screening", args=[case.pk]) + (f"#{anchor}" if anchor else "")


def _document_choices(ruleset) -> list[tuple[str, str]]:
    return [(item.code, text_in_language(item.label)) for item in ruleset.documents]


def _supplement_form(case: Case, ruleset, data=None) -> SupplementRequestForm:
    due_fixed = any(d.code == "supplement" for d in ruleset.deadlines)
    return SupplementRequestForm(data, documents=_document_choices(ruleset), due_fixed=due_fixed)


def supplement_due_preview(case: Case, *, today) -> datetime.date | None:
    """What the due date of a supplement requested on ``today`` will be: the edition's supplement deadline
    counted as ``request_supplement`` counts it (None: the edition has none and the officer sets the date)."""
    return edition_deadline(ruleset_for(case.edition), "supplement", anchor=today)


def _checklist(case: Case, ruleset, bound: tuple[str, DocumentCheckForm] | None) -> list[dict]:
    versions: dict[str, list] = {}
    for document in selectors.case_documents(case=case):
        versions.setdefault(document.kind, []).append(document)
    checks = selectors.document_checks(case=case)
    rows = []
    for item in ruleset.documents:
        kept, check = versions.get(item.code, []), checks.get(item.code)
        if bound is not None and bound[0] == item.code:
            form = bound[1]
        else:
            initial = {"verdict": check.verdict, "note": check.note} if check else {}
            form = DocumentCheckForm(initial=initial, prefix=item.code)
        rows.append(
            {
                "code": item.code,
                "label": text_in_language(item.label),
                "latest": kept[0] if kept else None,
                "earlier": kept[1:],
                "check": check,
                "form": form,
                # the verdict was given on an older version than the one now uploaded
                "stale": bool(check and kept and check.document_id != kept[0].pk),
            }
        )
    return rows


def _history(case: Case, labels: dict[str, str]) -> list[dict]:
    today = timezone.localdate()
    return [
        {
            "request": request,
            "items": [labels.get(item, item) for item in request.items],
            "overdue": request.answered_at is None and request.due < today,
        }
        for request in selectors.supplements(case=case)
    ]


def _render(request, case: Case, *, check_form=None, supplement_form=None):
    ruleset = ruleset_for(case.edition)
    actions = services.actions_for(request.user, case)
    today = timezone.localdate()
    documents = _document_choices(ruleset)
    context = {
        "case": case,
        "edition_label": text_in_language(case.edition.track),
        "checklist": _checklist(case, ruleset, check_form),
        "can_check": case.status == CaseStatus.SCREENING,
        "buttons": [(a, services.action_label(a)) for a in BUTTON_ACTIONS if a in actions],
        "can_request_supplement": SUPPLEMENT in actions,
        "supplement_form": supplement_form or _supplement_form(case, ruleset),
        "supplement_due": supplement_due_preview(case, today=today),
        "supplement_rule": text_in_language(edition_deadline_label(ruleset, "supplement")),
        "history": _history(case, dict(documents)),
    }
    return render(request, "applications/office/screening.html", context)


@login_required
def case_screening(request, pk: int):
    return _render(request, screened_case(request, pk))


def _add_service_errors(form, errors: dict, fields: dict[str, str]) -> None:
    """A refusal's field messages on the form's fields (``fields``: service key → form field), the rest on
    the form as a whole."""
    for key, texts in errors.items():
        field = fields.get(key.split(".")[0])
        form.add_error(field if field in form.fields else None, texts)


@login_required
@require_POST
def document_check(request, pk: int):
    case = screened_case(request, pk)
    kind = request.POST.get("kind", "")
    if kind not in {item.code for item in ruleset_for(case.edition).documents}:
        messages.error(request, _("Choose a document of this edition's checklist."))
        return redirect(_page_url(case))
    form = DocumentCheckForm(request.POST, prefix=kind)
    if form.is_valid():
        try:
            services.document_check_record(
                actor=request.user,
                case=case,
                kind=kind,
                verdict=form.cleaned_data["verdict"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            _add_service_errors(form, errors, {"verdict": "verdict", "note": "note"})
        except services.CaseConflict as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Verdict recorded."))
            return redirect(_page_url(case, f"doc-{kind}"))
    return _render(request, case, check_form=(kind, form))


@login_required
@require_POST
def supplement_request(request, pk: int):
    case = screened_case(request, pk)
    form = _supplement_form(case, ruleset_for(case.edition), request.POST)
    if form.is_valid():
        try:
            case = services.case_transition(
                actor=request.user, case=case, action=SUPPLEMENT, payload=form.payload(), lang=current_lang()
            )
        except services.CaseRefused as exc:
            _add_service_errors(form, exc.errors, {"reason": "reason", "items": "documents", "due": "due"})
        except services.TransitionNotAllowed as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Supplement requested; due %(due)s.") % {"due": roc_date(case.due)})
            return redirect(_page_url(case, "supplements"))
    return _render(request, case, supplement_form=form)


@login_required
@require_POST
def screening_action(request, pk: int, action: str):
    case = screened_case(request, pk)
    if action not in BUTTON_ACTIONS:
        raise Http404
    payload = {"reason": request.POST.get("reason", "")}
    try:
        services.case_transition(actor=request.user, case=case, action=action, payload=payload, lang=current_lang())
    except services.TransitionNotAllowed as exc:
        messages.error(request, exc.message)
    except services.CaseRefused as exc:
        for texts in exc.errors.values():
            for text in texts:
                messages.error(request, text)
    else:
        messages.success(request, _("Done: %(action)s.") % {"action": services.action_label(action)})
    return redirect(_page_url(case))
