"""After an approval: the applicant answers the reviewers' comments (審查意見回覆表) and uploads the plan revised
after them; the officer accepts the revision, which closes the table."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Case, CaseStatus
from applications.uploads import UploadRefused, check_upload
from portal.audit import audit_context
from portal.models import User
from reviews.models import Decision, ReviewComment, RevisedPlan

from .errors import ReviewConflict

REPLY_MAX = 4000
PAGE_MAX = 40
NOTE_MAX = 2000
PLAN_FORMATS = ["pdf", "docx"]


def _approved_case(actor: User, case: Case, *, party: bool) -> tuple[Case, Decision]:
    case = Case.objects.select_for_update(of=("self",)).select_related("edition").get(pk=case.pk)
    if party and not actor.has_perm("applications.change_case", case):
        raise PermissionDenied(_("Only the company and its counselling unit answer the reviewers' comments."))
    if not party and not actor.has_perm("reviews.accept_revision", case):
        raise PermissionDenied(_("Only the programme office accepts the revised plan."))
    decision = Decision.objects.filter(case=case).first()
    if decision is None or not decision.approved or case.status != CaseStatus.APPROVED:
        raise ReviewConflict(_("The plan is revised after the reviewers' comments once the case is approved."))
    if RevisedPlan.objects.filter(case=case, accepted_at__isnull=False).exists():
        raise ReviewConflict(_("The programme office has accepted the revised plan: the replies are final."))
    return case, decision


@transaction.atomic
def comment_replies_save(*, actor: User, case: Case, replies: Mapping[int, Mapping[str, str]]) -> list[ReviewComment]:
    """Store the replies given, keyed by comment number: {"reply": text, "page": "12"}. Blank replies are
    kept blank (the table may be filled in over several visits)."""
    with audit_context(actor=actor, action="comment_replies_save"):
        case, _decision = _approved_case(actor, case, party=True)
        comments = {c.number: c for c in ReviewComment.objects.select_for_update().filter(case=case)}
        errors: dict[str, list[str]] = {}
        changed = []
        for number, answer in replies.items():
            comment = comments.get(number)
            if comment is None:
                errors[f"replies.{number}"] = [_("There is no comment with this number.")]
                continue
            reply, page = str(answer.get("reply", "") or "").strip(), str(answer.get("page", "") or "").strip()
            if len(reply) > REPLY_MAX:
                errors[f"replies.{number}.reply"] = [_("At most %(max)s characters.") % {"max": REPLY_MAX}]
            if len(page) > PAGE_MAX:
                errors[f"replies.{number}.page"] = [_("At most %(max)s characters.") % {"max": PAGE_MAX}]
            if "\x00" in reply + page:  # PostgreSQL cannot store it
                errors[f"replies.{number}"] = [str(ProhibitNullCharactersValidator.message)]
            if (reply, page) != (comment.reply, comment.page):
                comment.reply, comment.page = reply, page
                comment.replied_by, comment.replied_at = (actor, timezone.now()) if reply else (None, None)
                changed.append(comment)
        if errors:
            raise ValidationError(errors)
        ReviewComment.objects.bulk_update(changed, ["reply", "page", "replied_by", "replied_at"])
        return changed


@transaction.atomic
def revised_plan_upload(*, actor: User, case: Case, upload) -> RevisedPlan:
    """Keep a new version of the revised plan, after checking what the file really is."""
    with audit_context(actor=actor, action="revised_plan_upload"):
        case, _decision = _approved_case(actor, case, party=True)
        try:
            content_type, size, sha256 = check_upload(upload, formats=PLAN_FORMATS)
        except UploadRefused as exc:
            raise ValidationError({"file": str(exc)}) from None
        latest = RevisedPlan.objects.filter(case=case).aggregate(v=Max("version"))["v"] or 0
        name = str(getattr(upload, "name", "") or "plan").replace("/", "_").replace("\\", "_")[-200:]
        plan = RevisedPlan(
            case=case,
            version=latest + 1,
            name=name,
            size=size,
            sha256=sha256,
            content_type=content_type,
            uploaded_by=actor,
        )
        plan.file.save(name, upload, save=False)
        try:
            plan.save()
        except BaseException:
            plan.file.delete(save=False)  # no orphan file when the row cannot be written
            raise
        return plan


@transaction.atomic
def revision_accept(*, actor: User, case: Case, note: str = "") -> RevisedPlan:
    """The officer accepts the latest revised plan: every comment must have its reply."""
    with audit_context(actor=actor, action="revision_accept"):
        case, _decision = _approved_case(actor, case, party=False)
        plan = RevisedPlan.objects.select_for_update().filter(case=case).order_by("-version").first()
        if plan is None:
            raise ValidationError({"plan": _("The revised plan has not been uploaded yet.")})
        unanswered = list(
            ReviewComment.objects.filter(case=case, reply="").order_by("number").values_list("number", flat=True)
        )
        if unanswered:
            raise ValidationError(
                {"replies": _("Comments without a reply: %(numbers)s.") % {"numbers": "、".join(map(str, unanswered))}}
            )
        note = (note or "").strip()
        if len(note) > NOTE_MAX or "\x00" in note:
            raise ValidationError({"note": _("At most %(max)s characters, no null characters.") % {"max": NOTE_MAX}})
        plan.accepted_by, plan.accepted_at, plan.acceptance_note = actor, timezone.now(), note
        plan.save(update_fields=["accepted_by", "accepted_at", "acceptance_note"])
        return plan
