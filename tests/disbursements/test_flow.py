"""The whole money story of a case through the services: contract, instalments from the edition's schedule,
progress reports, releases whose conditions are the calculator's, acceptance and the settled final instalment;
a lean-2026 case paid once after closing."""

import pytest
from django.utils import timezone

from applications import services as case_services
from applications.services import CaseRefused, TransitionNotAllowed
from disbursements.models import Contract, FollowUp, Instalment, InstalmentStatus, Release
from disbursements.selectors import case_ledger
from programs.models import EvaluationPurpose, RuleEvaluation
from programs.rules import disbursement_plan
from programs.rules.kinds_dates import add_months
from programs.rulesets import ruleset_for
from tests.disbursements.builders import (
    act,
    closed,
    contracted,
    lean_approved,
    machinery_approved,
    officer,
    release,
    report,
)

pytestmark = pytest.mark.django_db


def test_a_machinery_case_from_contract_to_its_settled_final_instalment():
    case = machinery_approved()
    office = officer()
    case = contracted(case, office)
    contract = Contract.objects.get(case=case)
    approved = timezone.localdate()
    assert (contract.gov_amount, contract.approved_on, contract.signed_on) == (3_500_000, approved, approved)
    assert contract.sign_by == add_months(approved, 1)  # machinery: within one month of the approval
    instalments = list(Instalment.objects.filter(case=case).order_by("no"))
    assert [(i.no, str(i.share), i.planned_amount, i.status) for i in instalments] == [
        (1, "40.00", 1_400_000, "planned"),
        (2, "40.00", 1_400_000, "planned"),
        (3, "20.00", 700_000, "planned"),
    ]
    assert release(case, office, 1).amount == 1_400_000
    report(case, case.counsellor, progress="60", spent_gov=1_036_000, spent_self=450_000)
    with pytest.raises(CaseRefused) as refused:
        release(case, office, 2)
    assert [o.rule for o in refused.value.outcomes if o.blocking] == ["spending_75_of_disbursed"]
    assert "74.00%" in refused.value.errors["conditions"][0]
    report(case, case.counsellor, progress="65", spent_gov=1_050_000, spent_self=450_000)
    assert release(case, office, 2).amount == 1_400_000
    with pytest.raises(TransitionNotAllowed):
        release(case, office, 2)
    report(case, case.counsellor, progress="100", spent_gov=3_300_000, spent_self=1_500_000, kind="final")
    case = act(case, office, "close")
    with pytest.raises(CaseRefused):
        release(case, office, 3)  # not accepted yet
    case = act(case, office, "accept")
    final = release(case, office, 3)
    assert final.amount == 500_000  # actual 3,300,000 − paid 2,800,000: below its 700,000 share
    ledger = case_ledger(case=case, lang="zh-hant")
    assert ledger.disbursed == 3_300_000 == sum(Release.objects.filter(case=case).values_list("amount", flat=True))
    assert ledger.remaining == 0
    evaluation = RuleEvaluation.objects.get(pk=final.evaluation_id)
    assert evaluation.purpose == EvaluationPurpose.INSTALMENT_RELEASE
    assert evaluation.inputs["actual_spent_total"] == 3_300_000
    # the same answer as the public calculator on the stored facts
    calculator = disbursement_plan(ruleset_for(case.edition), {**evaluation.inputs, "progress": 100}, lang="zh-hant")
    assert calculator.data["instalments"][2]["amount"] == 500_000
    assert FollowUp.objects.filter(case=case).count() == 5


def test_a_lean_case_is_paid_once_after_closing():
    case = lean_approved()
    office = officer()
    case = contracted(case, office)
    (only,) = Instalment.objects.filter(case=case)
    assert (only.planned_amount, only.final) == (500_000, True)
    with pytest.raises(CaseRefused):
        release(case, office, 1)
    report(case, case.applicant, progress="100", spent_gov=480_000, spent_self=560_000, kind="final")
    case = closed(case, office)
    assert release(case, office, 1).amount == 480_000
    assert Instalment.objects.get(case=case).status == InstalmentStatus.RELEASED


def test_a_case_approved_by_the_review_decision_is_contracted_on_its_approved_amount():
    """With the reviews app's real ``decide`` (issue 9): the approval's day and amount are what the contract
    takes — its deadline, its government funds and the instalments' shares of them."""
    from tests.applications.builders import upload
    from tests.reviews.builders import assign, decide, reviewer, score, under_review

    case = under_review()
    expert = reviewer()
    assign(case, expert)
    score(case, expert)
    decide(case, decision="approve", approved_gov=3_000_000, reason="核減部分經費")
    for kind in ("contract_plan", "contract_sealed_by_unit", "bank_credit_proof"):
        case_services.document_upload(actor=case.counsellor, case=case, kind=kind, upload=upload(f"{kind}.pdf"))
    case = act(case, case.office, "contract", signed_on=timezone.localdate().isoformat())
    contract = Contract.objects.get(case=case)
    assert (contract.gov_amount, contract.approved_on) == (3_000_000, timezone.localdate())
    assert contract.sign_by == add_months(timezone.localdate(), 1)
    assert list(Instalment.objects.filter(case=case).order_by("no").values_list("planned_amount", flat=True)) == [
        1_200_000,
        1_200_000,
        600_000,
    ]
