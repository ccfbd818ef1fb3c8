"""Plan changes: filed by the company or its unit no later than the edition's limit before the end (machinery:
30 calendar days), checked as they will be applied, major ones approved by the programme office, the case
changed through applications' ``case_amend`` with the old values kept — and every refusal changes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from applications.models import Case, StaffMember, StaffRole
from applications.services import CaseRefused, TransitionNotAllowed
from disbursements.models import ChangeStatus, PlanChange
from disbursements.services import plan_change_decide, plan_change_request
from portal.models import AuditEvent
from tests.applications.builders import MACHINERY_LINES
from tests.disbursements.builders import act, contracted, machinery_approved, officer, report
from tests.disbursements.support import money_state

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _case(days_to_end: int = 120):
    case = contracted(machinery_approved(), office := officer())
    Case.objects.filter(pk=case.pk).update(period_end=TODAY() + datetime.timedelta(days=days_to_end))
    case.refresh_from_db()
    case.office = office
    return case


def _request(case, changes, *, actor=None, reason="設備交期延後"):
    return plan_change_request(
        actor=actor or case.counsellor, case=case, changes=changes, reason=reason, lang="zh-hant"
    )


def _refused(case, changes, exc=CaseRefused, **kwargs):
    before = money_state(case)
    with pytest.raises(exc) as caught:
        _request(case, changes, **kwargs)
    assert money_state(case) == before
    return caught.value


def _period(case, end: datetime.date) -> dict:
    return {"period": {"start": case.period_start.isoformat(), "end": end.isoformat()}}


def test_filed_on_the_last_day_but_not_after_it():
    on_time = _case(days_to_end=30)  # end − 30 days is today
    assert _request(on_time, _period(on_time, on_time.period_end)).status == ChangeStatus.PENDING
    late = _case(days_to_end=29)
    refused = _refused(late, _period(late, late.period_end + datetime.timedelta(days=10)))
    (outcome,) = refused.outcomes
    assert outcome.rule == "plan_change_deadline" and not outcome.passed
    assert outcome.values["last_day"] == (late.period_end - datetime.timedelta(days=30)).isoformat()
    assert "計畫變更申請（執行結束前，含例假日）" in refused.errors["fields"][0]  # the edition's words for the limit


def test_a_major_change_waits_for_the_office_and_then_changes_the_case():
    case = _case()
    new_end = case.period_end + datetime.timedelta(days=15)
    change = _request(case, _period(case, new_end))
    assert (change.status, change.major, change.fields) == (ChangeStatus.PENDING, True, ["period"])
    case.refresh_from_db()
    assert case.period_end != new_end
    _refused(case, {"checkpoints": []}, TransitionNotAllowed)  # one at a time
    old_end = case.period_end
    plan_change_decide(actor=case.office, change=change, approve=True, note="同意展延", lang="zh-hant")
    case.refresh_from_db()
    change.refresh_from_db()
    assert case.period_end == new_end and change.status == ChangeStatus.APPROVED
    assert change.before == {"period": {"start": case.period_start.isoformat(), "end": old_end.isoformat()}}
    audit = (
        AuditEvent.objects.filter(table_name="applications_case", object_id=str(case.pk), action="update")
        .order_by("-id")
        .first()
    )
    assert audit.actor_id == case.office.pk and audit.context["action"] == "case_amend"
    assert "設備交期延後" in audit.context["reason"]
    assert audit.changes["period_end"] == [old_end.isoformat(), new_end.isoformat()]


def test_a_refused_change_needs_a_reason_and_leaves_the_case():
    case = _case()
    change = _request(case, _period(case, case.period_end + datetime.timedelta(days=15)))
    before = Case.objects.filter(pk=case.pk).values().get()
    with pytest.raises(CaseRefused):
        plan_change_decide(actor=case.office, change=change, approve=False, note="", lang="zh-hant")
    plan_change_decide(actor=case.office, change=change, approve=False, note="期程已無法展延", lang="zh-hant")
    change.refresh_from_db()
    assert change.status == ChangeStatus.REJECTED and Case.objects.filter(pk=case.pk).values().get() == before
    with pytest.raises(TransitionNotAllowed):
        plan_change_decide(actor=case.office, change=change, approve=True, note="", lang="zh-hant")


def test_a_minor_change_is_recorded_and_takes_effect_at_once():
    case = _case()
    checkpoints = [
        {"date": "2025-07-31", "item": "設備聯網完成", "percent": "60"},
        {"date": "2025-10-31", "item": "第三方驗證完成", "percent": "100"},
    ]
    change = _request(case, {"checkpoints": checkpoints})
    assert (change.status, change.major) == (ChangeStatus.RECORDED, False)
    case.refresh_from_db()
    assert [c["percent"] for c in case.checkpoints] == ["60.00", "100.00"]
    assert [c["percent"] for c in change.before["checkpoints"]] == ["50.00", "100.00"]


def _lines(**changes) -> dict:
    lines = [dict(line) for line in MACHINERY_LINES]
    for line in lines:
        line.update(changes.get(line["code"], {}))
    return {"budget": {"lines": lines}}


def test_a_budget_change_keeps_the_edition_s_rules_and_the_approved_amount():
    case = _case()
    refused = _refused(case, _lines(direct_salary={"gov": 1_600_000, "self": 400_000}))
    assert {"gov_cap", "gov_share_max"} <= {o.rule for o in refused.outcomes}
    below = _refused(case, _lines(direct_salary={"gov": 1_300_000, "self": 557_143}))
    assert "3,500,000" in below.errors["budget"][0]
    moved = _lines(direct_salary={"gov": 1_470_000, "self": 630_000}, other_direct={"gov": 1_087_733, "self": 466_171})
    change = _request(case, moved)
    plan_change_decide(actor=case.office, change=change, approve=True, note="", lang="zh-hant")
    case.refresh_from_db()
    assert {line["code"]: line["gov"] for line in case.budget_lines}["direct_salary"] == 1_470_000
    assert case.requested_gov == 3_500_000 == case.approved_gov
    change.refresh_from_db()
    assert change.before["budget"]["lines"][0]["gov"] == 1_400_000


def test_a_new_principal_investigator_and_consultants():
    case = _case()
    change = _request(
        case,
        {
            "pi": {"name": "張新主持", "email": "new-pi@unit.example.tw", "title": "經理", "person_months": "4"},
            "consultants": [{"name": "李顧問", "email": "lee@consult.example.tw", "person_months": "1.5"}],
        },
        reason="原主持人離職",
    )
    assert change.fields == ["pi", "consultants"] and change.major
    plan_change_decide(actor=case.office, change=change, approve=True, note="", lang="zh-hant")
    staff = {s.email: s for s in StaffMember.objects.filter(case=case)}
    assert staff["new-pi@unit.example.tw"].role == StaffRole.PI and "pi@unit.example.tw" not in staff
    assert staff["lee@consult.example.tw"].person_months == Decimal("1.5")
    assert staff["eng@unit.example.tw"].role == StaffRole.STAFF  # the rest of the table stays
    change.refresh_from_db()
    assert [row["email"] for row in change.before["staff"] if row["role"] == "pi"] == ["pi@unit.example.tw"]


@pytest.mark.parametrize(
    "changes, key",
    [
        ({}, "fields"),
        ({"title": "新名稱"}, "fields"),
        ({"period": {"start": "2025-03-01", "end": "2025-02-01"}}, "period.end"),
        ({"period": {"start": "2025-03-01", "end": "31/12/2025"}}, "period.end"),
        ({"pi": {"name": "", "email": "x", "person_months": "4"}}, "staff.0.name"),
        ({"pi": {"name": "甲", "email": "a@b.tw", "person_months": "abc"}}, "pi.person_months"),
        ({"consultants": []}, "consultants"),
        ({"checkpoints": "none"}, "checkpoints"),
        ({"checkpoints": []}, "checkpoints"),
        ({"checkpoints": [{"date": "2025-07-31", "item": "甲", "percent": "60"}]}, "checkpoints"),
        ({"checkpoints": [{"date": "2025-07-31", "item": "甲", "percent": "60"},
                          {"date": "2025-06-30", "item": "乙", "percent": "100"}]}, "checkpoints.1.date"),
        ({"budget": {"lines": [{"code": "nope", "gov": 1, "self": 1}]}}, "budget.lines.0.code"),
    ],
)  # fmt: skip
def test_bad_changes_are_refused_with_their_field(changes, key):
    case = _case()
    refused = _refused(case, changes)
    assert any(name == key or name.startswith(f"{key}.") for name in refused.errors), refused.errors


def test_who_and_when():
    case = _case()
    _refused(case, _period(case, case.period_end), PermissionDenied, actor=case.office)
    _refused(case, _period(case, case.period_end), CaseRefused, reason=" ")
    change = _request(case, _period(case, case.period_end + datetime.timedelta(days=5)))
    with pytest.raises(PermissionDenied):
        plan_change_decide(actor=case.counsellor, change=change, approve=True, note="", lang="zh-hant")
    plan_change_decide(actor=case.office, change=change, approve=False, note="不同意", lang="zh-hant")
    report(case, case.counsellor, progress="100", spent_gov=3_000_000, spent_self=1_300_000, kind="final")
    closing = act(case, case.office, "close")
    _refused(closing, _period(closing, closing.period_end), TransitionNotAllowed, actor=case.counsellor)
    assert PlanChange.objects.filter(case=case).count() == 1
