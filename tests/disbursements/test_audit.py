"""Every money change is in the audit trail with who did it and why: the contract, each instalment's release
(with the evaluation it was released on) or withholding (with its reason), the reports, the self-funding, a
termination's withheld instalments and clawback."""

import pytest
from django.utils import timezone

from disbursements.models import Clawback, Contract, Release
from disbursements.services import instalment_withhold, self_funding_record
from portal.models import AuditEvent
from tests.disbursements.builders import act, contracted, machinery_approved, officer, release, report

pytestmark = pytest.mark.django_db


def _events(table: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(table_name=f"disbursements_{table}").order_by("id"))


def test_every_money_change_names_who_and_why():
    office = officer()
    case = contracted(machinery_approved(), office)
    self_funding_record(
        actor=case.applicant, case=case, paid_on=timezone.localdate(), amount=1_500_000, reference="匯款 0001"
    )
    first = release(case, office, 1)
    report(case, case.counsellor, progress="30", spent_gov=500_000, spent_self=100_000)
    instalment_withhold(actor=office, case=case, no=2, reason="查核點延誤，暫停撥付")
    act(case, office, "terminate", reason="廠商停業", clawback=400_000)

    touched = AuditEvent.objects.filter(table_name__startswith="disbursements_")
    assert touched.exists() and not touched.filter(actor__isnull=True).exists()
    assert all(event.context.get("action") for event in touched)

    signed, ended = _events("contract")
    assert (ended.action, ended.context["reason"], ended.changes["termination_reason"][1]) == (
        "update",
        "廠商停業",
        "廠商停業",
    )
    contract = Contract.objects.get(case=case)
    assert (signed.action, signed.actor_id, signed.context["action"]) == ("insert", office.pk, "case_contract")
    assert contract.signed_on.isoformat() in signed.context["reason"]
    assert signed.changes["gov_amount"] == 3_500_000

    (paid,) = _events("release")
    assert paid.context["action"] == "instalment_release" and paid.context["evaluation"] == first.evaluation_id
    assert paid.changes["amount"] == 1_400_000 == Release.objects.get().amount

    updates = [e for e in _events("instalment") if e.action == "update"]
    withheld = [e for e in updates if e.changes.get("status", [None, None])[1] == "withheld"]
    assert [e.context.get("reason") for e in withheld] == ["查核點延誤，暫停撥付", "廠商停業"]
    assert all(e.actor_id == office.pk for e in withheld)

    (clawback,) = _events("clawback")
    assert clawback.context["reason"] == "廠商停業" == Clawback.objects.get().reason
    assert clawback.changes["amount"] == 400_000

    (filed,) = _events("progressreport")
    assert (filed.actor_id, filed.context["action"]) == (case.counsellor.pk, "progress_report_file")
    (funding,) = _events("selffundingpayment")
    assert (funding.actor_id, funding.context["action"]) == (case.applicant.pk, "self_funding_record")
