"""The programme office's review pages: the reviewers of a case (the pool with each reviewer's conflicts of
interest with it), and the panel of an edition's cases under review with its Excel exports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from applications.models import CaseStatus
from portal.language import current_lang
from portal.models import Role, User
from portal.views.pages import paginate
from programs.models import Edition
from reviews import exports, selectors, services
from reviews.conflicts import case_conflicts
from reviews.models import Assignment
from reviews.present import panel_row

from .common import attempt, messages_of, require, visible_case

ROUNDS = range(1, services.pool.ROUND_MAX + 1)


def _round(value: str | None) -> int:
    return int(value) if value and value.isascii() and value.isdecimal() and int(value) in ROUNDS else 1


@login_required
@require_http_methods(["GET", "POST"])
def assignments(request, pk: int):
    """Assign reviewers from the pool: each one's conflicts of interest with the case are shown, and
    assigning a conflicted reviewer is refused with the reason."""
    case = visible_case(request, pk)
    require(request, "reviews.assign_reviewers")
    errors: list[str] = []
    if request.method == "POST":
        chosen = request.POST.get("reviewer", "")
        reviewer = (
            User.objects.filter(pk=int(chosen), role=Role.REVIEWER).first()
            if chosen.isdecimal() and len(chosen) < 12
            else None
        )
        if reviewer is None:
            errors.append(_("Choose a reviewer of the pool."))
        else:
            try:
                services.assignment_create(
                    actor=request.user, case=case, reviewer=reviewer, round=_round(request.POST.get("round"))
                )
            except services.ReviewConflict as exc:
                errors.append(exc.message)
            except ValidationError as exc:
                errors.extend(text for texts in messages_of(exc).values() for text in texts)
                errors.insert(0, _("%(name)s cannot be assigned:") % {"name": reviewer.full_name})
            else:
                messages.success(request, _("%(name)s is assigned to this case.") % {"name": reviewer.full_name})
                return redirect("review-assignments", case.pk)
    search = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    page = paginate(request, selectors.reviewers(edition_code=case.edition_code, search=search))
    conflicts = case_conflicts(case=case, reviewers=page.object_list)
    current = selectors.case_assignments(case=case)
    active_ids = {a.reviewer_id for a in current if a.withdrawn_at is None}
    candidates = [
        {"reviewer": r, "conflicts": conflicts.get(r.pk, []), "assigned": r.pk in active_ids} for r in page.object_list
    ]
    return render(
        request,
        "reviews/assignments.html",
        {
            "case": case,
            "assignments": current,
            "candidates": candidates,
            "page": page,
            "search": search,
            "errors": errors,
            "rounds": ROUNDS,
            "can_assign": case.status == CaseStatus.UNDER_REVIEW,
        },
    )


@login_required
@require_POST
def assignment_withdraw(request, pk: int, assignment: int):
    case = visible_case(request, pk)
    require(request, "reviews.assign_reviewers")
    row = Assignment.objects.filter(case=case, pk=assignment).first()
    if row is None:
        raise Http404
    reason = request.POST.get("reason", "")
    if (
        attempt(request, lambda: services.assignment_withdraw(actor=request.user, assignment=row, reason=reason))
        is not None
    ):
        messages.success(request, _("The assignment is withdrawn."))
    return redirect("review-assignments", case.pk)


@login_required
def panel_index(request):
    """The editions with cases under review, to open their panels."""
    require(request, "reviews.view_panel")
    return render(request, "reviews/panel_index.html", {"rows": selectors.panel_editions()})


def _panel_args(request, code: str):
    require(request, "reviews.view_panel")
    if not Edition.objects.filter(code=code[:64]).exists():
        raise Http404
    order = request.GET.get("sort", "rank")
    return _round(request.GET.get("round")), order if order in selectors.PANEL_ORDER else "rank"


@login_required
def panel(request, code: str):
    round_no, order = _panel_args(request, code)
    page = paginate(request, selectors.panel(user=request.user, edition_code=code, round=round_no, order=order))
    rows = [panel_row(case, office=True) for case in page]
    return render(
        request,
        "reviews/panel.html",
        {
            "code": code,
            "title": selectors.edition_titles([code]).get(code, code),
            "page": page,
            "rows": rows,
            "round": round_no,
            "rounds": ROUNDS,
            "sort": order,
            "flag": selectors.spread_flag(),
        },
    )


@login_required
def panel_export(request, code: str, kind: str):
    round_no, order = _panel_args(request, code)
    cases = selectors.panel(user=request.user, edition_code=code, round=round_no, order=order)
    lang = current_lang()
    if kind == "panel":
        content = exports.panel_workbook(
            code=code, round=round_no, rows=[panel_row(c, office=True) for c in cases], lang=lang
        )
    elif kind == "sheets":
        content = exports.sheets_workbook(code=code, round=round_no, cases=cases, lang=lang)
    else:
        raise Http404
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{code}-round-{round_no}-{kind}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response
