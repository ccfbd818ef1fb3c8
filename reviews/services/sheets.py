"""A reviewer's score sheet: scored by the rule engine's ``score_sheet`` (the public calculator's code, so the
totals are the same numbers), saved as a draft, then submitted — and never changed after."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Case, CaseStatus
from portal.audit import audit_context
from portal.models import User
from programs.models import EvaluationPurpose
from programs.rules import InputError, Result, RuleSet, score_sheet
from programs.rulesets import ruleset_for
from programs.services import evaluation_record
from reviews.models import Assignment, ScoreSheet

from .errors import NotAssigned, NotConfirmed, ReviewConflict

COMMENT_MAX = 4000
GENERAL_COMMENT_MAX = 10000


def active_assignment(*, reviewer: User, case: Case, lock: bool = False) -> Assignment:
    """The reviewer's active assignment on the case; NotAssigned when there is none."""
    queryset = Assignment.objects.filter(case_id=case.pk, reviewer_id=reviewer.pk, withdrawn_at__isnull=True)
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    assignment = queryset.select_related("case__edition", "case__company", "case__unit").first()
    if assignment is None:
        raise NotAssigned
    return assignment


def sheet_score(ruleset: RuleSet, scores: Mapping[str, Decimal], bonus: Mapping[str, Decimal], *, lang: str) -> Result:
    """The rubric's answer, or ValidationError with the engine's own field messages (``scores.needs``, …)."""
    try:
        return score_sheet(ruleset, scores, bonus, lang=lang)
    except InputError as exc:
        raise ValidationError(exc.messages(lang)) from None


def _comments(ruleset: RuleSet, comments: Mapping[str, str] | None, comment: str | None) -> tuple[dict, str]:
    codes = [c.code for c in ruleset.rubric.criteria] if ruleset.rubric else []
    clean, errors = {}, {}
    for code, text in (comments or {}).items():
        if code not in codes:
            errors[f"comments.{code}"] = [_("Unknown criterion.")]
        elif not isinstance(text, str):
            errors[f"comments.{code}"] = [_("Enter text.")]
        elif len(text) > COMMENT_MAX:
            errors[f"comments.{code}"] = [_("At most %(max)s characters.") % {"max": COMMENT_MAX}]
        elif "\x00" in text:
            errors[f"comments.{code}"] = [str(ProhibitNullCharactersValidator.message)]
        elif text.strip():
            clean[code] = text.strip()
    comment = comment if comment is not None else ""
    if not isinstance(comment, str):
        errors["comment"] = [_("Enter text.")]
    elif len(comment) > GENERAL_COMMENT_MAX:
        errors["comment"] = [_("At most %(max)s characters.") % {"max": GENERAL_COMMENT_MAX}]
    elif "\x00" in comment:
        errors["comment"] = [str(ProhibitNullCharactersValidator.message)]
    if errors:
        raise ValidationError(errors)
    return {code: clean[code] for code in codes if code in clean}, comment.strip()


def _numbers(values: Mapping[str, Decimal]) -> dict[str, str]:
    return {code: str(value) for code, value in values.items()}


@transaction.atomic
def sheet_save(
    *,
    actor: User,
    case: Case,
    scores: Mapping[str, Decimal],
    bonus: Mapping[str, Decimal] | None = None,
    comments: Mapping[str, str] | None = None,
    comment: str | None = "",
    submit: bool = False,
    confirm: bool = False,
    lang: str,
) -> tuple[ScoreSheet, Result]:
    """Save the reviewer's own sheet for the case (one per assignment) and submit it when ``submit``.
    ``confirm`` counts this save as the reviewer's "no conflict of interest" (the API's single step).
    Raises NotAssigned (404), NotConfirmed or ReviewConflict (409), ValidationError (400)."""
    with audit_context(actor=actor, action="sheet_save"):
        # the case first (as the decision and the office's writes lock it), then the assignment
        case = Case.objects.select_for_update(of=("self",)).select_related("edition").get(pk=case.pk)
        assignment = active_assignment(reviewer=actor, case=case, lock=True)
        if case.status != CaseStatus.UNDER_REVIEW:
            raise ReviewConflict(
                _("Score sheets are filled in while the case is under review; it is %(status)s.")
                % {"status": CaseStatus(case.status).label}
            )
        sheet = ScoreSheet.objects.select_for_update().filter(assignment=assignment).first()
        if sheet is not None and sheet.submitted_at is not None:
            raise ReviewConflict(
                _("This score sheet was submitted on %(date)s and cannot change.")
                % {"date": timezone.localtime(sheet.submitted_at).strftime("%Y-%m-%d %H:%M")}
            )
        if assignment.confirmed_no_conflict_at is None:
            if not confirm:
                raise NotConfirmed(_("Confirm first that you have no conflict of interest with this case."))
            from .pool import assignment_confirm

            assignment = assignment_confirm(actor=actor, assignment=assignment)
        ruleset = ruleset_for(case.edition)
        bonus = bonus or {}
        clean_comments, clean_comment = _comments(ruleset, comments, comment)
        result = sheet_score(ruleset, scores, bonus, lang=lang)
        sheet = sheet or ScoreSheet(assignment=assignment)
        sheet.edition = case.edition
        sheet.scores, sheet.bonus = _numbers(scores), _numbers(bonus)
        sheet.comments, sheet.comment = clean_comments, clean_comment
        sheet.criteria = result.data["criteria"]
        sheet.bonus_counted, sheet.total = Decimal(result.data["bonus"]), Decimal(result.data["total"])
        sheet.updated_at = timezone.now()
        sheet.save()
        if submit:
            sheet.evaluation = evaluation_record(
                edition=case.edition,
                purpose=EvaluationPurpose.SCORE,
                subject_type="score_sheet",
                subject_id=sheet.pk,
                inputs={"scores": sheet.scores, "bonus": sheet.bonus},
                outcomes=result.outcomes,
                passed=True,
                lang=lang,
                result=result.data,
                actor=actor,
            )
            sheet.submitted_at = timezone.now()
            sheet.save(update_fields=["evaluation", "submitted_at"])
        return sheet, result
