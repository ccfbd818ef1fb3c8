"""Recording expenses: one on a page or through the API (many from an import: imports.py). The case's
row is locked first, as every write of a case's money is; each expense is judged by the edition's expense rules
(its day within the period, a forbidden line, the line's spending against the approved line) on the spending
recorded before it, and its receipt is claimed once across the portal."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from applications.models import Case, CaseStatus
from applications.services import CaseRefused, TransitionNotAllowed
from applications.uploads import UploadRefused, check_upload
from disbursements.models import Contract
from portal.audit import audit_context
from portal.language import text_in_language
from portal.models import User
from programs.rules import Context, Outcome, RuleSet, evaluate
from programs.rulesets import ruleset_for

from ..models import Expense, ExpenseStatus
from .fields import ExpenseInput, expense_input, split

RECORD_STATUSES = (CaseStatus.CONTRACTED, CaseStatus.IN_PROGRESS, CaseStatus.CLOSING)
RECEIPT_FORMATS = ["pdf", "image"]
CLAIM_CHUNK = 5_000


@dataclass
class Ledger:
    """What recording judges against: the case (locked), its contract, rule set and line figures."""

    case: Case
    contract: Contract
    ruleset: RuleSet
    budget: dict[str, tuple[int, int]]  # line → (gov, self) approved
    spent: dict[str, int]  # line → counted amount recorded and not rejected
    labels: dict[str, str]


def _open(actor: User, case: Case, lang: str, *, lock: bool = True) -> Ledger:
    """The ledger of ``case`` as it stands, its row locked (``lock``: inside the transaction that writes)."""
    if not actor.has_perm("expenses.record_expense", case):
        raise PermissionDenied(_("Only the case's company and counselling unit record its expenses."))
    cases = Case.objects.select_for_update(of=("self",)) if lock else Case.objects
    case = cases.select_related("edition").get(pk=case.pk)
    contract = Contract.objects.filter(case=case).first()
    if contract is None or case.status not in RECORD_STATUSES:
        raise TransitionNotAllowed(_("Expenses are recorded from the contract until the case is closing."))
    ruleset = ruleset_for(case.edition)
    budget = {row["code"]: (row.get("gov") or 0, row.get("self") or 0) for row in case.budget_lines or []}
    budget = {code: sides for code, sides in budget.items() if sum(sides)}
    spent = dict(
        Expense.objects.filter(case=case)
        .exclude(status=ExpenseStatus.REJECTED)
        .values_list("line")
        .order_by("line")
        .annotate(s=Sum("amount"))
    )
    names = {item.code: text_in_language(item.label, lang) for item in ruleset.budget_lines}
    return Ledger(case, contract, ruleset, budget, spent, {code: names.get(code, code) for code in budget})


def _judge(ledger: Ledger, entry: ExpenseInput, lang: str) -> tuple[Expense, list[Outcome]]:
    """The expense as it would be stored, and the outcomes of the edition's expense rules."""
    amount = entry.amount_untaxed if ledger.ruleset.tax_basis == "untaxed" else entry.amount_taxed
    gov, own = ledger.budget[entry.line]
    gov_share, self_share = split(amount, gov, own)
    line_spent = ledger.spent.get(entry.line, 0) + amount
    case = ledger.case
    facts = {
        "expense_date": entry.spent_on,
        "project_start": case.period_start or ledger.contract.period_start,
        "project_end": case.period_end or ledger.contract.period_end,
        "expense_line": entry.line,
        "amount": amount,
        "line_spent": line_spent,
        "line_approved": gov + own,
    }
    outcomes = evaluate(ledger.ruleset.expense_rules, Context(facts, ledger.ruleset.labels, lang))
    expense = Expense(
        case=case,
        spent_on=entry.spent_on,
        receipt_kind=entry.receipt_kind,
        receipt_no=entry.receipt_no,
        vendor_ubn=entry.vendor_ubn,
        claim_key=entry.claim_key,
        item=entry.item,
        line=entry.line,
        amount_untaxed=entry.amount_untaxed,
        amount_taxed=entry.amount_taxed,
        amount=amount,
        gov_share=gov_share,
        self_share=self_share,
        warnings=[o.as_dict() for o in outcomes if not o.passed and not o.blocking],
    )
    return expense, outcomes


def _claimed_elsewhere(keys: list[str]) -> dict[str, Expense]:
    """The expenses already claiming any of ``keys`` (in chunks: an import asks for thousands at once)."""
    found = {}
    for start in range(0, len(keys), CLAIM_CHUNK):
        chunk = keys[start : start + CLAIM_CHUNK]
        found.update({e.claim_key: e for e in Expense.objects.filter(claim_key__in=chunk).select_related("case")})
    return found


def _claim_message(other: Expense, case: Case) -> str:
    if other.case_id == case.pk:
        return _("This receipt is already recorded on this case (%(day)s, %(item)s).") % {
            "day": other.spent_on.isoformat(),
            "item": other.item,
        }
    return _("This receipt is already claimed by case %(reference)s: a receipt is claimed once.") % {
        "reference": other.case.reference
    }


def _refusals(outcomes: list[Outcome]) -> list[str]:
    return [o.message for o in outcomes if o.blocking]


@transaction.atomic
def expense_record(*, actor: User, case: Case, data: dict, lang: str, upload=None) -> Expense:
    """Record one expense. ``data``: spent_on, receipt_kind, receipt_no, vendor_ubn, item, line, amount_untaxed,
    amount_taxed. Raises PermissionDenied, TransitionNotAllowed (no contract, status) or CaseRefused (field
    messages, and the rules' outcomes); nothing is stored when it raises."""
    with audit_context(actor=actor, action="expense_record", case=case.pk):
        ledger = _open(actor, case, lang)
        entry, errors = expense_input(data, lines=ledger.labels)
        receipt = None
        if upload is not None:
            try:
                receipt = check_upload(upload, formats=RECEIPT_FORMATS)
            except UploadRefused as exc:
                errors["receipt"] = [str(exc)]
        if errors:
            raise CaseRefused(errors)
        other = _claimed_elsewhere([entry.claim_key]).get(entry.claim_key)
        if other is not None:
            raise CaseRefused({"receipt_no": [_claim_message(other, ledger.case)]})
        expense, outcomes = _judge(ledger, entry, lang)
        if _refusals(outcomes):
            raise CaseRefused({"rules": _refusals(outcomes)}, outcomes)
        expense.recorded_by = actor
        if receipt is not None:
            expense.receipt_type, _size, expense.receipt_sha256 = receipt
            expense.receipt_name = (getattr(upload, "name", "") or "receipt")[:200]
            expense.receipt.save(expense.receipt_name, upload, save=False)
        return _save([expense], ledger.case)[0]


def _save(expenses: list[Expense], case: Case) -> list[Expense]:
    """Store the expenses; a receipt claimed meanwhile by another transaction (past the lookup, the unique
    index still holds) is refused with the case that claimed it."""
    try:
        with transaction.atomic():
            return Expense.objects.bulk_create(expenses)
    except IntegrityError:
        claimed = _claimed_elsewhere([e.claim_key for e in expenses])
        errors = {"receipt_no": [_claim_message(other, case) for other in claimed.values()]}
        raise CaseRefused(errors if claimed else {"receipt_no": [_("A receipt is claimed once.")]}) from None
