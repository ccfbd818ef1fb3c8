"""The case's workflow over the API (cases-api.md "Actions", up to pass_screening): who may act, from which
status, what each action stores, and that a refused action changes nothing."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from applications import services
from applications.models import Case, CaseEvent, CaseStatus, SupplementRequest
from portal import calendar
from portal.models import Role
from portal.services import deadline_compute
from programs.models import EvaluationPurpose, RuleEvaluation
from programs.rulesets import ruleset_for
from tests.applications.api_support import (
    CASES,
    OUTCOME_KEYS,
    action_url,
    case_url,
    errors_of,
    machinery_body,
    send,
    state,
)
from tests.applications.builders import machinery_case, machinery_counsellor, upload
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MACHINERY_DOCUMENTS = ("application_form", "plan", "review_slides")


def act(client, case, action, body=None):
    return send(client, "post", action_url(case, action), body if body is not None else {})


def moved(case, *steps, officer=None):
    """Take a ready machinery case through ``steps`` with the services (the API is what is tested below)."""
    for step in steps:
        actor = officer if step in ("start_screening", "request_supplement", "pass_screening") else case.counsellor
        payload = {"reason": "請補件", "items": ["plan"]} if step in ("request_supplement", "withdraw") else {}
        services.case_transition(actor=actor, case=case, action=step, payload=payload)
    case.refresh_from_db()
    return case


# --- the whole path, with a refused submission first ---------------------------------------------------


def test_a_counsellor_drafts_the_company_consents_submission_is_refused_then_accepted(api_client, officer):
    counsellor = machinery_counsellor()
    applicant = UserFactory(role=Role.APPLICANT)
    unit_client, company_client, office_client = api_client, type(api_client)(), type(api_client)()
    unit_client.force_authenticate(counsellor)
    company_client.force_authenticate(applicant)
    office_client.force_authenticate(officer)

    over = [
        {"code": "direct_salary", "gov": 2_400_000, "self": 600_000},
        {"code": "management_fee", "gov": 800_000, "self": 200_000},
    ]
    facts = {**machinery_body()["facts"], "site_visits": 1}
    body = machinery_body(company=applicant.company_id, budget={"lines": over}, facts=facts)
    created = send(unit_client, "post", CASES, body)
    assert created.status_code == 201, created.json()
    case = Case.objects.get(pk=created.json()["id"])

    before = state(case)
    refused = act(unit_client, case, "submit")
    assert refused.status_code == 400
    refusal = refused.json()
    assert set(refusal) == {"errors", "outcomes"}
    failing = {o["rule"]: o for o in refusal["outcomes"] if not o["passed"] and o["level"] == "error"}
    assert {"company_consent", "documents_uploaded", "gov_share_max", "self_share_min", "part4_site_visits"} <= set(
        failing
    ), sorted(failing)
    for outcome in refusal["outcomes"]:
        assert set(outcome) == OUTCOME_KEYS
    # the numbers behind each refusal, and the documents still missing
    assert failing["gov_share_max"]["values"]["share"] == "80.00"
    assert failing["gov_share_max"]["values"]["limit"] == "70.00"
    assert failing["gov_share_max"]["values"]["gov_total"] == 3_200_000
    assert failing["part4_site_visits"]["values"] == {"site_visits": 1, "min": 2}
    assert failing["documents_uploaded"]["values"]["missing"] == ",".join(MACHINERY_DOCUMENTS)
    assert set(refusal["errors"]["check"]) == {o["message"] for o in failing.values()}
    assert state(case) == before

    assert act(company_client, case, "consent").status_code == 200
    fixed = send(
        unit_client, "patch", case_url(case), {"budget": machinery_body()["budget"], "facts": {"site_visits": 2}}
    )
    assert fixed.status_code == 200
    for kind in MACHINERY_DOCUMENTS:
        uploaded = unit_client.post(case_url(case, "documents"), {"kind": kind, "file": upload(f"{kind}.pdf")})
        assert uploaded.status_code == 201, uploaded.json()
    assert unit_client.get(case_url(case)).json()["check"]["ready"] is True

    submitted = act(unit_client, case, "submit")
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "submitted"
    case.refresh_from_db()
    assert case.submitted_at is not None
    evaluation = RuleEvaluation.objects.get(subject_type="case", subject_id=str(case.pk))
    assert (evaluation.purpose, evaluation.passed, evaluation.edition_id) == (
        EvaluationPurpose.SUBMISSION,
        True,
        case.edition_id,
    )
    assert CaseEvent.objects.get(case=case, action="submit").data == {"evaluation": evaluation.pk}

    assert act(office_client, case, "start_screening").json()["status"] == "screening"
    assert act(office_client, case, "pass_screening").json()["status"] == "under_review"
    events = [(e["action"], e["from"], e["to"]) for e in unit_client.get(case_url(case, "events")).json()["results"]]
    assert events == [
        ("consent", "draft", "draft"),
        ("submit", "draft", "submitted"),
        ("start_screening", "submitted", "screening"),
        ("pass_screening", "screening", "under_review"),
    ]


# --- consent ---------------------------------------------------------------------------------------------


def test_consent_is_the_company_s_and_given_once(api_client):
    case = machinery_case(consent=False)
    api_client.force_authenticate(case.counsellor)
    before = state(case)
    assert act(api_client, case, "consent").status_code == 403
    assert state(case) == before
    api_client.force_authenticate(case.applicant)
    response = act(api_client, case, "consent")
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.consented_by == case.applicant and case.consented_at is not None
    consent = next(o for o in response.json()["check"]["outcomes"] if o["rule"] == "company_consent")
    assert consent["passed"] is True
    before = state(case)
    again = act(api_client, case, "consent")
    assert again.status_code == 409
    assert errors_of(again)["detail"]
    assert state(case) == before


def test_a_company_filing_itself_needs_no_consent(api_client):
    api_client.force_authenticate(UserFactory(role=Role.APPLICANT))
    case = Case.objects.get(pk=send(api_client, "post", CASES, machinery_body()).json()["id"])
    before = state(case)
    assert act(api_client, case, "consent").status_code == 409
    assert state(case) == before


# --- screening and supplements -----------------------------------------------------------------------------


def test_a_supplement_is_due_ten_working_days_from_the_notice_day(api_client, officer):
    case = moved(machinery_case(), "submit", "start_screening", officer=officer)
    api_client.force_authenticate(officer)
    response = act(api_client, case, "request_supplement", {"reason": "申請表缺用印", "items": ["application_form"]})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "supplement_requested"

    today = timezone.localdate()
    (deadline,) = [d for d in ruleset_for(case.edition).deadlines if d.code == "supplement"]
    expected = deadline_compute(start=today, working_days=deadline.extra["working_days"])
    assert body["due"] == expected.isoformat()
    # the notice day is day 1 (when it is a working day): the due day is the 10th working day counted from it
    span = [today + datetime.timedelta(days=n) for n in range((expected - today).days + 1)]
    assert sum(calendar.is_working_day(day) for day in span) == 10 and calendar.is_working_day(expected)

    request = SupplementRequest.objects.get(case=case)
    assert (request.reason, request.items, request.due, request.requested_by) == (
        "申請表缺用印",
        ["application_form"],
        expected,
        officer,
    )
    event = CaseEvent.objects.get(case=case, action="request_supplement")
    assert (event.reason, event.data["due"]) == ("申請表缺用印", expected.isoformat())


@pytest.mark.parametrize(
    "body, field",
    [
        ({"items": ["plan"]}, "reason"),
        ({"reason": "  ", "items": ["plan"]}, "reason"),
        ({"reason": 12, "items": ["plan"]}, "reason"),
        ({"reason": "補件"}, "items"),
        ({"reason": "補件", "items": []}, "items"),
        ({"reason": "補件", "items": "plan"}, "items"),
        ({"reason": "補件", "items": [""]}, "items.0"),
        ({"reason": "補件", "items": [{"code": "plan"}]}, "items.0"),
        ({"reason": "x" * 4001, "items": ["plan"]}, "reason"),
    ],
)
def test_a_supplement_request_needs_a_reason_and_items(api_client, officer, body, field):
    case = moved(machinery_case(), "submit", "start_screening", officer=officer)
    api_client.force_authenticate(officer)
    before = state(case)
    response = act(api_client, case, "request_supplement", body)
    assert response.status_code == 400
    assert field in errors_of(response)
    assert state(case) == before


def test_the_company_supplies_and_the_office_passes_screening(api_client, officer):
    case = moved(machinery_case(), "submit", "start_screening", "request_supplement", officer=officer)
    assert case.due is not None
    api_client.force_authenticate(case.applicant)
    uploaded = api_client.post(case_url(case, "documents"), {"kind": "plan", "file": upload("plan-v2.pdf")})
    assert uploaded.status_code == 201 and uploaded.json()["version"] == 2
    response = act(api_client, case, "supplement", {"answer": "已補正計畫書"})
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["due"]) == ("screening", None)
    request = SupplementRequest.objects.get(case=case)
    assert (request.answer, request.answered_by) == ("已補正計畫書", case.applicant)
    api_client.force_authenticate(officer)
    assert act(api_client, case, "pass_screening").json()["status"] == "under_review"


def test_the_counsellor_may_answer_the_supplement_too(api_client, officer):
    case = moved(machinery_case(), "submit", "start_screening", "request_supplement", officer=officer)
    api_client.force_authenticate(case.counsellor)
    assert act(api_client, case, "supplement").json()["status"] == "screening"


def test_screening_cannot_pass_while_the_checklist_marks_a_document_wrong(api_client, officer):
    case = moved(machinery_case(), "submit", "start_screening", officer=officer)
    services.document_check_record(actor=officer, case=case, kind="plan", verdict="wrong", note="缺簽章")
    api_client.force_authenticate(officer)
    before = state(case)
    response = act(api_client, case, "pass_screening")
    assert response.status_code == 400
    (plan,) = [d for d in ruleset_for(case.edition).documents if d.code == "plan"]
    message = " ".join(response.json()["errors"]["checks"])
    assert any(name in message for name in ("plan", plan.label["zh-hant"], plan.label["en"])), message
    assert state(case) == before


# --- withdrawal --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("steps", [[], ["submit"], ["submit", "start_screening"]])
def test_the_company_or_unit_withdraws_with_a_reason(api_client, officer, steps):
    case = moved(machinery_case(), *steps, officer=officer)
    api_client.force_authenticate(case.applicant)
    before = state(case)
    assert act(api_client, case, "withdraw").status_code == 400
    assert act(api_client, case, "withdraw", {"reason": ""}).status_code == 400
    assert state(case) == before
    response = act(api_client, case, "withdraw", {"reason": "公司決定明年再申請"})
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    assert CaseEvent.objects.get(case=case, action="withdraw").reason == "公司決定明年再申請"


def test_a_withdrawn_case_frees_the_company_s_place_in_the_edition(api_client):
    case = machinery_case()
    api_client.force_authenticate(case.applicant)
    act(api_client, case, "withdraw", {"reason": "重新提案"})
    response = send(api_client, "post", CASES, machinery_body())
    assert response.status_code == 201, response.json()


# --- wrong role, wrong status, unknown action: 403, 409, 404 and nothing changes ---------------------------


WRONG_ROLE = [
    ([], "submit", "officer"),
    ([], "start_screening", "applicant"),
    ([], "withdraw", "officer"),
    (["submit"], "start_screening", "counsellor"),
    (["submit", "start_screening"], "request_supplement", "applicant"),
    (["submit", "start_screening"], "pass_screening", "counsellor"),
    (["submit", "start_screening", "request_supplement"], "supplement", "officer"),
]


@pytest.mark.parametrize("steps, action, who", WRONG_ROLE)
def test_the_wrong_role_is_403(api_client, officer, steps, action, who):
    case = moved(machinery_case(), *steps, officer=officer)
    actor = {"officer": officer, "applicant": case.applicant, "counsellor": case.counsellor}[who]
    api_client.force_authenticate(actor)
    before = state(case)
    response = act(api_client, case, action, {"reason": "試", "items": ["plan"]})
    assert response.status_code == 403
    assert errors_of(response)["detail"]
    assert state(case) == before


WRONG_STATUS = [
    ([], "pass_screening", "officer"),
    ([], "start_screening", "officer"),
    ([], "supplement", "applicant"),
    (["submit"], "submit", "counsellor"),
    (["submit"], "request_supplement", "officer"),
    (["submit"], "consent", "applicant"),
    (["submit", "start_screening"], "start_screening", "officer"),
    (["submit", "start_screening"], "supplement", "counsellor"),
    (["submit", "start_screening", "request_supplement"], "pass_screening", "officer"),
    (["submit", "start_screening", "pass_screening"], "withdraw", "applicant"),
    (["submit", "start_screening", "pass_screening"], "request_supplement", "officer"),
    (["withdraw"], "submit", "counsellor"),
    (["withdraw"], "withdraw", "applicant"),
]


@pytest.mark.parametrize("steps, action, who", WRONG_STATUS)
def test_the_wrong_status_is_409(api_client, officer, steps, action, who):
    case = moved(machinery_case(), *steps, officer=officer)
    actor = {"officer": officer, "applicant": case.applicant, "counsellor": case.counsellor}[who]
    api_client.force_authenticate(actor)
    before = state(case)
    response = act(api_client, case, action, {"reason": "理由", "items": ["plan"]})
    assert response.status_code == 409, response.json()
    assert errors_of(response)["detail"]
    assert state(case) == before


@pytest.mark.parametrize("action", ["explode", "lapse", "SUBMIT", "submit2"])
def test_an_unknown_action_is_404(api_client, officer, action):
    case = machinery_case()
    before = state(case)
    for user in (case.applicant, officer):
        api_client.force_authenticate(user)
        assert act(api_client, case, action).status_code == 404
    assert state(case) == before


@pytest.mark.parametrize("body", ["[]", '"submit"', "null", "1", "{bad json"])
def test_an_action_body_must_be_a_json_object(api_client, body):
    case = machinery_case()
    api_client.force_authenticate(case.counsellor)
    before = state(case)
    response = send(api_client, "post", action_url(case, "submit"), body)
    assert response.status_code == 400
    assert errors_of(response)
    assert state(case) == before


def test_an_action_on_a_case_one_may_not_see_is_404(api_client, officer):
    case = machinery_case()
    strangers = (machinery_counsellor(), UserFactory(role=Role.APPLICANT), UserFactory(role=Role.REVIEWER))
    before = state(case)
    for stranger in strangers:
        api_client.force_authenticate(stranger)
        for action in ("submit", "consent", "withdraw", "start_screening", "explode"):
            assert act(api_client, case, action, {"reason": "x"}).status_code == 404
    assert state(case) == before


# --- the people on the case hear of it ---------------------------------------------------------------------


def test_the_people_on_the_case_are_told_by_e_mail(api_client, django_capture_on_commit_callbacks):
    case = machinery_case()
    api_client.force_authenticate(case.counsellor)
    with django_capture_on_commit_callbacks(execute=True):
        assert act(api_client, case, "submit").status_code == 200
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == [case.applicant.email]  # the actor is not told what they did themselves
    assert case.reference in mail.outbox[0].subject


def test_a_refused_action_sends_nothing(api_client, django_capture_on_commit_callbacks):
    case = machinery_case(documents=False)
    api_client.force_authenticate(case.counsellor)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert act(api_client, case, "submit").status_code == 400
    assert callbacks == [] and mail.outbox == []
    assert Case.objects.get(pk=case.pk).status == CaseStatus.DRAFT
