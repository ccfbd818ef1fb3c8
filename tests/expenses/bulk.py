"""Many expenses at once for the query-count tests: rows written straight to the table (their values as the
services would have computed them), spread over the case's lines and the three statuses."""

import datetime
import itertools

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
