"""Cases over the API (cases-api.md "Cases"): create, list, detail, edit, events, optimistic concurrency, me."""

import re

import pytest

from applications import services
from applications.models import Case, CaseStatus
from portal.models import Role
from programs.selectors import edition_current
from tests.applications.api_support import (
    CASE_KEYS,
    CASES,
    DATE,
    EXTRA_KEYS,
    OUTCOME_KEYS,
    action_url,
    assert_create_refused,
    assert_patch_refused,
    case_url,
    errors_of,
    machinery_body,
    send,
    state,
)
from tests.applications.builders import applicant_for, machinery_case, machinery_counsellor, machinery_unit
from tests.factories import CompanyFactory, CounsellingUnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def assert_case_shape(body: dict) -> None:
    """The case exactly as the contract shows it: keys, types, money as ints, dates as YYYY-MM-DD."""
    assert set(body) - EXTRA_KEYS == CASE_KEYS, sorted(set(body) ^ CASE_KEYS)
    assert isinstance(body["id"], int) and isinstance(body["edition_version"], int)
    assert re.fullmatch(rf"{re.escape(body['edition'])}-\d+", body["reference"]), body["reference"]
    assert body["status"] in CaseStatus.values
    assert isinstance(body["company"], int)
    assert body["unit"] is None or isinstance(body["unit"], int)
    assert set(body["period"]) == {"start", "end"}
    for day in body["period"].values():
        assert day is None or DATE.match(day), day
    assert set(body["budget"]) == {"lines", "valid", "totals", "outcomes"}
    assert isinstance(body["budget"]["valid"], bool)
    for line in body["budget"]["lines"]:
        assert set(line) == {"code", "gov", "self"}
        assert type(line["gov"]) is int and type(line["self"]) is int
    for side in ("gov", "self", "total"):
        assert type(body["budget"]["totals"][side]) is int
    assert isinstance(body["facts"], dict)
    assert set(body["check"]) == {"ready", "outcomes"} and isinstance(body["check"]["ready"], bool)
    for outcome in body["check"]["outcomes"] + body["budget"]["outcomes"]:
        assert set(outcome) == OUTCOME_KEYS, outcome
        assert isinstance(outcome["passed"], bool) and outcome["level"] in ("error", "warning", "info")
        assert outcome["message"] and isinstance(outcome["values"], dict)
        assert not any(isinstance(v, float) for v in outcome["values"].values()), outcome
    assert type(body["requested_gov"]) is int
    assert body["approved_gov"] is None or type(body["approved_gov"]) is int
    assert body["due"] is None or DATE.match(body["due"])


# --- create -----------------------------------------------------------------------------------------


def test_an_applicant_creates_a_draft_for_its_own_company(api_client):
    applicant = applicant_for()
    unit = machinery_unit()
    api_client.force_authenticate(applicant)
    response = send(api_client, "post", CASES, machinery_body(unit=unit.pk))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert_case_shape(body)
    assert (body["status"], body["company"], body["unit"]) == ("draft", applicant.company_id, unit.pk)
    assert (body["edition"], body["edition_version"]) == ("machinery-2025", 1)
    assert body["reference"] == "machinery-2025-0001"
    assert body["requested_gov"] == sum(line["gov"] for line in machinery_body()["budget"]["lines"]) == 3_500_000
    assert body["budget"]["totals"]["total"] == 5_000_000
    assert body["facts"] == machinery_body()["facts"]
    assert body["period"] == {"start": "2025-03-01", "end": "2025-10-31"}
    assert (body["approved_gov"], body["due"]) == (None, None)
    assert response["ETag"] == f'"{body["version"]}"'
    case = Case.objects.get(pk=body["id"])
    assert (case.created_by, case.drafted_by_unit, case.edition_code) == (applicant, False, "machinery-2025")
    assert [s.email for s in case.staff.all()] == ["pi@unit.example.tw", "eng@unit.example.tw"]


def test_references_count_per_edition(api_client):
    for serial in (1, 2, 3):
        api_client.force_authenticate(applicant_for())
        response = send(api_client, "post", CASES, {"edition": "lean-2026-basic", "title": f"精實 {serial}"})
        assert response.json()["reference"] == f"lean-2026-basic-{serial:04d}"
    api_client.force_authenticate(applicant_for())
    assert send(api_client, "post", CASES, machinery_body()).json()["reference"] == "machinery-2025-0001"


