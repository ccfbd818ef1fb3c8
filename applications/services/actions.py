"""The work of the case actions up to review: consent, submission, screening, supplements, withdrawal and
lapse. Each runs inside ``case_transition`` on the locked case and returns the status to move to."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from applications.checks import case_check, check_snapshot
from applications.facts import company_facts, proposal_facts, unit_facts
from applications.models import CaseStatus, DocumentCheck, DocumentVerdict, SupplementRequest
from portal.language import text_in_language
from programs.deadlines import edition_deadline
from programs.models import EvaluationPurpose
from programs.rulesets import ruleset_for
from programs.services import evaluation_record

from .transitions import ActionContext, CaseRefused, Step, TransitionNotAllowed, register_handler

MAX_ITEMS = 50


def consent(ctx: ActionContext) -> Step:
    case = ctx.case
    if not case.drafted_by_unit:
        raise TransitionNotAllowed(_("The company filed this proposal itself: no consent is needed."))
    if case.consented_at is not None:
        raise TransitionNotAllowed(_("The company has already consented to this plan."))
    case.consented_at, case.consented_by = timezone.now(), ctx.actor
    case.check_result = check_snapshot(case)
    return Step(to=CaseStatus.DRAFT, reason=ctx.text("reason", required=False))


def submit(ctx: ActionContext) -> Step:
    """Every error rule of the edition version on the stored data, and what the portal requires of a
    filing; refused with the failing outcomes, or submitted with the evaluation stored."""
    case = ctx.case
    staff = list(case.staff.all())
    check = case_check(case, lang=ctx.lang, staff=staff)
    if not check.ready:
        blocking = check.blocking()
        raise CaseRefused({"check": [o.message for o in blocking]}, check.outcomes)
    ruleset = ruleset_for(case.edition)
    inputs = {
        "company": company_facts(case.company),
        "unit": unit_facts(case.unit, project_start=case.period_start),
        "facts": proposal_facts(case, ruleset, staff),
        "budget": {"lines": case.budget_lines},
    }
    evaluation = evaluation_record(
        edition=case.edition,
        purpose=EvaluationPurpose.SUBMISSION,
        subject_type="case",
        subject_id=case.pk,
        inputs=inputs,
        outcomes=check.outcomes,
        passed=True,
        lang=ctx.lang,
        result={"budget": check.result.budget, "warnings": [o.rule for o in check.outcomes if not o.passed]},
        actor=ctx.actor,
    )
    case.submitted_at, case.due = timezone.now(), None
    case.check_result = check_snapshot(case)
    return Step(to=CaseStatus.SUBMITTED, data={"evaluation": evaluation.pk})


def _items(ctx: ActionContext) -> list[str]:
    items = ctx.payload.get("items", [])
    if not isinstance(items, list) or not items or len(items) > MAX_ITEMS:
        raise CaseRefused({"items": [_("List what is to be supplied (a document or a short text each).")]})
    clean = []
    for index, item in enumerate(items):
        if not isinstance(item, str) or not item.strip() or len(item) > 500 or "\x00" in item:
            raise CaseRefused({f"items.{index}": [_("Enter a document or a short text (at most 500 characters).")]})
        clean.append(item.strip())
    return clean


def _due(ctx: ActionContext, today: datetime.date) -> datetime.date:
    """The edition's supplement deadline counted from the day of notice; an edition without one leaves the
    date to the officer."""
    due = edition_deadline(ruleset_for(ctx.case.edition), "supplement", anchor=today)
    if due is not None:
        return due
    given = ctx.payload.get("due")
    try:
        day = datetime.date.fromisoformat(given) if isinstance(given, str) else given
    except ValueError:
        day = None
    if not isinstance(day, datetime.date):
        raise CaseRefused({"due": [_("This edition sets no supplement deadline: enter the due date.")]})
    if day <= today:
        raise CaseRefused({"due": [_("The due date must be after today.")]})
    return day


def request_supplement(ctx: ActionContext) -> Step:
    reason = ctx.text("reason", required=True)
    items = _items(ctx)
    today = timezone.localdate()
    due = _due(ctx, today)
    SupplementRequest.objects.create(case=ctx.case, reason=reason, items=items, due=due, requested_by=ctx.actor)
    ctx.case.due = due
    return Step(to=CaseStatus.SUPPLEMENT_REQUESTED, reason=reason, data={"due": due.isoformat(), "items": items})


def supplement(ctx: ActionContext) -> Step:
    answer = ctx.text("answer", required=False) or ctx.text("reason", required=False)
    SupplementRequest.objects.filter(case=ctx.case, answered_at__isnull=True).update(
        answer=answer, answered_by=ctx.actor, answered_at=timezone.now()
    )
    ctx.case.due = None
    return Step(to=CaseStatus.SCREENING, reason=answer)


def pass_screening(ctx: ActionContext) -> Step:
    """Passes unless the officer's own checklist still marks a document missing or wrong."""
    problems = list(
        DocumentCheck.objects.filter(case=ctx.case).exclude(verdict=DocumentVerdict.OK).values_list("kind", flat=True)
    )
    if problems:
        # the documents by their names in the edition, never their codes
        labels = {item.code: text_in_language(item.label, ctx.lang) for item in ruleset_for(ctx.case.edition).documents}
        raise CaseRefused(
            {
                "checks": [
                    _("The checklist still marks these documents missing or wrong: %(kinds)s.")
                    % {"kinds": ", ".join(labels.get(kind, kind) for kind in problems)}
                ]
            }
        )
    return Step(to=CaseStatus.UNDER_REVIEW, reason=ctx.text("reason", required=False))


def withdraw(ctx: ActionContext) -> Step:
    ctx.case.due = None
    return Step(to=CaseStatus.WITHDRAWN, reason=ctx.text("reason", required=True))


def lapse(ctx: ActionContext) -> Step:
    due = ctx.case.due
    ctx.case.due = None
    return Step(
        to=CaseStatus.LAPSED,
        reason=_("The supplement was due on %(due)s and was not supplied.") % {"due": due.isoformat() if due else "—"},
        data={"due": due.isoformat() if due else None},
    )


for _action, _handler in {
    "consent": consent,
    "submit": submit,
    "request_supplement": request_supplement,
    "supplement": supplement,
    "pass_screening": pass_screening,
    "withdraw": withdraw,
    "lapse": lapse,
}.items():
    register_handler(_action, _handler)
