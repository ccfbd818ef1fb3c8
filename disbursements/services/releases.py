"""Paying an instalment, or withholding it. The case row is locked first (every write of a case's money locks
it, so that a release, a report and a termination of one case never interleave), then the instalment's row;
a second request for the same instalment waits for the first and then finds it released (409). The database
keeps one release per instalment whatever happens (its unique index)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Case
from applications.services import CaseRefused, TransitionNotAllowed
from portal.audit import audit_context
from portal.jobs import task_send_quietly
from portal.models import User
from programs.models import EvaluationPurpose
from programs.rulesets import ruleset_for
from programs.services import evaluation_record

from ..conditions import RELEASE_STATUSES, instalment_facts, instalment_plans
from ..models import Instalment, InstalmentStatus, Release
from ..selectors import money_state

NOTE_MAX = 4000


def _locked(actor: User, case: Case, no: int) -> tuple[Case, Instalment]:
    if not actor.has_perm("disbursements.release_instalment", case):
        raise PermissionDenied(_("Only the programme office releases or withholds instalments."))
    case = Case.objects.select_for_update(of=("self",)).select_related("edition").get(pk=case.pk)
    instalment = Instalment.objects.select_for_update(of=("self",)).get(case=case, no=no)  # DoesNotExist: 404
    if instalment.status == InstalmentStatus.RELEASED:
        raise TransitionNotAllowed(_("Instalment %(no)s is already released.") % {"no": no})
    if instalment.status == InstalmentStatus.WITHHELD:
        raise TransitionNotAllowed(_("Instalment %(no)s is withheld: it is not paid.") % {"no": no})
    if case.status not in RELEASE_STATUSES:
        raise TransitionNotAllowed(
            _("No instalment is paid while the case is %(status)s.") % {"status": case.get_status_display()}
        )
    return case, instalment


def _note(note: str) -> str:
    note = (note or "").replace("\x00", "").strip()
    if len(note) > NOTE_MAX:
        raise CaseRefused({"note": [_("At most %(max)s characters.") % {"max": NOTE_MAX}]})
    return note


@transaction.atomic
def instalment_release(*, actor: User, case: Case, no: int, lang: str, note: str = "") -> Release:
    """Release instalment ``no`` when its conditions hold on the latest progress report, for the amount they
    allow; the evaluation is stored with the release. Raises PermissionDenied, TransitionNotAllowed (already
    decided, or the case's status), CaseRefused (a condition fails, with the outcomes) or
    Instalment.DoesNotExist; nothing changes when it raises."""
    note = _note(note)
    with audit_context(actor=actor, action="instalment_release", case=case.pk, instalment=no):
        case, instalment = _locked(actor, case, no)
        state = money_state(case=case)
        ruleset = ruleset_for(case.edition)
        (plan,) = [
            p for p in instalment_plans(state, ruleset=ruleset, status=case.status, lang=lang) if p.instalment.no == no
        ]
        if plan.failing:
            raise CaseRefused({"conditions": [o.message for o in plan.failing]}, plan.outcomes)
        evaluation = evaluation_record(
            edition=case.edition,
            purpose=EvaluationPurpose.INSTALMENT_RELEASE,
            subject_type="instalment",
            subject_id=instalment.pk,
            inputs=instalment_facts(state),
            outcomes=plan.outcomes,
            passed=True,
            lang=lang,
            result={"no": no, "amount": plan.amount, "report": state.latest.pk if state.latest else None},
            actor=actor,
        )
        # the release and the instalment's new status are attributed with the evaluation they were made on
        with audit_context(evaluation=evaluation.pk, amount=plan.amount):
            try:
                with transaction.atomic():
                    release = Release.objects.create(
                        instalment=instalment,
                        case=case,
                        amount=plan.amount,
                        released_by=actor,
                        evaluation=evaluation,
                        note=note,
                    )
            except IntegrityError:  # only if something wrote past the lock: the database still pays once
                raise TransitionNotAllowed(_("Instalment %(no)s is already released.") % {"no": no}) from None
            instalment.status, instalment.decided_at, instalment.decided_by = (
                InstalmentStatus.RELEASED,
                timezone.now(),
                actor,
            )
            instalment.save(update_fields=["status", "decided_at", "decided_by"])
        from ..tasks import release_notify

        transaction.on_commit(lambda: task_send_quietly(release_notify, release.pk))
        return release


@transaction.atomic
def instalment_withhold(*, actor: User, case: Case, no: int, reason: str) -> Instalment:
    """Decide not to pay instalment ``no`` (its conditions will not be met, or the office holds it back)."""
    reason = _note(reason)
    if not reason:
        raise CaseRefused({"reason": [_("Say why the instalment is withheld.")]})
    with audit_context(actor=actor, action="instalment_withhold", case=case.pk, instalment=no, reason=reason):
        _case, instalment = _locked(actor, case, no)
        instalment.status, instalment.withheld_reason = InstalmentStatus.WITHHELD, reason
        instalment.decided_at, instalment.decided_by = timezone.now(), actor
        instalment.save(update_fields=["status", "withheld_reason", "decided_at", "decided_by"])
        return instalment