def test_an_applicant_cannot_file_for_another_company(api_client):
    assert_create_refused(api_client, applicant_for(), machinery_body(company=CompanyFactory().pk), "company")


def test_the_applicant_may_name_its_own_company(api_client):
    applicant = applicant_for()
    api_client.force_authenticate(applicant)
    response = send(api_client, "post", CASES, machinery_body(company=applicant.company_id))
    assert response.status_code == 201
    assert response.json()["company"] == applicant.company_id


def test_a_counsellor_drafts_for_a_company_under_its_own_unit_by_default(api_client):
    counsellor, company = machinery_counsellor(), CompanyFactory()
    api_client.force_authenticate(counsellor)
    response = send(api_client, "post", CASES, machinery_body(company=company.pk))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["company"], body["unit"], body["status"]) == (company.pk, counsellor.counselling_unit_id, "draft")
    case = Case.objects.get(pk=body["id"])
    assert case.drafted_by_unit and case.needs_consent
    consent = next(o for o in body["check"]["outcomes"] if o["rule"] == "company_consent")
    assert consent["passed"] is False and body["check"]["ready"] is False


def test_a_counsellor_must_name_the_company(api_client):
    assert_create_refused(api_client, machinery_counsellor(), machinery_body(), "company")


def test_a_counsellor_cannot_file_under_another_unit(api_client):
    body = machinery_body(company=CompanyFactory().pk, unit=machinery_unit().pk)
    assert_create_refused(api_client, machinery_counsellor(), body, "unit")


def test_a_counsellor_cannot_draft_for_an_edition_without_a_unit(api_client):
    body = {"edition": "lean-2026-basic", "title": "x", "company": CompanyFactory().pk}
    assert_create_refused(api_client, machinery_counsellor(), body, "edition")


def test_an_applicant_cannot_name_a_unit_where_the_edition_has_none(api_client):
    body = {"edition": "lean-2026-basic", "title": "x", "unit": CounsellingUnitFactory().pk}
    assert_create_refused(api_client, applicant_for(), body, "unit")


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.OFFICER, Role.ADMIN])
def test_only_companies_and_units_create_cases(api_client, role):
    assert_create_refused(api_client, UserFactory(role=role), machinery_body(company=CompanyFactory().pk), status=403)


@pytest.mark.parametrize("edition", [None, "", "machinery-2099", 7, ["machinery-2025"]])
def test_the_edition_must_be_a_published_code(api_client, edition):
    body = machinery_body(edition=edition)
    if edition is None:
        del body["edition"]
    assert_create_refused(api_client, applicant_for(), body, "edition")


def test_a_case_is_created_under_the_published_version_only(api_client, admin_user):
    from programs import services as programme_services

    current = edition_current(code="machinery-2025")
    draft = programme_services.edition_new_version(actor=admin_user, edition=current, note="v2")
    api_client.force_authenticate(applicant_for())
    body = send(api_client, "post", CASES, machinery_body()).json()
    assert body["edition_version"] == current.version
    programme_services.edition_publish(actor=admin_user, edition=draft)
    api_client.force_authenticate(applicant_for())
    body = send(api_client, "post", CASES, machinery_body()).json()
    assert body["edition_version"] == draft.version == 2


# --- list and detail --------------------------------------------------------------------------------


def test_lists_hold_only_the_cases_the_user_may_see(api_client, officer):
    unit = machinery_unit()
    counsellor = machinery_counsellor(unit)
    ours = [machinery_case(counsellor=counsellor), machinery_case(counsellor=counsellor)]
    theirs = machinery_case()
    api_client.force_authenticate(ours[0].applicant)
    assert [c["id"] for c in api_client.get(CASES).json()["results"]] == [ours[0].pk]
    api_client.force_authenticate(counsellor)
    assert {c["id"] for c in api_client.get(CASES).json()["results"]} == {c.pk for c in ours}
    api_client.force_authenticate(theirs.counsellor)
    assert [c["id"] for c in api_client.get(CASES).json()["results"]] == [theirs.pk]
    api_client.force_authenticate(UserFactory(role=Role.REVIEWER))
    assert api_client.get(CASES).json()["count"] == 0
    api_client.force_authenticate(officer)
    assert {c["id"] for c in api_client.get(CASES).json()["results"]} == {c.pk for c in [*ours, theirs]}


