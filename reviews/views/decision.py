"""The decision page. While the case is under review the office decides there (the request, the reviewers'
mean and the programme's caps beside the form; the caps are checked live on the amount typed). Once decided,
the company, its unit and the office see the decision and the reviewers' comments; the company answers them
(審查意見回覆表), uploads the revised plan, and the office accepts it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from applications import services as case_services
from applications.api.views import document_response
from applications.models import CaseStatus
from portal.language import current_lang
from portal.models import JobStatus
from programs.rules import Outcome
from reviews import selectors, services
from reviews.caps import cap_outcomes, cap_texts
from reviews.forms import AcceptForm, DecisionForm, PlanUploadForm, RepliesForm
from reviews.models import DecisionLetter, RevisedPlan

from .common import add_service_errors, attempt, require, visible_case


def _case(request, pk: int):
    case = visible_case(request, pk)
    require(request, "reviews.view_case_decision", case)
    return case


def _deciding_context(case, form, lang) -> dict:
    summary = selectors.case_summary(case=case)
    assignments = [a for a in selectors.case_assignments(case=case) if a.withdrawn_at is None]
    return {
        "form": form,
        "summary": summary,
        "assignments": assignments,
        "caps": cap_texts(case, lang=lang),
        "waiting": [a for a in assignments if not (getattr(a, "sheet", None) and a.sheet.submitted)],
    }


def _decided_context(request, case, lang) -> dict:
    user = request.user
    decision = selectors.case_decision(case=case)
    comments = list(selectors.review_comments(case=case))
    plans = list(selectors.revised_plans(case=case))
    accepted = next((p for p in plans if p.accepted_at), None)
    revising = decision is not None and decision.approved and case.status == CaseStatus.APPROVED and accepted is None
    party = user.has_perm("applications.change_case", case)
    letters = list(selectors.decision_letters(decision=decision)) if decision else []
    return {
        "letters": letters,
        "letters_active": any(not job.done for job in letters),
        "can_retry_letter": user.has_perm("reviews.assign_reviewers"),
        "decision": decision,
        "comments": comments,
        "plans": plans,
        "accepted": accepted,
        "replies_form": RepliesForm(comments=comments) if party and revising and comments else None,
        "upload_form": PlanUploadForm() if party and revising else None,
        "accept_form": AcceptForm() if revising and user.has_perm("reviews.accept_revision", case) else None,
        "outcomes": [Outcome(**o) for o in decision.evaluation.outcomes] if decision else [],
    }


@login_required
@require_http_methods(["GET", "POST"])
def decision(request, pk: int):
    case = _case(request, pk)
    lang = current_lang()
    deciding = case.status == CaseStatus.UNDER_REVIEW and "decide" in case_services.actions_for(request.user, case)
    context = {"case": case, "deciding": deciding}
    if not deciding:
        if request.method == "POST":
            raise PermissionDenied
        context.update(_decided_context(request, case, lang))
        return render(request, "reviews/decision.html", context)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case_services.case_transition(
                actor=request.user, case=case, action="decide", payload=form.payload(), lang=lang
            )
        except case_services.TransitionNotAllowed as exc:
            messages.error(request, exc.message)
            return redirect("review-decision", case.pk)
        except case_services.CaseRefused as exc:
            add_service_errors(form, exc.errors)
            context["refused"] = exc.outcomes
        else:
            messages.success(request, _("The decision is recorded; the company and its unit are told by e-mail."))
            return redirect("review-decision", case.pk)
    context.update(_deciding_context(case, form, lang))
    return render(request, "reviews/decision.html", context)


@login_required
@require_POST
def decision_preview(request, pk: int):
    """The caps on the amount being typed (stores nothing)."""
    case = _case(request, pk)
    if "decide" not in case_services.actions_for(request.user, case):
        raise PermissionDenied
    form = DecisionForm({"decision": "approve", "approved_gov": request.POST.get("approved_gov", "")})
    amount = form.payload().get("approved_gov") if form.is_valid() else None
    typed = isinstance(amount, int)
    outcomes = cap_outcomes(case, amount, lang=current_lang()) if typed else []
    return render(
        request, "reviews/_caps.html", {"outcomes": outcomes, "typed": bool(request.POST.get("approved_gov"))}
    )


def _back(case) -> str:
    return reverse("review-decision", args=[case.pk]) + "#comments"


@login_required
@require_POST
def replies(request, pk: int):
    case = _case(request, pk)
    comments = list(selectors.review_comments(case=case))
    form = RepliesForm(request.POST, comments=comments)
    if (
        form.is_valid()
        and attempt(
            request, lambda: services.comment_replies_save(actor=request.user, case=case, replies=form.replies())
        )
        is not None
    ):
        messages.success(request, _("Your replies are saved."))
        return redirect(_back(case))
    context = {"case": case, "deciding": False, **_decided_context(request, case, current_lang())}
    context["replies_form"] = form
    return render(request, "reviews/decision.html", context)


@login_required
@require_POST
def plan_upload(request, pk: int):
    case = _case(request, pk)
    form = PlanUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
        return redirect(_back(case))
    plan = attempt(
        request, lambda: services.revised_plan_upload(actor=request.user, case=case, upload=form.cleaned_data["file"])
    )
    if plan is not None:
        messages.success(
            request, _("Uploaded %(name)s (version %(version)s).") % {"name": plan.name, "version": plan.version}
        )
    return redirect(_back(case))


@login_required
def plan_download(request, pk: int, plan: int):
    case = _case(request, pk)
    row = RevisedPlan.objects.filter(case=case, pk=plan).first()
    if row is None:
        raise Http404
    return document_response(row)


@login_required
@require_POST
def revision_accept(request, pk: int):
    case = _case(request, pk)
    form = AcceptForm(request.POST)
    if (
        form.is_valid()
        and attempt(
            request, lambda: services.revision_accept(actor=request.user, case=case, note=form.cleaned_data["note"])
        )
        is not None
    ):
        messages.success(request, _("The revised plan is accepted."))
    return redirect(_back(case))


def _letters(request, case):
    decision = selectors.case_decision(case=case)
    if decision is None:
        raise Http404
    jobs = list(selectors.decision_letters(decision=decision))
    return render(
        request,
        "reviews/_letters.html",
        {
            "case": case,
            "jobs": jobs,
            "active": any(not job.done for job in jobs),
            "can_retry": request.user.has_perm("reviews.assign_reviewers"),
        },
    )


@login_required
def letters(request, pk: int):
    """The decision letter's job: its progress while a worker renders it, then the download (htmx panel)."""
    return _letters(request, _case(request, pk))


@login_required
def letter_download(request, pk: int, job: int):
    case = _case(request, pk)
    row = DecisionLetter.objects.filter(decision__case=case, pk=job, status=JobStatus.SUCCEEDED).first()
    if row is None:
        raise Http404
    response = FileResponse(
        row.file.open("rb"),
        as_attachment=True,
        filename=f"{case.reference}-decision.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def letter_retry(request, pk: int, job: int):
    case = _case(request, pk)
    row = DecisionLetter.objects.filter(decision__case=case, pk=job).first()
    if row is None:
        raise Http404
    attempt(request, lambda: services.letter_retry(actor=request.user, job=row))
    if request.headers.get("HX-Request"):
        return _letters(request, case)
    return redirect(reverse("review-decision", args=[case.pk]) + "#letters")
