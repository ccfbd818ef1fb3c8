"""The case actions after approval, as handlers of applications' transition service: ``contract`` (the contract
and its instalments from the edition version's schedule), ``close`` (the final report is in), ``accept`` (final
acceptance, and the follow-up reports it starts) and ``terminate`` (reason, clawback, the rest withheld). Each
runs inside ``case_transition`` on the locked case and changes nothing when it refuses. Also the firm's
self-funding payments under a contract."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Case, CaseEvent, CaseStatus
from applications.services import CaseRefused, TransitionNotAllowed, register_handler
from applications.services.transitions import ActionContext, Step
from portal.audit import audit_context
from portal.dates import roc_date
from portal.language import text_in_language
from portal.limits import MONEY_MAX
from portal.models import User
from programs.deadlines import edition_deadline
from programs.rules import ERROR, Outcome, disbursement_plan
from programs.rulesets import ruleset_for

from ..models import Clawback, Contract, Instalment, InstalmentStatus, ProgressReport, ReportKind, SelfFundingPayment
from .followups import follow_ups_schedule
from .inputs import parse_day, parse_money


def approval_day(case: Case) -> datetime.date | None:
    """The day the case was approved: its latest move to ``approved``."""
    event = CaseEvent.objects.filter(case=case, to_status=CaseStatus.APPROVED).order_by("-occurred_at", "-id").first()
    return timezone.localdate(event.occurred_at) if event else None


def sign_by(case: Case) -> datetime.date | None:
    """The last day the contract may be signed on: the edition's ``contract`` deadline from the approval."""
    approved = approval_day(case)
    if approved is None:
        return None
    return edition_deadline(ruleset_for(case.edition), "contract", anchor=approved)


def missing_contract_documents(case: Case, ruleset) -> list[str]:
    """The labels of the edition's required contract documents not uploaded yet."""
    uploaded = set(case.documents.values_list("kind", flat=True))
    return [
        text_in_language(item.label)
        for item in ruleset.documents
        if item.extra.get("stage") == "contract" and item.extra.get("required", True) and item.code not in uploaded
    ]


def _signed_on(ctx: ActionContext, approved: datetime.date, deadline: datetime.date | None) -> datetime.date:
    signed_on = parse_day(ctx.payload.get("signed_on"), "signed_on")
    today = timezone.localdate()
    if signed_on > today:
        raise CaseRefused({"signed_on": [_("The signing date cannot be in the future.")]})
    if signed_on < approved:
        raise CaseRefused(
            {
                "signed_on": [
                    _("The contract cannot be signed before the approval on %(day)s.") % {"day": roc_date(approved)}
                ]
            }
        )
    if deadline is not None and signed_on > deadline:
        message = _("The contract had to be signed by %(deadline)s (%(rule)s); %(day)s is too late.") % {
            "deadline": roc_date(deadline),
            "rule": text_in_language(_deadline_label(ctx)),
            "day": roc_date(signed_on),
        }
        outcome = Outcome(
            "contract_deadline",
            False,
            ERROR,
            message,
            {"sign_by": deadline.isoformat(), "signed_on": signed_on.isoformat()},
        )
        raise CaseRefused({"signed_on": [message]}, [outcome])
    return signed_on


def _deadline_label(ctx: ActionContext):
    from programs.deadlines import edition_deadline_label

    return edition_deadline_label(ruleset_for(ctx.case.edition), "contract")


def contract(ctx: ActionContext) -> Step:
    """``{"signed_on": date, "self_amount": int (default: the self-funding of the budget)}``: the contract of
    the approved amount, and its instalments from the edition version's schedule."""
    case = ctx.case
    ruleset = ruleset_for(case.edition)
    if case.approved_gov is None:
        raise TransitionNotAllowed(_("The case has no approved amount."))
    if case.period_start is None or case.period_end is None:
        raise CaseRefused({"period": [_("Enter the project period before the contract.")]})
    if not ruleset.instalments:
        raise CaseRefused({"instalments": [_("This edition has no instalment schedule.")]})
    approved = approval_day(case)
    if approved is None:
        raise TransitionNotAllowed(_("The approval of this case is not on record."))
    deadline = edition_deadline(ruleset, "contract", anchor=approved)
    signed_on = _signed_on(ctx, approved, deadline)
    self_amount = case.requested_self
    if ctx.payload.get("self_amount") not in (None, ""):
        self_amount = parse_money(ctx.payload["self_amount"], "self_amount")
    missing = missing_contract_documents(case, ruleset)
    if missing:
        message = _("Upload the contract documents first: %(documents)s.") % {"documents": "、".join(missing)}
        raise CaseRefused({"documents": [message]}, [Outcome("contract_documents", False, ERROR, message, {})])
    with audit_context(reason=_("contract signed on %(day)s") % {"day": signed_on.isoformat()}):
        record = Contract.objects.create(
            case=case,
            gov_amount=case.approved_gov,
            self_amount=self_amount,
            period_start=case.period_start,
            period_end=case.period_end,
            approved_on=approved,
            sign_by=deadline,
            signed_on=signed_on,
            created_by=ctx.actor,
        )
        # the amounts the calculator gives for the approved amount: the share of each, the most a final one pays
        facts = {
            "approved_gov": case.approved_gov,
            "signed": True,
            "progress": Decimal(0),
            "disbursed": 0,
            "spent": 0,
            "accepted": False,
            "actual_spent_total": None,
        }
        plan = disbursement_plan(ruleset, facts, lang=ctx.lang).data["instalments"]
        amounts = {row["no"]: row["amount"] for row in plan}
        Instalment.objects.bulk_create(
            [
                Instalment(
                    case=case,
                    contract=record,
                    no=item.no,
                    share=item.share,
                    planned_amount=amounts[item.no],
                    final=item.final,
                )
                for item in ruleset.instalments
            ]
        )
    return Step(
        to=CaseStatus.CONTRACTED,
        reason=ctx.text("reason", required=False),
        data={
            "signed_on": signed_on.isoformat(),
            "gov": case.approved_gov,
            "self": self_amount,
            "instalments": len(ruleset.instalments),
        },
    )