def test_the_list_is_a_page_of_cases_newest_first(api_client):
    counsellor = machinery_counsellor()
    cases = [machinery_case(counsellor=counsellor, documents=False) for _ in range(3)]
    api_client.force_authenticate(counsellor)
    body = api_client.get(CASES, {"page_size": 2}).json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 3 and body["previous"] is None and "page=2" in body["next"]
    assert [c["id"] for c in body["results"]] == [cases[2].pk, cases[1].pk]
    for case in body["results"]:
        assert_case_shape(case)
    second = api_client.get(body["next"]).json()
    assert [c["id"] for c in second["results"]] == [cases[0].pk] and second["next"] is None


def test_the_list_filters_by_edition_and_status(api_client, officer):
    machinery = machinery_case()
    submitted = machinery_case()
    services.case_transition(actor=submitted.counsellor, case=submitted, action="submit")
    lean = services.case_create(
        actor=applicant_for(),
        edition=edition_current(code="lean-2026-basic"),
        data={"title": "精實"},
    )
    api_client.force_authenticate(officer)

    def ids(**params):
        return {c["id"] for c in api_client.get(CASES, params).json()["results"]}

    assert ids() == {machinery.pk, submitted.pk, lean.pk}
    assert ids(edition="machinery-2025") == {machinery.pk, submitted.pk}
    assert ids(edition="lean-2026-basic") == {lean.pk}
    assert ids(status="draft") == {machinery.pk, lean.pk}
    assert ids(edition="machinery-2025", status="submitted") == {submitted.pk}
    assert ids(edition="lean-2026-basic", status="submitted") == set()
    assert ids(edition="no-such-edition") == set()
    for bad in ({"status": "no-such-status"}, {"status": "\x00"}, {"edition": "\x00"}, {"edition": "x" * 65}):
        response = api_client.get(CASES, bad)
        assert response.status_code == 400
        assert set(errors_of(response)) == set(bad)


def test_the_list_shows_the_check_stored_at_the_last_write(api_client):
    case = machinery_case()
    api_client.force_authenticate(case.counsellor)
    listed = api_client.get(CASES).json()["results"][0]
    detail = api_client.get(case_url(case)).json()
    assert listed["check"] == detail["check"]
    assert listed["budget"] == detail["budget"]
    assert listed["check"]["ready"] is True


def test_the_detail_is_the_case(api_client):
    case = machinery_case()
    api_client.force_authenticate(case.applicant)
    response = api_client.get(case_url(case))
    assert response.status_code == 200
    body = response.json()
    assert_case_shape(body)
    assert (body["id"], body["reference"], body["company"], body["unit"]) == (
        case.pk,
        case.reference,
        case.company_id,
        case.unit_id,
    )
    assert body["check"]["ready"] is True
    rules = {o["rule"]: o for o in body["check"]["outcomes"]}
    # the edition's eligibility, budget, plan and period rules, with their numbers
    assert {"registered_in_roc", "gov_cap", "part4_site_visits", "end_by", "person_month_limit"} <= set(rules)
    assert rules["gov_cap"]["values"] == {"gov_total": 3_500_000, "max": 3_500_000}
    assert rules["part4_site_visits"]["values"]["site_visits"] == 2
    assert response["ETag"] == f'"{case.version}"'


def test_an_unknown_case_is_404(api_client, officer):
    api_client.force_authenticate(officer)
    assert api_client.get(case_url(987654)).status_code == 404
    assert api_client.get(f"{CASES}abc/").status_code == 404


# --- edits --------------------------------------------------------------------------------------------


