"""Many expenses at once for the query-count tests: rows written straight to the table (their values as the
services would have computed them), spread over the case's lines and the three statuses."""

import datetime
import itertools

from django.utils import timezone

from expenses.models import Expense, ExpenseStatus

_keys = itertools.count(1)
LINES = ("direct_salary", "management_fee", "other_direct", "public_fee")
STATUSES = (ExpenseStatus.PENDING, ExpenseStatus.ACCEPTED, ExpenseStatus.REJECTED)


def grow_expenses(case, actor):
    """``grow(size)``: the case holds ``size`` expenses."""

    def grow(size: int) -> None:
        have = Expense.objects.filter(case=case).count()
        rows = []
        for n in range(have, size):
            key = next(_keys)
            amount = 1_000 + (n * 37) % 5_000
            gov = amount * 7 // 10
            status = STATUSES[n % 3]
            rows.append(
                Expense(
                    case=case,
                    spent_on=datetime.date(2025, 3, 1) + datetime.timedelta(days=n % 200),
                    receipt_kind="invoice",
                    receipt_no=f"XY{key:08d}",
                    vendor_ubn="10000001",
                    claim_key=f"invoice:XY{key:08d}",
                    item=f"品項 {n}",
                    line=LINES[n % len(LINES)],
                    amount_untaxed=amount,
                    amount_taxed=amount,
                    amount=amount,
                    gov_share=gov,
                    self_share=amount - gov,
                    status=status,
                    reason="品名不全" if status == ExpenseStatus.REJECTED else "",
                    recorded_by=actor,
                )
            )
        Expense.objects.bulk_create(rows, batch_size=1000)

    return grow


def accepted_spending(case, actor, *, gov: int, own: int, key: str, line: str, on: datetime.date) -> Expense:
    """One accepted expense carrying ``gov`` and ``own`` (unsaved): what a declared figure stands on where the
    edition pays on the ledger (the disbursement builders)."""
    return Expense(
        case=case,
        spent_on=on,
        receipt_kind="receipt",
        receipt_no=key,
        vendor_ubn="10000001",
        claim_key=f"receipt:10000001:{key}",
        item="累計支出",
        line=line,
        amount_untaxed=gov + own,
        amount_taxed=gov + own,
        amount=gov + own,
        gov_share=gov,
        self_share=own,
        status=ExpenseStatus.ACCEPTED,
        recorded_by=actor,
        verified_at=timezone.now(),
    )
