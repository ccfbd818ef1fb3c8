"""Pages of the company and its counselling unit: my cases, a new proposal, the proposal workspace with
its sections, documents and actions. The programme office and assigned reviewers see the workspace read-only.
Views only translate between HTTP and the services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from applications import selectors, services
from applications.api.views import document_response
from applications.models import Case, CaseDocument, CaseStatus
from applications.permissions import case_page_gates
from applications.workspace import workspace_context
from portal.language import current_lang
from portal.models import Company, Role
from portal.views.pages import paginate
from programs import selectors as programme_selectors
from programs.rulesets import rulesets_for

from . import sections


def visible_case(request, pk: int) -> Case:
    try:
        return selectors.case_for_user(user=request.user, pk=pk)
    except Case.DoesNotExist:
        raise Http404 from None


def gated(request, case: Case):
    """A step another floor requires first (e.g. a reviewer's "no conflict of interest"), as a redirect."""
    step = case_page_gates.step(request.user, case)
    return redirect(step) if step else None


@login_required
def case_list(request):
    user = request.user
    if user.role in (Role.OFFICER, Role.ADMIN):
        return redirect("case-queue")
    if user.role not in (Role.APPLICANT, Role.COUNSELLOR):
        raise Http404
    status = request.GET.get("status", "")
    status = status if status in CaseStatus.values else ""
    cases = selectors.cases_for_user(user=user, status=status)
    return render(
        request,
        "applications/cases/list.html",
        {"page": paginate(request, cases), "status": status, "statuses": CaseStatus.choices},
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request):
    user = request.user
    if not user.has_perm("applications.add_case"):
        raise Http404
    from applications.forms import NewCaseForm

    counsellor = user.role == Role.COUNSELLOR
    editions = programme_selectors.editions_open()
    if counsellor:
        editions = [e for e, ruleset in zip(editions, rulesets_for(editions), strict=True) if ruleset.unit_rules]
    initial = {"edition": request.GET.get("edition", "")}
    form = NewCaseForm(request.POST or None, initial=initial, editions=editions, counsellor=counsellor)
    if request.method == "POST" and form.is_valid():
        company = None
        if counsellor:
            company = Company.objects.filter(ubn=form.cleaned_data["company_ubn"]).first()
            if company is None:
                form.add_error(
                    "company_ubn",
                    _("No company with this number is registered on the portal: ask the company to register first."),
                )
        if not form.errors:
            try:
                case = services.case_create(
                    actor=user,
                    edition=form.cleaned_data["edition"],
                    company=company,
                    data={"title": form.cleaned_data["title"]},
                )
            except ValidationError as exc:
                sections.add_errors(form, exc, {"edition": "edition", "title": "title", "unit": "edition"})
            else:
                messages.success(request, _("Draft %(reference)s created.") % {"reference": case.reference})
                return redirect("case-detail", case.pk)
    return render(request, "applications/cases/new.html", {"form": form, "editions": editions})


@login_required
def case_detail(request, pk: int):
    case = visible_case(request, pk)
    return gated(request, case) or render(
        request, "applications/cases/workspace.html", workspace_context(request, case)
    )


@login_required
@require_POST
def case_action(request, pk: int, action: str):
    case = visible_case(request, pk)
    if action not in services.TRANSITIONS or action == "lapse":
        raise Http404
    payload = {key: request.POST.get(key, "") for key in ("reason", "answer") if key in request.POST}
    try:
        services.case_transition(actor=request.user, case=case, action=action, payload=payload, lang=current_lang())
    except PermissionDenied:
        raise
    except services.TransitionNotAllowed as exc:
        messages.error(request, exc.message)
    except services.CaseRefused as exc:
        context = workspace_context(request, case)
        blocking = [o for o in exc.outcomes if o.blocking]  # what to fix; the full check is further down
        context["refusal"] = {"action": services.action_label(action), "errors": exc.errors, "outcomes": blocking}
        return render(request, "applications/cases/workspace.html", context)
    else:
        messages.success(request, _("Done: %(action)s.") % {"action": services.action_label(action)})
    return redirect(request.POST.get("next") or reverse("case-detail", args=[case.pk]))


@login_required
@require_POST
def document_upload(request, pk: int):
    case = visible_case(request, pk)
    upload = request.FILES.get("file")
    kind = request.POST.get("kind", "")
    if upload is None:
        messages.error(request, _("Choose a file to upload."))
    else:
        try:
            document = services.document_upload(actor=request.user, case=case, kind=kind, upload=upload)
        except ValidationError as exc:
            for text in sections.flat_messages(exc):
                messages.error(request, text)
        except services.CaseConflict as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Uploaded %(name)s (version %(version)s).") % {"name": document.name, "version": document.version},
            )
    return redirect(reverse("case-detail", args=[case.pk]) + "#documents")


@login_required
def document_download(request, pk: int, doc: int):
    case = visible_case(request, pk)
    if step := gated(request, case):
        return step
    try:
        document = selectors.case_document(case=case, pk=doc)
    except CaseDocument.DoesNotExist:
        raise Http404 from None
    return document_response(document)


urlpatterns = [
    path("cases/", case_list, name="case-list"),
    path("cases/new/", case_new, name="case-new"),
    path("cases/<int:pk>/", case_detail, name="case-detail"),
    path("cases/<int:pk>/edit/<slug:section>/", sections.section_edit, name="case-section"),
    path("cases/<int:pk>/budget/preview/", sections.budget_preview, name="case-budget-preview"),
    path("cases/<int:pk>/budget.xlsx", sections.budget_download, name="case-budget-download"),
    path("cases/<int:pk>/actions/<slug:action>/", case_action, name="case-action"),
    path("cases/<int:pk>/documents/", document_upload, name="case-document-upload"),
    path("cases/<int:pk>/documents/<int:doc>/", document_download, name="case-document-download"),
]