def test_a_draft_is_edited_by_patch(api_client):
    case = machinery_case()
    api_client.force_authenticate(case.applicant)
    lines = [
        {"code": "direct_salary", "gov": 700000, "self": 300000},
        {"code": "management_fee", "gov": 350000, "self": 150000},
    ]
    response = send(
        api_client,
        "patch",
        case_url(case),
        {
            "title": "新標題",
            "period": {"start": "2025-04-01", "end": "2025-09-30"},
            "budget": {"lines": lines},
            "facts": {"site_visits": 3},
        },
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert_case_shape(body)
    assert body["title"] == "新標題"
    assert body["period"] == {"start": "2025-04-01", "end": "2025-09-30"}
    assert body["budget"]["lines"] == lines
    assert body["requested_gov"] == 1_050_000 and body["budget"]["totals"]["self"] == 450_000
    assert body["facts"]["site_visits"] == 3 and body["facts"]["energy_module"] is True  # facts merge
    case.refresh_from_db()
    assert (case.title, case.requested_gov, case.requested_self) == ("新標題", 1_050_000, 450_000)


def test_a_fact_is_cleared_with_null(api_client):
    case = machinery_case()
    api_client.force_authenticate(case.counsellor)
    body = send(api_client, "patch", case_url(case), {"facts": {"site_visits": None}}).json()
    assert "site_visits" not in body["facts"]
    site_visits = next(o for o in body["check"]["outcomes"] if o["rule"] == "part4_site_visits")
    assert site_visits["passed"] is False


def test_a_draft_that_breaks_a_rule_is_saved_and_the_check_says_why(api_client):
    case = machinery_case()
    api_client.force_authenticate(case.counsellor)
    lines = [{"code": "direct_salary", "gov": 4_000_000, "self": 500_000}]
    body = send(api_client, "patch", case_url(case), {"budget": {"lines": lines}}).json()
    assert body["budget"]["valid"] is False and body["check"]["ready"] is False
    gov_cap = next(o for o in body["budget"]["outcomes"] if o["rule"] == "gov_cap")
    assert gov_cap["passed"] is False and gov_cap["values"] == {"gov_total": 4_000_000, "max": 3_500_000}


def test_a_case_is_editable_while_a_supplement_is_requested(api_client, officer):
    case = machinery_case()
    services.case_transition(actor=case.counsellor, case=case, action="submit")
    services.case_transition(actor=officer, case=case, action="start_screening")
    services.case_transition(
        actor=officer, case=case, action="request_supplement", payload={"reason": "補充", "items": ["plan"]}
    )
    api_client.force_authenticate(case.counsellor)
    response = send(api_client, "patch", case_url(case), {"solution": "補充後的解決方案"})
    assert response.status_code == 200, response.json()
    assert Case.objects.get(pk=case.pk).solution == "補充後的解決方案"


@pytest.mark.parametrize("steps", [["submit"], ["submit", "start_screening"], ["withdraw"]])
def test_a_case_is_not_editable_after_submission(api_client, officer, steps):
    case = machinery_case()
    for step in steps:
        actor = officer if step == "start_screening" else case.counsellor
        services.case_transition(actor=actor, case=case, action=step, payload={"reason": "不再申請"})
    assert_patch_refused(api_client, case, {"title": "改標題"}, "detail", status=409)


@pytest.mark.parametrize("field", ["edition", "company"])
def test_the_edition_and_company_are_fixed(api_client, field):
    case = machinery_case()
    value = "lean-2026-basic" if field == "edition" else CompanyFactory().pk
    assert_patch_refused(api_client, case, {field: value}, field)


def test_the_programme_office_does_not_edit_a_proposal(api_client, officer):
    case = machinery_case()
    assert_patch_refused(api_client, case, {"title": "x"}, "detail", status=403, user=officer)


# --- optimistic concurrency ------------------------------------------------------------------------------


def test_if_match_protects_against_a_lost_update(api_client):
    case = machinery_case()
    company_client, unit_client = api_client, type(api_client)()
    company_client.force_authenticate(case.applicant)
    unit_client.force_authenticate(case.counsellor)
    etag = company_client.get(case_url(case))["ETag"]
    assert unit_client.get(case_url(case))["ETag"] == etag
    saved = send(unit_client, "patch", case_url(case), {"title": "輔導單位的標題"}, HTTP_IF_MATCH=etag)
    assert saved.status_code == 200
    assert saved["ETag"] != etag and saved["ETag"] == f'"{saved.json()["version"]}"'
    before = state(case)
    stale = send(company_client, "patch", case_url(case), {"title": "公司的標題"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert errors_of(stale)["detail"]
    assert state(case) == before
    assert Case.objects.get(pk=case.pk).title == "輔導單位的標題"
    fresh = send(company_client, "patch", case_url(case), {"title": "公司的標題"}, HTTP_IF_MATCH=saved["ETag"])
    assert fresh.status_code == 200 and fresh.json()["title"] == "公司的標題"


def test_a_weak_etag_is_accepted(api_client):
    case = machinery_case()
    api_client.force_authenticate(case.applicant)
    etag = api_client.get(case_url(case))["ETag"]
    response = send(api_client, "patch", case_url(case), {"title": "弱標籤"}, HTTP_IF_MATCH=f"W/{etag}")
    assert response.status_code == 200


@pytest.mark.parametrize("header", ["banana", '"1.5"', '"-1"', '"' + "9" * 30 + '"', '"²"', '"١"'])
def test_a_malformed_if_match_is_400(api_client, header):
    case = machinery_case()
    api_client.force_authenticate(case.applicant)
    before = state(case)
    response = send(api_client, "patch", case_url(case), {"title": "x"}, HTTP_IF_MATCH=header)
    assert response.status_code == 400
    assert "If-Match" in errors_of(response)
    assert state(case) == before


def test_every_write_moves_the_etag(api_client):
    case = machinery_case(consent=False)
    api_client.force_authenticate(case.applicant)
    first = api_client.get(case_url(case))["ETag"]
    second = send(api_client, "patch", case_url(case), {"needs": "更新"})["ETag"]
    assert second != first


# --- events and me ----------------------------------------------------------------------------------------


def test_events_list_every_transition(api_client, officer):
    case = machinery_case()
    services.case_transition(actor=case.counsellor, case=case, action="submit")
    services.case_transition(actor=case.counsellor, case=case, action="withdraw", payload={"reason": "改明年申請"})
    api_client.force_authenticate(case.applicant)
    body = api_client.get(case_url(case, "events")).json()
    assert set(body) == {"count", "next", "previous", "results"}
    events = body["results"]
    for event in events:
        assert set(event) == {"action", "from", "to", "actor", "at", "reason"}
        assert re.match(r"^\d{4}-\d{2}-\d{2}T", event["at"])
    assert [(e["action"], e["from"], e["to"]) for e in events] == [
        ("consent", "draft", "draft"),
        ("submit", "draft", "submitted"),
        ("withdraw", "submitted", "withdrawn"),
    ]
    assert [e["actor"] for e in events] == [case.applicant.email, case.counsellor.email, case.counsellor.email]
    assert events[2]["reason"] == "改明年申請"
    api_client.force_authenticate(machinery_counsellor())
    assert api_client.get(case_url(case, "events")).status_code == 404


@pytest.mark.parametrize("role", list(Role))
def test_me_says_who_the_user_is(api_client, role):
    user = UserFactory(role=role)
    api_client.force_authenticate(user)
    body = api_client.get("/api/v1/me/").json()
    assert {"id", "email", "role", "company", "counselling_unit"} <= set(body)
    assert (body["id"], body["email"], body["role"]) == (user.pk, user.email, role)
    assert body["company"] == (user.company_id if role == Role.APPLICANT else None)
    assert body["counselling_unit"] == (user.counselling_unit_id if role == Role.COUNSELLOR else None)


def test_me_needs_a_signed_in_user(api_client):
    response = api_client.get("/api/v1/me/")
    assert response.status_code == 401
    assert errors_of(response)["detail"]


def test_a_token_reaches_the_cases(api_client, password):
    case = machinery_case()
    token = send(api_client, "post", "/api/v1/auth/token/", {"email": case.applicant.email, "password": password})
    assert token.status_code == 200, token.json()
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    assert api_client.get(CASES).json()["count"] == 1
    assert api_client.get(case_url(case)).status_code == 200
    assert send(api_client, "post", action_url(case, "withdraw"), {"reason": "試"}).status_code == 200
