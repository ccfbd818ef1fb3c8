"""The ``decide`` action's work (registered with the case transition service): every active reviewer's sheet
submitted, the approved amount within the request and the edition's caps, the decision and its evaluation
stored, the reviewers' comments released to the applicant as the 審查意見回覆表."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from applications.models import CaseStatus
from applications.services import CaseRefused, register_handler
from applications.services.transitions import ActionContext, Step
from programs.models import EvaluationPurpose
from programs.rules.money import money_text
from programs.rules.text import pick
from programs.rulesets import ruleset_for
from programs.services import evaluation_record
from reviews import selectors
from reviews.caps import cap_outcomes
from reviews.models import Assignment, Decision, ReviewComment, ScoreSheet, Verdict
from reviews.services.letters import letter_request


def _sheets(ctx: ActionContext) -> list[Assignment]:
    """The active assignments, each with its submitted sheet; refused while any is missing."""
    active = [a for a in selectors.case_assignments(case=ctx.case) if a.withdrawn_at is None]
    if not active:
        raise CaseRefused({"assignments": [_("Assign at least one reviewer before deciding.")]})
    waiting = [a.reviewer.full_name for a in active if not hasattr(a, "sheet") or a.sheet.submitted_at is None]
    if waiting:
        raise CaseRefused(
            {
                "sheets": [
                    _("Every assigned reviewer's score sheet must be submitted first; still waiting for: %(names)s.")
                    % {"names": "、".join(waiting)}
                ]
            }
        )
    return active


def _approved_gov(ctx: ActionContext) -> int:
    value = ctx.payload.get("approved_gov")
    if isinstance(value, bool) or not isinstance(value, int):  # money is an integer, never text or a float
        raise CaseRefused({"approved_gov": [_("Enter the approved government funds as a whole number of NT$.")]})
    if value <= 0:
        raise CaseRefused({"approved_gov": [_("The approved amount must be above 0; to refuse the case, reject it.")]})
    return value


def _release_comments(case, active: list[Assignment], lang: str) -> int:
    """Number the reviewers' comments for the applicant (reviewer 1, 2, … in the order of assignment)."""
    ruleset = ruleset_for(case.edition)
    labels = {c.code: pick(c.label, lang) for c in (ruleset.rubric.criteria if ruleset.rubric else ())}
    rows = []
    for reviewer_no, assignment in enumerate(active, start=1):
        sheet: ScoreSheet = assignment.sheet
        texts = [(code, text) for code, text in sheet.comments.items()]
        if sheet.comment:
            texts.append(("", sheet.comment))
        for code, text in texts:
            rows.append(
                ReviewComment(
                    case=case,
                    number=len(rows) + 1,
                    sheet=sheet,
                    reviewer_no=reviewer_no,
                    criterion=labels.get(code, code),
                    comment=text,
                )
            )
    ReviewComment.objects.bulk_create(rows)
    return len(rows)


def _summary(verdict: str, case, approved: int | None, mean, reason: str) -> str:
    """What the event (and so the e-mail to the applicant) says, in the portal's language."""
    with translation.override(settings.LANGUAGE_CODE):
        lang = settings.LANGUAGE_CODE
        mean_text = f"{mean:.2f}" if mean is not None else "—"
        if verdict == Verdict.APPROVE:
            text = _(
                "Approved: government funds %(approved)s (requested %(requested)s); reviewers' mean score %(mean)s."
            ) % {
                "approved": money_text(approved, lang),
                "requested": money_text(case.requested_gov, lang),
                "mean": mean_text,
            }
        else:
            text = _("Not approved; reviewers' mean score %(mean)s.") % {"mean": mean_text}
        return f"{text} {reason}".strip()


def decide(ctx: ActionContext) -> Step:
    case = ctx.case
    verdict = ctx.payload.get("decision")
    if verdict not in Verdict.values:
        raise CaseRefused({"decision": [_("Choose “approve” or “reject”.")]})
    active = _sheets(ctx)
    summary = selectors.case_summary(case=case)
    approved, outcomes = None, []
    if verdict == Verdict.APPROVE:
        approved = _approved_gov(ctx)
        outcomes = cap_outcomes(case, approved, lang=ctx.lang)
        blocking = [o for o in outcomes if o.blocking]
        if blocking:
            raise CaseRefused({"approved_gov": [o.message for o in blocking]}, outcomes)
    reduced = approved is not None and approved < case.requested_gov
    reason = ctx.text("reason", required=verdict == Verdict.REJECT or reduced)
    sheets = [{"assignment": a.pk, "round": a.round, "total": f"{a.sheet.total:.2f}"} for a in active]
    evaluation = evaluation_record(
        edition=case.edition,
        purpose=EvaluationPurpose.DECISION,
        subject_type="case",
        subject_id=case.pk,
        inputs={
            "decision": verdict,
            "requested_gov": case.requested_gov,
            "requested_self": case.requested_self,
            "approved_gov": approved,
            "sheets": sheets,
        },
        outcomes=outcomes,
        passed=True,
        lang=ctx.lang,
        result={"mean": f"{summary.mean:.2f}" if summary.mean is not None else None, "reason": reason},
        actor=ctx.actor,
    )
    decision = Decision.objects.create(
        case=case,
        verdict=verdict,
        requested_gov=case.requested_gov,
        approved_gov=approved,
        reason=reason,
        mean=summary.mean,
        sheets=len(active),
        evaluation=evaluation,
        decided_by=ctx.actor,
    )
    released = _release_comments(case, active, ctx.lang)
    case.approved_gov = approved
    # the letter is the portal's own notice, in its language, whoever decided in which language
    letter_request(decision=decision, actor=ctx.actor, language=settings.LANGUAGE_CODE)
    return Step(
        to=CaseStatus.APPROVED if verdict == Verdict.APPROVE else CaseStatus.REJECTED,
        reason=_summary(verdict, case, approved, summary.mean, reason),
        data={
            "decision": verdict,
            "approved_gov": approved,
            "requested_gov": case.requested_gov,
            "mean": f"{summary.mean:.2f}" if summary.mean is not None else None,
            "sheets": len(active),
            "comments": released,
            "evaluation": evaluation.pk,
        },
    )


register_handler("decide", decide)
