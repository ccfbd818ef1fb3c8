"""The money part of cases-api.md: ``contract`` … ``terminate`` through the actions route, instalments, progress
reports, releases and the ledger — their shapes, who may do what, and every refusal leaving everything as it
was."""

import datetime

import pytest
from django.utils import timezone

from disbursements.models import Clawback, Instalment, ProgressReport, Release
from tests.applications.api_support import OUTCOME_KEYS, action_url, send
from tests.disbursements.builders import (
    closed,
    contracted,
    lean_approved,
    machinery_approved,
    officer,
    release,
    report,
)
from tests.disbursements.support import INSTALMENT_KEYS, LEDGER_KEYS, money_state, url
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _client(api_client, user):
    api_client.force_authenticate(user)
    return api_client


def _refused(client, method, path, body, *, status, key=None, case=None) -> dict:
    before = money_state(case)
    response = send(client, method, path, body)
    assert response.status_code == status, (response.status_code, response.content[:600])
    assert money_state(case) == before
    errors = response.json()["errors"]
    assert errors and all(isinstance(texts, list) and texts for texts in errors.values())
    if key is not None:
        assert key in errors, errors
    return response.json()


# --- contract ----------------------------------------------------------------------------------------------


def test_contract_over_the_api_plans_the_instalments(api_client):
    case = machinery_approved()
    client = _client(api_client, officer())
    response = send(client, "post", action_url(case, "contract"), {"signed_on": TODAY().isoformat()})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "contracted"
    page = client.get(url(case, "instalments")).json()
    assert set(page) == {"count", "next", "previous", "results"} and page["count"] == 3
    assert all(set(row) == INSTALMENT_KEYS for row in page["results"])
    assert [(r["no"], r["share"], r["amount"], r["status"]) for r in page["results"]] == [
        (1, "40.00", 1_400_000, "planned"),
        (2, "40.00", 1_400_000, "planned"),
        (3, "20.00", 700_000, "planned"),
    ]
    assert all(set(o) == OUTCOME_KEYS for row in page["results"] for o in row["outcomes"])
    event = client.get(url(case, "events")).json()["results"][-1]
    assert (event["action"], event["from"], event["to"]) == ("contract", "approved", "contracted")


@pytest.mark.parametrize(
    "body, key",
    [
        ({}, "signed_on"),
        ({"signed_on": "2026-13-01"}, "signed_on"),
        ({"signed_on": 20261127}, "signed_on"),
        ({"signed_on": "tomorrow"}, "signed_on"),
        ({"signed_on": TODAY().isoformat(), "self_amount": -1}, "self_amount"),
        ({"signed_on": TODAY().isoformat(), "self_amount": "1500000"}, "self_amount"),
        ({"signed_on": TODAY().isoformat(), "self_amount": 10**15}, "self_amount"),
    ],
)
def test_contract_refuses_bad_input_and_changes_nothing(api_client, body, key):
    case = machinery_approved()
    _refused(_client(api_client, officer()), "post", action_url(case, "contract"), body, status=400, key=key, case=case)


def test_contract_after_the_deadline_or_before_the_approval_or_in_the_future(api_client):
    approved_on = TODAY() - datetime.timedelta(days=40)
    case = machinery_approved(approved_on=approved_on)
    client = _client(api_client, officer())
    late = _refused(
        client,
        "post",
        action_url(case, "contract"),
        {"signed_on": TODAY().isoformat()},
        status=400,
        key="signed_on",
        case=case,
    )
    assert [o["rule"] for o in late["outcomes"]] == ["contract_deadline"]
    assert late["outcomes"][0]["values"]["sign_by"] < TODAY().isoformat()
    early = (approved_on - datetime.timedelta(days=1)).isoformat()
    _refused(client, "post", action_url(case, "contract"), {"signed_on": early}, status=400, key="signed_on", case=case)
    future = (TODAY() + datetime.timedelta(days=1)).isoformat()
    _refused(
        client, "post", action_url(case, "contract"), {"signed_on": future}, status=400, key="signed_on", case=case
    )
    in_time = (approved_on + datetime.timedelta(days=20)).isoformat()
    assert send(client, "post", action_url(case, "contract"), {"signed_on": in_time}).status_code == 200


