"""The reviewer pool, conflicts of interest and assignments. Each write is one transaction on locked rows."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Case, CaseStatus
from portal.audit import audit_context
from portal.jobs import task_send_quietly
from portal.models import Company, CounsellingUnit, Role, User
from portal.validators import validate_ubn
from programs.models import Edition
from reviews.conflicts import reviewer_conflicts
from reviews.models import Assignment, ConflictDeclaration, ReviewerProfile

from .errors import ReviewConflict

REASON_MAX = 2000
ROUND_MAX = 9
PROFILE_FIELDS = ("affiliation", "organisation_ubn", "expertise", "editions")


def _office(actor: User) -> None:
    if not actor.has_perm("reviews.assign_reviewers"):
        raise PermissionDenied(_("Only the programme office assigns reviewers."))


def _reason(value, *, field: str = "reason", required: bool = True) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else None
    if text is None:
        raise ValidationError({field: _("Enter text.")})
    if required and not text:
        raise ValidationError({field: _("Give the reason.")})
    if len(text) > REASON_MAX:
        raise ValidationError({field: _("At most %(max)s characters.") % {"max": REASON_MAX}})
    if "\x00" in text:  # PostgreSQL cannot store it
        raise ValidationError({field: str(ProhibitNullCharactersValidator.message)})
    return text


@transaction.atomic
def reviewer_profile_save(*, actor: User, reviewer: User, data: dict) -> ReviewerProfile:
    """A reviewer keeps their affiliation, organisation and expertise; the office also sets the editions served."""
    with audit_context(actor=actor, action="reviewer_profile_save"):
        if reviewer.role != Role.REVIEWER:
            raise ValidationError({"reviewer": _("This user is not a reviewer.")})
        office = actor.has_perm("reviews.assign_reviewers")
        if not office and actor.pk != reviewer.pk:
            raise PermissionDenied(_("A reviewer keeps only their own profile."))
        allowed = set(PROFILE_FIELDS) if office else set(PROFILE_FIELDS) - {"editions"}
        unknown = set(data) - allowed
        if unknown:
            raise ValidationError(dict.fromkeys(sorted(unknown), _("Unknown field.")))
        if "editions" in data:
            try:
                data = {**data, "editions": edition_codes_clean(data["editions"])}
            except ValidationError as exc:
                raise ValidationError({"editions": exc.messages}) from None
        profile, _created = ReviewerProfile.objects.select_for_update().get_or_create(
            user=reviewer, defaults={"affiliation": reviewer.affiliation}
        )
        for name, value in data.items():
            setattr(profile, name, value)
        if profile.organisation_ubn:
            try:
                validate_ubn(profile.organisation_ubn)
            except ValidationError as exc:
                raise ValidationError({"organisation_ubn": exc.messages}) from None
        profile.full_clean(exclude=["user"])
        profile.save()
        return profile


def edition_codes_clean(codes) -> list[str]:
    """The edition codes a reviewer serves, each a known edition (ValidationError otherwise)."""
    if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
        raise ValidationError(_("List the edition codes the reviewer serves."))
    known = set(Edition.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise ValidationError(_("Unknown edition codes: %(codes)s.") % {"codes": ", ".join(unknown)})
    return sorted(set(codes))


def _undecided_active(reviewer: User, scope: Q) -> list[Assignment]:
    """The reviewer's active assignments in ``scope`` on cases not yet decided, their cases locked first (in
    id order, as every other write locks a case before its assignments) so no decision counts them meanwhile."""
    active = Assignment.objects.filter(scope, reviewer=reviewer, withdrawn_at__isnull=True)
    list(Case.objects.select_for_update().filter(pk__in=active.values("case_id")).order_by("pk").values_list("pk"))
    return list(active.filter(case__decision__isnull=True).select_for_update(of=("self",)).select_related("case"))


@transaction.atomic
def conflict_declare(
    *, actor: User, company: Company | None = None, unit: CounsellingUnit | None = None, reason: str
) -> tuple[ConflictDeclaration, list[Assignment]]:
    """A reviewer declares a conflict with a company or a counselling unit. Their active assignments on the
    undecided cases of that company or unit are withdrawn at once, and the officers who assigned them are
    told by e-mail once this commits."""
    with audit_context(actor=actor, action="conflict_declare"):
        if actor.role != Role.REVIEWER:
            raise PermissionDenied(_("Only reviewers declare conflicts of interest."))
        if (company is None) == (unit is None):
            raise ValidationError({"company": _("Declare a conflict with either a company or a counselling unit.")})
        reason = _reason(reason)
        exists = ConflictDeclaration.objects.filter(reviewer=actor, company=company, unit=unit).exists()
        if exists:
            field = "company" if company else "unit"
            raise ValidationError({field: _("You have already declared this conflict of interest.")})
        declaration = ConflictDeclaration.objects.create(reviewer=actor, company=company, unit=unit, reason=reason)
        scope = Q(case__company=company) if company else Q(case__unit=unit)
        withdrawn = _undecided_active(actor, scope)
        now = timezone.now()
        why = _("The reviewer declared a conflict of interest: %(reason)s") % {"reason": reason}
        for assignment in withdrawn:
            assignment.withdrawn_at, assignment.withdrawn_reason = now, why
            assignment.save(update_fields=["withdrawn_at", "withdrawn_reason"])
        if withdrawn:
            from reviews.tasks import assignments_withdrawn_notify

            ids = [a.pk for a in withdrawn]
            transaction.on_commit(lambda: task_send_quietly(assignments_withdrawn_notify, ids))
        return declaration, withdrawn


def _check_reviewer(case: Case, reviewer: User) -> None:
    if reviewer.role != Role.REVIEWER or not reviewer.is_active:
        raise ValidationError({"reviewer": _("Choose an active reviewer.")})
    profile = ReviewerProfile.objects.filter(user=reviewer).first()
    if profile is None:
        raise ValidationError({"reviewer": _("This reviewer has no profile in the reviewer pool yet.")})
    if not profile.serves(case.edition_code):
        raise ValidationError({"reviewer": _("This reviewer does not serve this programme edition.")})
    if Assignment.objects.filter(case=case, reviewer=reviewer, withdrawn_at__isnull=True).exists():
        raise ValidationError({"reviewer": _("This reviewer is already assigned to this case.")})
    conflicts = reviewer_conflicts(case=case, reviewer=reviewer)
    if conflicts:
        raise ValidationError({"reviewer": [_("Conflict of interest: %(reason)s") % {"reason": r} for r in conflicts]})


def _locked_case(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",)).select_related("edition", "company", "unit").get(pk=case.pk)


@transaction.atomic
def assignment_create(*, actor: User, case: Case, reviewer: User, round: int = 1) -> Assignment:
    """Assign a reviewer to a case under review, unless they have a conflict of interest with it."""
    with audit_context(actor=actor, action="assignment_create"):
        _office(actor)
        case = _locked_case(case)
        if case.status != CaseStatus.UNDER_REVIEW:
            raise ReviewConflict(
                _("Reviewers are assigned while the case is under review; it is %(status)s.")
                % {"status": CaseStatus(case.status).label}
            )
        if isinstance(round, bool) or not isinstance(round, int) or not 1 <= round <= ROUND_MAX:
            raise ValidationError({"round": _("The round is a number from 1 to %(max)s.") % {"max": ROUND_MAX}})
        _check_reviewer(case, reviewer)
        assignment = Assignment.objects.create(case=case, reviewer=reviewer, round=round, assigned_by=actor)
        from reviews.tasks import assignment_notify

        transaction.on_commit(lambda: task_send_quietly(assignment_notify, assignment.pk))
        return assignment


@transaction.atomic
def assignment_withdraw(*, actor: User, assignment: Assignment, reason: str) -> Assignment:
    with audit_context(actor=actor, action="assignment_withdraw"):
        _office(actor)
        _locked_case(assignment.case)
        assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if assignment.withdrawn_at is not None:
            raise ReviewConflict(_("This assignment is already withdrawn."))
        if hasattr(assignment.case, "decision"):
            raise ReviewConflict(_("The case is decided: its reviews are kept as they were."))
        assignment.withdrawn_at, assignment.withdrawn_reason = timezone.now(), _reason(reason)
        assignment.save(update_fields=["withdrawn_at", "withdrawn_reason"])
        return assignment


@transaction.atomic
def assignment_confirm(*, actor: User, assignment: Assignment) -> Assignment:
    """The reviewer confirms they have no conflict of interest with the case; refused when the portal sees one."""
    with audit_context(actor=actor, action="assignment_confirm"):
        assignment = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("case__company", "case__unit")
            .get(pk=assignment.pk)
        )
        if assignment.reviewer_id != actor.pk or assignment.withdrawn_at is not None:
            raise PermissionDenied(_("This is not your assignment."))
        if assignment.confirmed_no_conflict_at is None:
            conflicts = reviewer_conflicts(case=assignment.case, reviewer=actor)
            if conflicts:
                raise ValidationError({"confirm": conflicts})
            assignment.confirmed_no_conflict_at = timezone.now()
            assignment.save(update_fields=["confirmed_no_conflict_at"])
        return assignment
