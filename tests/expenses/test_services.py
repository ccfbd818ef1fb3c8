"""The expense ledger through its services: fields checked, the split by the line's ratio, the edition's
expense rules, a receipt claimed once across the portal, verification and the clawback after payment, and the
instalments judged on the verified ledger."""

import pytest
from django.utils import timezone

from applications.services import CaseRefused, TransitionNotAllowed
from disbursements.models import Clawback
from expenses import services
from expenses.models import Expense, ExpenseStatus
from expenses.selectors import line_figures, verified_spending
from programs.rulesets import ruleset_for
from tests.disbursements.builders import act, release, report
from tests.expenses.builders import VENDORS, lean_contracted, machinery_contracted, record, row

pytestmark = pytest.mark.django_db


def test_an_expense_is_split_in_its_lines_ratio_within_a_dollar():
    case = machinery_contracted()
    # other_direct: 1,157,733 : 496,171; machinery counts the amount with tax
    expense = record(case, amount_untaxed=99_999, amount_taxed=104_999)
    assert expense.amount == 104_999
    assert expense.gov_share == 73_499  # 104,999 × 1,157,733 / 1,653,904 = 73,499.37… rounded half up
    assert expense.gov_share + expense.self_share == 104_999
    assert expense.status == ExpenseStatus.PENDING


def test_lean_counts_the_untaxed_amount():
    case = lean_contracted()
    expense = record(case, spent_on="2026-04-01", line="business", amount_untaxed=40_000, amount_taxed=42_000)
    assert (expense.amount, expense.gov_share, expense.self_share) == (40_000, 20_000, 20_000)


@pytest.mark.parametrize(
    "field,value",
    [
        ("receipt_no", "A123456789"),
        ("receipt_no", "AB1234567"),
        ("vendor_ubn", "12345678"),
        ("vendor_ubn", "1234567"),
        ("line", "capital_goods"),
        ("amount_untaxed", 0),
        ("amount_untaxed", "12.5"),
        ("amount_taxed", 1),
        ("spent_on", "2025-13-01"),
        ("item", "  "),
        ("receipt_kind", "cheque"),
    ],
)
def test_bad_fields_are_refused_by_name_and_nothing_is_stored(field, value):
    case = machinery_contracted()
    with pytest.raises(CaseRefused) as refused:
        record(case, **{field: value})
    assert field in refused.value.errors
    assert not Expense.objects.exists()


def test_an_invoice_is_claimed_once_across_the_portal_naming_the_first_case():
    first, second = machinery_contracted(), lean_contracted()
    record(first, receipt_no="QZ 1234-5678")
    with pytest.raises(CaseRefused) as refused:
        record(second, spent_on="2026-04-01", line="business", receipt_no="qz12345678")
    assert first.reference in refused.value.errors["receipt_no"][0]
    with pytest.raises(CaseRefused) as again:
        record(first, receipt_no="QZ12345678")
    assert "this case" in again.value.errors["receipt_no"][0] or "本案" in again.value.errors["receipt_no"][0]
    assert Expense.objects.count() == 1


def test_a_spending_day_outside_the_period_is_refused_by_the_editions_rule():
    case = machinery_contracted()
    with pytest.raises(CaseRefused) as refused:
        record(case, spent_on="2025-11-01")
    assert [o.rule for o in refused.value.outcomes if o.blocking] == ["expense_in_period"]


def test_over_spending_a_line_blocks_in_machinery_and_warns_in_lean():
    case = machinery_contracted()
    record(case, line="public_fee", amount_untaxed=100_000, amount_taxed=105_000)
    with pytest.raises(CaseRefused) as refused:
        record(case, line="public_fee", amount_untaxed=3_000, amount_taxed=3_150)
    blocking = [o for o in refused.value.outcomes if o.blocking]
    assert [o.rule for o in blocking] == ["expense_within_line"]
    assert blocking[0].values["over"] == 105_000 + 3_150 - 108_000
    lean = lean_contracted()
    expense = record(lean, spent_on="2026-04-01", line="consumables", amount_untaxed=60_000, amount_taxed=63_000)
    assert [w["rule"] for w in expense.warnings] == ["expense_within_line"]
    assert expense.warnings[0]["values"]["over"] == 10_000


def test_a_forbidden_line_is_refused_by_the_edition():
    from expenses.services.fields import expense_input
    from expenses.services.records import Ledger, _judge

    case = machinery_contracted()
    ruleset = ruleset_for(case.edition)
    entry, errors = expense_input(row(line="capital_equipment"), lines={"capital_equipment": "資本設備支出"})
    assert not errors
    ledger = Ledger(case, case.contract, ruleset, {"capital_equipment": (500_000, 500_000)}, {}, {})
    _expense, outcomes = _judge(ledger, entry, "zh-hant")
    assert [o.rule for o in outcomes if o.blocking] == ["expense_line_forbidden"]