def test_contract_waits_for_the_contract_documents(api_client):
    case = machinery_approved(documents=False)
    refused = _refused(
        _client(api_client, officer()),
        "post",
        action_url(case, "contract"),
        {"signed_on": TODAY().isoformat()},
        status=400,
        key="documents",
        case=case,
    )
    assert refused["outcomes"][0]["rule"] == "contract_documents"


def test_only_the_office_contracts_and_only_an_approved_case(api_client):
    case = machinery_approved()
    body = {"signed_on": TODAY().isoformat()}
    _refused(_client(api_client, case.counsellor), "post", action_url(case, "contract"), body, status=403, case=case)
    contracted(case, officer(), start=False)
    _refused(_client(api_client, officer()), "post", action_url(case, "contract"), body, status=409)


# --- progress reports ----------------------------------------------------------------------------------------


def test_a_progress_report_is_filed_and_listed(api_client):
    case = contracted(machinery_approved(), officer())
    client = _client(api_client, case.applicant)
    body = {"as_of": TODAY().isoformat(), "progress": "60.00", "spent_gov": 1_050_000, "spent_self": 450_000}
    response = send(client, "post", url(case, "progress-reports"), body)
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["progress"], data["spent_gov"], data["spent_self"], data["kind"]) == (
        "60.00",
        1_050_000,
        450_000,
        "progress",
    )
    listed = client.get(url(case, "progress-reports")).json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == data["id"]


@pytest.mark.parametrize(
    "change, key",
    [
        ({"spent_gov": -1}, "spent_gov"),
        ({"spent_self": -5}, "spent_self"),
        ({"progress": "100.01"}, "progress"),
        ({"progress": "-1"}, "progress"),
        ({"progress": "abc"}, "progress"),
        ({"spent_gov": "1050000"}, "spent_gov"),
        ({"spent_gov": 1.5}, "spent_gov"),
        ({"spent_gov": 3_500_001}, "spent_gov"),  # more than the contract's government funds
        ({"as_of": "2026-02-30"}, "as_of"),
        ({"as_of": "2999-01-01"}, "as_of"),
        ({"as_of": "2000-01-01"}, "as_of"),  # before the contract
        ({"kind": "weekly"}, "kind"),
        ({"site_visits": -1}, "site_visits"),
        ({"checkpoints": [{"index": 9, "done": True, "evidence": "x"}]}, "checkpoints.0"),
        ({"checkpoints": [{"index": 0, "done": True, "evidence": ""}]}, "checkpoints.0.evidence"),
        ({"kpi_actuals": {"不存在的指標": "1"}}, "kpi_actuals.不存在的指標"),
        ({"surprise": 1}, "surprise"),
        ({"note": "\x00"}, "note"),
    ],
)
def test_a_report_with_bad_figures_is_refused_and_nothing_is_stored(api_client, change, key):
    case = contracted(machinery_approved(), officer())
    body = {"as_of": TODAY().isoformat(), "progress": "60.00", "spent_gov": 1_050_000, "spent_self": 450_000, **change}
    _refused(
        _client(api_client, case.counsellor),
        "post",
        url(case, "progress-reports"),
        body,
        status=400,
        key=key,
        case=case,
    )


@pytest.mark.parametrize(
    "name, value", [("progress", "50.00"), ("spent_gov", 999_999), ("spent_self", 1), ("as_of", "yesterday")]
)
def test_cumulative_figures_never_go_back(api_client, name, value):
    case = contracted(machinery_approved(), officer())
    report(case, case.counsellor, progress="60", spent_gov=1_000_000, spent_self=400_000)
    if value == "yesterday":
        value = (TODAY() - datetime.timedelta(days=1)).isoformat()
        # the first report is as of today: file it again as of yesterday
    body = {
        "as_of": TODAY().isoformat(),
        "progress": "60.00",
        "spent_gov": 1_000_000,
        "spent_self": 400_000,
        name: value,
    }
    refused = _refused(
        _client(api_client, case.counsellor),
        "post",
        url(case, "progress-reports"),
        body,
        status=400,
        key=name,
        case=case,
    )
    assert "report" in refused["errors"][name][0] or "報告" in refused["errors"][name][0]