def close(ctx: ActionContext) -> Step:
    """The final report is in."""
    if not ProgressReport.objects.filter(case=ctx.case, kind=ReportKind.FINAL).exists():
        raise CaseRefused({"reports": [_("The final report has not been filed yet.")]})
    return Step(to=CaseStatus.CLOSING, reason=ctx.text("reason", required=False))


def accept(ctx: ActionContext) -> Step:
    """Final acceptance passed: the final instalment's condition holds from now on, and the follow-up
    reports of the edition are scheduled."""
    today = timezone.localdate()
    record = Contract.objects.select_for_update().get(case=ctx.case)
    record.accepted_on = today
    record.save(update_fields=["accepted_on"])
    follow_ups = follow_ups_schedule(case=ctx.case, closed_on=today)
    return Step(
        to=CaseStatus.CLOSED,
        reason=ctx.text("reason", required=False),
        data={"accepted_on": today.isoformat(), "follow_ups": [f.due.isoformat() for f in follow_ups]},
    )


def terminate(ctx: ActionContext) -> Step:
    """``{"reason": text, "clawback": int}``: the contract ends; instalments not yet paid are withheld; the
    clawback (at most what was paid) is recorded against the case."""
    reason = ctx.text("reason", required=True)
    clawback = parse_money(ctx.payload.get("clawback", 0), "clawback")
    record = Contract.objects.select_for_update().get(case=ctx.case)
    paid = sum(
        Instalment.objects.filter(case=ctx.case, status=InstalmentStatus.RELEASED).values_list(
            "release__amount", flat=True
        )
    )
    if clawback > paid:
        raise CaseRefused(
            {"clawback": [_("The clawback cannot exceed the NT$%(paid)s paid so far.") % {"paid": f"{paid:,}"}]}
        )
    today = timezone.localdate()
    with audit_context(reason=reason):
        record.terminated_on, record.termination_reason = today, reason
        record.save(update_fields=["terminated_on", "termination_reason"])
        Instalment.objects.filter(case=ctx.case, status=InstalmentStatus.PLANNED).update(
            status=InstalmentStatus.WITHHELD,
            withheld_reason=_("The contract was terminated: %(reason)s") % {"reason": reason},
            decided_at=timezone.now(),
            decided_by=ctx.actor,
        )
        if clawback:
            Clawback.objects.create(case=ctx.case, amount=clawback, reason=reason, recorded_by=ctx.actor)
    return Step(to=CaseStatus.TERMINATED, reason=reason, data={"clawback": clawback, "paid": paid})


for _action, _handler in {"contract": contract, "close": close, "accept": accept, "terminate": terminate}.items():
    register_handler(_action, _handler)


@transaction.atomic
def self_funding_record(
    *, actor: User, case: Case, paid_on: datetime.date, amount: int, reference: str
) -> SelfFundingPayment:
    """A payment of the firm's self-funding under the contract (the office or the case's parties record it)."""
    if not (
        actor.has_perm("disbursements.release_instalment", case)
        or actor.has_perm("disbursements.report_progress", case)
    ):
        raise PermissionDenied(_("Only the programme office and the case's company and unit record payments."))
    with audit_context(actor=actor, action="self_funding_record"):
        case = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
        record = Contract.objects.filter(case=case).first()
        if record is None or case.status not in (CaseStatus.CONTRACTED, CaseStatus.IN_PROGRESS, CaseStatus.CLOSING):
            raise TransitionNotAllowed(_("Self-funding is recorded while the contract runs."))
        errors: dict[str, list[str]] = {}
        if not isinstance(amount, int) or isinstance(amount, bool) or not 0 < amount <= MONEY_MAX:
            errors["amount"] = [_("Enter a whole number of NT$ above 0.")]
        if paid_on > timezone.localdate():
            errors["paid_on"] = [_("The payment date cannot be in the future.")]
        reference = (reference or "").strip()
        if not reference or len(reference) > 200 or "\x00" in reference:
            errors["reference"] = [_("Enter the bank reference or receipt number (at most 200 characters).")]
        if errors:
            raise CaseRefused(errors)
        return SelfFundingPayment.objects.create(
            contract=record, paid_on=paid_on, amount=amount, reference=reference, recorded_by=actor
        )
