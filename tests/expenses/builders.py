"""Test data of the expense ledger: contracted machinery-2025 and lean-2026-basic cases, valid vendor UBNs and
invoice numbers, expenses recorded through the services."""

import datetime
import itertools

from expenses import services
from portal.validators import ubn_checksum_ok
from tests.disbursements.builders import contracted, lean_approved, machinery_approved, officer

VENDORS = [f"{n:08d}" for n in range(10000000, 10100000) if ubn_checksum_ok(f"{n:08d}")][:50]
_numbers = itertools.count(10000001)


def invoice_no() -> str:
    return f"AB{next(_numbers):08d}"


def machinery_contracted():
    case = machinery_approved()
    office = officer()
    case = contracted(case, office)
    case.office = office
    return case


def lean_contracted():
    case = lean_approved()
    office = officer()
    case = contracted(case, office)
    case.office = office
    return case


def row(**overrides) -> dict:
    data = {
        "spent_on": "2025-05-02",
        "receipt_kind": "invoice",
        "receipt_no": invoice_no(),
        "vendor_ubn": VENDORS[0],
        "item": "伺服馬達控制器",
        "line": "other_direct",
        "amount_untaxed": 100_000,
        "amount_taxed": 105_000,
    }
    data.update(overrides)
    return data


def record(case, actor=None, lang="zh-hant", **overrides):
    actor = actor or getattr(case, "counsellor", None) or case.applicant
    return services.expense_record(actor=actor, case=case, data=row(**overrides), lang=lang)


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)