def test_reports_by_whom_and_when(api_client):
    case = machinery_approved()
    body = {"as_of": TODAY().isoformat(), "progress": "10.00", "spent_gov": 0, "spent_self": 0}
    _refused(
        _client(api_client, case.counsellor), "post", url(case, "progress-reports"), body, status=409
    )  # no contract
    case = contracted(case, office := officer())
    _refused(_client(api_client, office), "post", url(case, "progress-reports"), body, status=403)
    for stranger in (UserFactory(role="applicant"), UserFactory(role="reviewer"), UserFactory(role="counsellor")):
        _refused(_client(api_client, stranger), "post", url(case, "progress-reports"), body, status=404)
        assert _client(api_client, stranger).get(url(case, "ledger")).status_code == 404
    report(case, case.counsellor, progress="100", spent_gov=3_000_000, spent_self=1_300_000, kind="final")
    _refused(_client(api_client, case.counsellor), "post", url(case, "progress-reports"), body, status=409)


# --- releases --------------------------------------------------------------------------------------------------


def test_release_conditions_refusal_and_a_second_release(api_client):
    case = contracted(machinery_approved(), office := officer())
    client = _client(api_client, office)
    first = send(client, "post", url(case, "instalments", 1, "release"), {})
    assert first.status_code == 200 and first.json() == {"no": 1, "amount": 1_400_000, "status": "released"}
    _refused(client, "post", url(case, "instalments", 1, "release"), {}, status=409, case=case)
    report(case, case.counsellor, progress="59.99", spent_gov=1_050_000, spent_self=0)
    refused = _refused(
        client, "post", url(case, "instalments", 2, "release"), {}, status=400, key="conditions", case=case
    )
    failing = [o for o in refused["outcomes"] if not o["passed"]]
    assert [o["rule"] for o in failing] == ["progress_60"] and "59.99" in failing[0]["message"]
    _refused(client, "post", url(case, "instalments", 3, "release"), {}, status=400, case=case)  # 2 comes first
    _refused(client, "post", url(case, "instalments", 9, "release"), {}, status=404, case=case)
    _refused(_client(api_client, case.counsellor), "post", url(case, "instalments", 2, "release"), {}, status=403)
    client = _client(api_client, office)
    _refused(client, "post", url(case, "instalments", 2, "release"), {"note": ["?"]}, status=400, key="note", case=case)
    _refused(client, "post", url(case, "instalments", 2, "release"), "[]", status=400, case=case)


def test_the_instalments_answer_as_the_public_calculator_does(api_client):
    """The conditions are the calculator's code: the same facts give the same outcomes and amounts."""
    case = contracted(machinery_approved(), office := officer())
    release(case, office, 1)
    report(case, case.counsellor, progress="70", spent_gov=1_036_000, spent_self=0)
    client = _client(api_client, office)
    mine = client.get(url(case, "instalments")).json()["results"]
    facts = {
        "approved_gov": 3_500_000,
        "signed": True,
        "progress": "70.00",
        "disbursed": 1_400_000,
        "spent": 1_036_000,
        "accepted": False,
        "actual_spent_total": None,
    }
    public = send(client, "post", "/api/v1/editions/machinery-2025/disbursement-plan/", facts).json()["instalments"]
    for row in mine[1:]:  # the planned ones (the first shows the facts it was released on)
        theirs = next(p for p in public if p["no"] == row["no"])
        assert row["amount"] == theirs["amount"]
        assert [o for o in row["outcomes"] if o["rule"] != "earlier_instalments_settled"] == theirs["outcomes"]