def test_verification_rejects_with_a_reason_and_the_ledger_follows():
    case = machinery_contracted()
    kept, dropped = record(case), record(case, amount_untaxed=50_000, amount_taxed=52_500)
    assert verified_spending(case.pk).gov == 0
    with pytest.raises(CaseRefused):
        services.expense_verify(actor=case.office, case=case, expense_id=dropped.pk, accept=False, reason=" ")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.expense_verify(actor=case.counsellor, case=case, expense_id=kept.pk, accept=True)
    services.expense_verify(actor=case.office, case=case, expense_id=kept.pk, accept=True)
    services.expense_verify(actor=case.office, case=case, expense_id=dropped.pk, accept=False, reason="品名不全")
    with pytest.raises(TransitionNotAllowed):
        services.expense_verify(actor=case.office, case=case, expense_id=dropped.pk, accept=True)
    kept.refresh_from_db()
    assert verified_spending(case.pk).gov == kept.gov_share
    figures = line_figures(case=case, ruleset=ruleset_for(case.edition), lang="zh-hant")
    other = next(line for line in figures.lines if line.code == "other_direct")
    assert (other.spent, other.verified, other.rejected) == (105_000, 105_000, 52_500)


ROOM = {"direct_salary": 2_000_000, "management_fee": 1_000_000, "other_direct": 1_653_904}


def _spend(case, gov_target: int, size: int = 200_000) -> list[Expense]:
    """Accepted expenses on the lines split 70 : 30, filling one line after another, totalling at least
    ``gov_target`` of government funds."""
    expenses, gov, used = [], 0, dict.fromkeys(ROOM, 0)
    while gov < gov_target:
        line = next(code for code, room in ROOM.items() if used[code] + size <= room)
        used[line] += size
        expense = record(
            case, line=line, amount_untaxed=size, amount_taxed=size, vendor_ubn=VENDORS[len(expenses) % len(VENDORS)]
        )
        services.expense_verify(actor=case.office, case=case, expense_id=expense.pk, accept=True)
        expenses.append(expense)
        gov += expense.gov_share
    return expenses


def test_the_second_instalment_is_judged_on_the_verified_ledger_not_the_declared_figure():
    case = machinery_contracted()
    office = case.office
    release(case, office, 1)  # 1,400,000: 75 % is 1,050,000
    spent = _spend(case, 1_050_000)  # 8 × 140,000 = 1,120,000 verified
    pending = record(case, line="management_fee", amount_untaxed=100_000, amount_taxed=100_000)
    report(case, case.counsellor, progress="60", spent_gov=1_200_000, spent_self=500_000, backed=False)
    services.expense_verify(actor=office, case=case, expense_id=spent[0].pk, accept=False, reason="重複報支")
    with pytest.raises(CaseRefused) as refused:
        release(case, office, 2)  # 980,000 verified: 70 %
    assert [o.rule for o in refused.value.outcomes if o.blocking] == ["spending_75_of_disbursed"]
    declared = [o for o in refused.value.outcomes if o.rule == "declared_spending_supported"]
    assert declared and declared[0].values == {"declared": 1_200_000, "verified": 980_000}
    services.expense_verify(actor=office, case=case, expense_id=pending.pk, accept=True)  # + 70,000
    assert release(case, office, 2).evaluation.inputs["spent"] == 1_050_000


def test_the_final_instalment_settles_on_verified_spending_and_a_later_rejection_claws_back():
    case = machinery_contracted()
    office = case.office
    release(case, office, 1)
    spent = _spend(case, 3_000_000, size=100_000)
    verified = verified_spending(case.pk).gov
    assert verified == sum(e.gov_share for e in Expense.objects.filter(case=case)) >= 3_000_000
    report(case, case.counsellor, progress="60", spent_gov=1_100_000, spent_self=450_000, backed=False)
    release(case, office, 2)
    report(case, case.counsellor, progress="100", spent_gov=3_400_000, spent_self=1_320_000, kind="final", backed=False)
    case = act(act(case, office, "close"), office, "accept")
    final = release(case, office, 3)
    assert final.amount == verified - 2_800_000  # settled on the verified spending, not the declared 3,400,000
    assert not Clawback.objects.filter(case=case).exists()
    services.expense_verify(actor=office, case=case, expense_id=spent[0].pk, accept=False, reason="非本計畫支出")
    clawback = Clawback.objects.get(case=case)
    assert clawback.amount == spent[0].gov_share
    assert clawback.recorded_on == timezone.localdate()


def test_the_verification_deadline_is_five_working_days_after_closing_for_lean_only():
    from expenses.selectors import closing_day, verification_due
    from portal.services import deadline_compute

    lean = lean_contracted()
    ruleset = ruleset_for(lean.edition)
    assert verification_due(case=lean, ruleset=ruleset) is None  # not closing yet
    report(lean, lean.applicant, progress="100", spent_gov=100_000, spent_self=100_000, kind="final", backed=False)
    lean = act(lean, lean.office, "close")
    closed = closing_day(case=lean)
    assert closed == timezone.localdate()
    due = verification_due(case=lean, ruleset=ruleset)
    assert due == deadline_compute(start=closed, working_days=5) and due > closed
    machinery = machinery_contracted()
    assert verification_due(case=machinery, ruleset=ruleset_for(machinery.edition)) is None  # sets no such deadline
