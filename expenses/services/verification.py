"""The programme office's verification of each expense: accepted, or rejected with a reason. A rejected
expense leaves the settled amount; rejected after the case's final instalment was paid, the government money
paid beyond the verified spending is clawed back on the case's ledger in the same transaction."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Case
from applications.services import CaseRefused, TransitionNotAllowed
from disbursements.models import Clawback, Instalment, InstalmentStatus, Release
from portal.audit import audit_context
from portal.models import User

from ..models import Expense, ExpenseStatus
from ..selectors import verified_spending

REASON_MAX = 4000


def _reason(reason: str, reject: bool) -> str:
    reason = (reason or "").replace("\x00", "").strip()
    if reject and not reason:
        raise CaseRefused({"reason": [_("Say why the expense is rejected.")]})
    if len(reason) > REASON_MAX:
        raise CaseRefused({"reason": [_("At most %(max)s characters.") % {"max": REASON_MAX}]})
    return reason


def _clawback(actor: User, case: Case, expense: Expense) -> Clawback | None:
    """After the final instalment is paid, what was paid beyond the verified government spending."""
    if not Instalment.objects.filter(case=case, final=True, status=InstalmentStatus.RELEASED).exists():
        return None
    paid = Release.objects.filter(case=case).aggregate(s=Coalesce(Sum("amount"), 0))["s"]
    clawed = Clawback.objects.filter(case=case).aggregate(s=Coalesce(Sum("amount"), 0))["s"]
    verified = verified_spending(case.pk)
    excess = paid - clawed - (verified.gov if verified else 0)
    if excess <= 0:
        return None
    reason = _("Expense %(no)s (%(item)s) rejected after payment: %(why)s") % {
        "no": expense.receipt_no,
        "item": expense.item,
        "why": expense.reason,
    }
    return Clawback.objects.create(case=case, amount=excess, reason=reason, recorded_by=actor)


@transaction.atomic
def expense_verify(*, actor: User, case: Case, expense_id: int, accept: bool, reason: str = "") -> Expense:
    """Accept or reject one expense of ``case``. A pending expense may be accepted or rejected; an accepted one
    may still be rejected (a finding after the fact); a rejected one stays rejected. Raises PermissionDenied,
    Expense.DoesNotExist (404), TransitionNotAllowed or CaseRefused; nothing changes when it raises."""
    if not actor.has_perm("expenses.verify_expense", case):
        raise PermissionDenied(
            _("Only the programme office and the accountants assigned to the case verify its expenses.")
        )
    reason = _reason(reason, not accept)
    action = "expense_accept" if accept else "expense_reject"
    with audit_context(actor=actor, action=action, case=case.pk, expense=expense_id):
        case = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
        expense = Expense.objects.select_for_update(of=("self",)).get(case=case, pk=expense_id)
        if expense.status == ExpenseStatus.REJECTED:
            raise TransitionNotAllowed(_("This expense is rejected: it stays out of the ledger."))
        if accept and expense.status == ExpenseStatus.ACCEPTED:
            raise TransitionNotAllowed(_("This expense is already accepted."))
        expense.status = ExpenseStatus.ACCEPTED if accept else ExpenseStatus.REJECTED
        expense.reason, expense.verified_by, expense.verified_at = reason, actor, timezone.now()
        expense.save(update_fields=["status", "reason", "verified_by", "verified_at"])
        if not accept:
            _clawback(actor, case, expense)
        return expense