# --- ledger ---------------------------------------------------------------------------------------------------


def _ledger(client, case) -> dict:
    ledger = client.get(url(case, "ledger")).json()
    assert set(ledger) == LEDGER_KEYS
    released = sum(i["amount"] for i in ledger["instalments"] if i["status"] == "released")
    assert ledger["disbursed"] == released == sum(Release.objects.filter(case=case).values_list("amount", flat=True))
    assert ledger["remaining"] == sum(
        Instalment.objects.filter(case=case, status="planned").values_list("planned_amount", flat=True)
    )
    return ledger


def test_the_ledger_is_always_the_sum_of_its_released_instalments(api_client):
    case = contracted(machinery_approved(), office := officer())
    client = _client(api_client, case.applicant)
    assert _ledger(client, case)["disbursed"] == 0
    release(case, office, 1)
    assert _ledger(client, case)["disbursed"] == 1_400_000
    report(case, case.counsellor, progress="80", spent_gov=1_200_000, spent_self=600_000)
    release(case, office, 2)
    ledger = _ledger(client, case)
    assert (ledger["disbursed"], ledger["remaining"], ledger["spent_gov"], ledger["spent_self"]) == (
        2_800_000,
        700_000,
        1_200_000,
        600_000,
    )
    report(case, case.counsellor, progress="100", spent_gov=3_450_000, spent_self=1_500_000, kind="final")
    case = closed(case, office)
    release(case, office, 3)
    ledger = _ledger(client, case)
    assert (ledger["disbursed"], ledger["remaining"], ledger["clawback"]) == (3_450_000, 0, 0)


def test_termination_with_a_clawback_keeps_the_ledger_whole(api_client):
    case = contracted(machinery_approved(), office := officer())
    release(case, office, 1)
    client = _client(api_client, office)
    for body, key in (
        ({"clawback": 100}, "reason"),
        ({"reason": "停業", "clawback": -1}, "clawback"),
        ({"reason": "停業", "clawback": "100"}, "clawback"),
        ({"reason": "停業", "clawback": 1_400_001}, "clawback"),
    ):
        _refused(client, "post", action_url(case, "terminate"), body, status=400, key=key, case=case)
    done = send(client, "post", action_url(case, "terminate"), {"reason": "廠商停業", "clawback": 600_000})
    assert done.status_code == 200 and done.json()["status"] == "terminated"
    ledger = _ledger(client, case)
    assert (ledger["disbursed"], ledger["remaining"], ledger["clawback"]) == (1_400_000, 0, 600_000)
    assert [i["status"] for i in ledger["instalments"]] == ["released", "withheld", "withheld"]
    assert Clawback.objects.get(case=case).reason == "廠商停業"
    _refused(client, "post", url(case, "instalments", 2, "release"), {}, status=409, case=case)
    _refused(
        _client(api_client, case.counsellor),
        "post",
        url(case, "progress-reports"),
        {"as_of": TODAY().isoformat(), "progress": "10", "spent_gov": 0, "spent_self": 0},
        status=409,
    )


def test_close_needs_the_final_report(api_client):
    case = contracted(lean_approved(), office := officer())
    client = _client(api_client, office)
    _refused(client, "post", action_url(case, "close"), {}, status=400, key="reports", case=case)
    report(case, case.applicant, progress="100", spent_gov=500_000, spent_self=600_000, kind="final")
    assert send(client, "post", action_url(case, "close"), {}).status_code == 200
    assert send(client, "post", action_url(case, "accept"), {}).status_code == 200
    assert send(client, "post", url(case, "instalments", 1, "release"), {}).json()["amount"] == 500_000
    assert ProgressReport.objects.filter(case=case).count() == 1


def test_the_money_routes_are_in_the_api_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    for route in ("instalments/", "instalments/{no}/release/", "progress-reports/", "ledger/"):
        assert f"/api/v1/cases/{{id}}/{route}" in paths, sorted(p for p in paths if "cases" in p)
