"""Junk in every field of every money page is refused on its form (or with a message), never a 500, and
changes nothing; the API's junk is in test_api.py."""

import datetime

import pytest
from django.utils import timezone

from applications.models import Case
from disbursements.models import FollowUp, PlanChange
from tests.disbursements.builders import closed, contracted, lean_approved, machinery_approved, officer, report
from tests.disbursements.support import money_state

pytestmark = pytest.mark.django_db

JUNK = ["", " ", "\x00", "9" * 40, "１２３", "-1", "1e5", "12.5", "<script>alert(1)</script>", "2026-02-30", "ＮａＮ"]


def _posts(client, path: str, fields: dict, junk_fields: list[str], case, *, breakers: dict, ok=(200, 302)):
    """Each field in turn set to each junk value while another field (from ``breakers``) is wrong, so that the
    request as a whole is always refused: never a 500, never a change. (Junk that is fine text or a number
    people type — full-width digits — would otherwise be accepted, rightly.)"""
    before = money_state(case)
    for name in junk_fields:
        other, bad = next((k, v) for k, v in breakers.items() if k != name)
        for value in JUNK:
            response = client.post(path, {**fields, other: bad, name: value})
            assert response.status_code in ok, (path, name, value, response.status_code)
            assert money_state(case) == before, (path, name, value)


def test_junk_on_the_contract_and_termination_forms(client):
    case = machinery_approved()
    office = officer()
    client.force_login(office)
    _posts(
        client,
        f"/cases/{case.pk}/contract/",
        {"signed_on": "2026-01-01", "self_amount": "1,500,000"},
        ["signed_on", "self_amount"],
        case,
        breakers={"signed_on": "2999-01-01", "self_amount": "-5"},
    )
    case = contracted(case, office)
    _posts(
        client,
        f"/cases/{case.pk}/terminate/",
        {"reason": "停業", "clawback": "0"},
        ["reason", "clawback"],
        case,
        breakers={"reason": "", "clawback": "1"},
    )  # the clawback above the 0 paid
    # the second instalment's conditions fail whatever the note
    _posts(client, f"/cases/{case.pk}/instalments/2/release/", {}, ["note"], case, breakers={"x": ""})
    before = money_state(case)
    for value in ("", " ", "\x00", "x" * 5000):
        assert client.post(f"/cases/{case.pk}/instalments/2/withhold/", {"reason": value}).status_code in (200, 302)
    assert money_state(case) == before
    client.force_login(case.counsellor)
    _posts(
        client,
        f"/cases/{case.pk}/contract/self-funding/",
        {"paid_on": "2026-01-01", "amount": "1", "reference": "r"},
        ["paid_on", "amount", "reference"],
        case,
        breakers={"paid_on": "2999-01-01", "amount": "0"},
    )


def test_junk_on_the_progress_report_form(client):
    case = contracted(machinery_approved(), officer())
    client.force_login(case.counsellor)
    today = timezone.localdate().isoformat()
    valid = {
        "kind": "progress",
        "as_of": today,
        "progress": "30",
        "spent_gov": "100",
        "spent_self": "0",
        "site_visits": "1",
    }
    _posts(
        client,
        f"/cases/{case.pk}/progress/",
        valid,
        [
            "kind",
            "as_of",
            "progress",
            "spent_gov",
            "spent_self",
            "site_visits",
            "cp0_evidence",
            "kpi__能耗降低（%）",
            "note",
        ],
        case,
        breakers={"spent_gov": "3,600,000", "as_of": "2999-01-01"},
    )


def test_junk_on_the_plan_change_forms(client):
    case = contracted(machinery_approved(), office := officer())
    Case.objects.filter(pk=case.pk).update(period_end=timezone.localdate() + datetime.timedelta(days=200))
    client.force_login(case.counsellor)
    path = f"/cases/{case.pk}/changes/"
    late = (timezone.localdate() + datetime.timedelta(days=220)).isoformat()
    _posts(
        client,
        path,
        {"reason": "x", "change": ["period"], "period_start": "2025-03-01", "period_end": late},
        ["reason", "change", "period_start", "period_end"],
        case,
        breakers={"period_end": "2025-01-01", "reason": ""},
    )
    _posts(
        client,
        path,
        {"reason": "x", "change": ["budget"]},
        ["line__direct_salary__gov", "line__management_fee__self"],
        case,
        breakers={"reason": ""},
    )
    _posts(
        client,
        path,
        {"reason": "x", "change": ["pi"], "pi_name": "甲", "pi_email": "a@b.tw", "pi_months": "4"},
        ["pi_name", "pi_email", "pi_months"],
        case,
        breakers={"reason": ""},
    )
    _posts(client, path, {"reason": "x", "change": ["consultants"]}, ["consultants"], case, breakers={"reason": ""})
    _posts(client, path, {"reason": "x", "change": ["checkpoints"]}, ["checkpoints"], case, breakers={"reason": ""})
    assert not PlanChange.objects.exists()
    change = client.post(
        path,
        {
            "reason": "展延",
            "change": ["period"],
            "period_start": "2025-03-01",
            "period_end": (timezone.localdate() + datetime.timedelta(days=220)).isoformat(),
        },
    )
    assert change.status_code == 302
    pending = PlanChange.objects.get()
    client.force_login(office)
    prefix = f"c{pending.pk}-"
    _posts(
        client,
        f"/cases/{case.pk}/changes/{pending.pk}/decide/",
        {f"{prefix}decision": "reject"},
        [f"{prefix}decision", f"{prefix}note"],
        case,
        breakers={f"{prefix}note": "", f"{prefix}decision": "maybe"},
    )


def test_junk_on_the_follow_up_form(client):
    office = officer()
    case = contracted(lean_approved(), office)
    applicant = case.applicant
    report(case, applicant, progress="100", spent_gov=500_000, spent_self=10, kind="final")
    case = closed(case, office)
    FollowUp.objects.filter(case=case).update(due=timezone.localdate())
    client.force_login(applicant)
    _posts(client, f"/cases/{case.pk}/follow-ups/1/", {}, ["note"], case, breakers={"kpi__換模時間（分）": "x"})
    before = money_state(case)
    for value in ("x", "\x00", "9" * 40, "<b>", "1e999999", "ＮａＮ", ""):
        assert client.post(f"/cases/{case.pk}/follow-ups/1/", {"kpi__換模時間（分）": value}).status_code == 200
    assert money_state(case) == before
