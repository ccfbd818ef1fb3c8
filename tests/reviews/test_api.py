"""The Reviews section of cases-api.md and the decide action: shapes, statuses, refusals that store nothing."""

import pytest

from applications.models import CaseStatus
from portal.models import Role
from reviews.models import Assignment, ConflictDeclaration, Decision, ScoreSheet
from tests.factories import CompanyFactory, UserFactory

from .builders import FAIR, GOOD, assign, decide, reviewer, score, under_review

pytestmark = pytest.mark.django_db

SCORES = {"needs": 80, "solution": "90", "benefits": 70, "training": "60.5"}


def as_user(client, user):
    client.force_authenticate(user)
    return client


@pytest.fixture
def case():
    return under_review()


# --- the reviewer pool ------------------------------------------------------------------------------


def test_officers_list_the_reviewer_pool(api_client, case):
    person = reviewer(affiliation="國立成功大學")
    body = as_user(api_client, case.office).get("/api/v1/reviewers/").json()
    assert body["count"] == 1 and set(body) >= {"count", "next", "previous", "results"}
    row = body["results"][0]
    assert {k: row[k] for k in ("id", "email", "name", "affiliation")} == {
        "id": person.pk,
        "email": person.email,
        "name": person.full_name,
        "affiliation": "國立成功大學",
    }


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.COUNSELLOR, Role.REVIEWER])
def test_others_may_not_list_the_pool(api_client, role):
    assert as_user(api_client, UserFactory(role=role)).get("/api/v1/reviewers/").status_code == 403


def test_the_pool_needs_a_signed_in_user(api_client):
    response = api_client.get("/api/v1/reviewers/")
    assert response.status_code in (401, 403) and list(response.json()) == ["errors"]


# --- conflicts -----------------------------------------------------------------------------------


def test_a_reviewer_declares_a_conflict_and_loses_the_assignment(api_client, case):
    person = reviewer()
    assign(case, person)
    response = as_user(api_client, person).post(
        "/api/v1/reviewers/conflicts/", {"company": case.company_id, "reason": "擔任顧問"}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["company"] == case.company_id and body["unit"] is None and body["reason"] == "擔任顧問"
    assert body["withdrawn"] == [case.pk]
    assert api_client.get(f"/api/v1/cases/{case.pk}/").status_code == 404  # no longer theirs to see
    listed = api_client.get("/api/v1/reviewers/conflicts/").json()
    assert [row["id"] for row in listed["results"]] == [body["id"]]


@pytest.mark.parametrize(
    "body",
    [
        {"reason": "neither"},
        {"company": 1, "unit": 1, "reason": "both"},
        {"company": 999999, "reason": "unknown"},
        {"company": 1, "reason": ""},
        {"company": 1, "reason": "x", "extra": 1},
        {"company": "abc", "reason": "x"},
    ],
)
def test_bad_declarations_are_refused(api_client, case, body):
    body = {
        k: (case.company_id if v == 1 and k == "company" else case.unit_id if v == 1 else v) for k, v in body.items()
    }
    response = as_user(api_client, reviewer()).post("/api/v1/reviewers/conflicts/", body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]
    assert not ConflictDeclaration.objects.exists()


def test_only_reviewers_declare(api_client, case):
    response = as_user(api_client, case.office).post(
        "/api/v1/reviewers/conflicts/", {"company": case.company_id, "reason": "x"}, format="json"
    )
    assert response.status_code == 403


# --- assignments ----------------------------------------------------------------------------------


def test_the_officer_assigns(api_client, case):
    person = reviewer()
    response = as_user(api_client, case.office).post(
        f"/api/v1/cases/{case.pk}/assignments/", {"reviewer": person.pk}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["case"], body["reviewer"], body["round"], body["confirmed"]) == (case.pk, person.pk, 1, False)
    listed = api_client.get(f"/api/v1/cases/{case.pk}/assignments/").json()
    assert [row["id"] for row in listed["results"]] == [body["id"]]


def test_a_conflicted_reviewer_is_refused_with_the_reason(api_client, case):
    person = reviewer()
    ConflictDeclaration.objects.create(reviewer=person, unit=case.unit, reason="前雇主")
    response = as_user(api_client, case.office).post(
        f"/api/v1/cases/{case.pk}/assignments/", {"reviewer": person.pk}, format="json"
    )
    assert response.status_code == 400
    assert "前雇主" in response.json()["errors"]["reviewer"][0]
    assert not Assignment.objects.exists()


@pytest.mark.parametrize(
    "body", [{}, {"reviewer": "x"}, {"reviewer": 999999}, {"reviewer": 1, "round": 0}, {"reviewer": 1, "note": "x"}]
)
def test_bad_assignments_are_refused(api_client, case, body):
    if body.get("reviewer") == 1:
        body["reviewer"] = reviewer().pk
    response = as_user(api_client, case.office).post(f"/api/v1/cases/{case.pk}/assignments/", body, format="json")
    assert response.status_code == 400 and response.json()["errors"]
    assert not Assignment.objects.exists()


def test_assigning_someone_outside_the_pool_is_refused_in_the_callers_language(api_client, case):
    url = f"/api/v1/cases/{case.pk}/assignments/"
    as_user(api_client, case.office)
    for lang, message in (("zh-hant", "請選擇在職的審查委員。"), ("en", "Choose an active reviewer.")):
        for person in (case.applicant.pk, 999999):
            refused = api_client.post(url, {"reviewer": person}, format="json", HTTP_ACCEPT_LANGUAGE=lang)
            assert (refused.status_code, refused.json()["errors"]["reviewer"]) == (400, [message]), lang
    assert not Assignment.objects.exists()


def test_assignment_permissions(api_client, case):
    person = reviewer()
    url = f"/api/v1/cases/{case.pk}/assignments/"
    assert as_user(api_client, case.applicant).post(url, {"reviewer": person.pk}, format="json").status_code == 403
    assert as_user(api_client, case.applicant).get(url).status_code == 403
    assert as_user(api_client, person).post(url, {"reviewer": person.pk}, format="json").status_code == 404
    assert as_user(api_client, UserFactory()).get(url).status_code == 404


def test_assigning_outside_review_is_a_conflict(api_client, case):
    first = reviewer()
    assign(case, first)
    score(case, first)
    decide(case, decision="reject", reason="不予補助")
    response = as_user(api_client, case.office).post(
        f"/api/v1/cases/{case.pk}/assignments/", {"reviewer": reviewer().pk}, format="json"
    )
    assert response.status_code == 409 and response.json()["errors"]


# --- score sheets -------------------------------------------------------------------------------


@pytest.fixture
def assigned(case):
    person = reviewer()
    assign(case, person)
    return case, person


def test_the_sheet_is_computed_as_the_calculator_computes_it(api_client, assigned):
    case, person = assigned
    calculator = api_client.post("/api/v1/editions/machinery-2025/score-sheet/", {"scores": SCORES}, format="json")
    assert calculator.status_code == 200
    response = as_user(api_client, person).put(
        f"/api/v1/cases/{case.pk}/score-sheet/",
        {"scores": SCORES, "comment": "請補充", "submit": False},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    for key in ("total", "criteria", "bonus", "outcomes"):
        assert body[key] == calculator.json()[key]
    assert body["submitted"] is False and body["comment"] == "請補充"
    assert Assignment.objects.get(case=case).confirmed  # saving through the API confirmed "no conflict"
    assert api_client.get(f"/api/v1/cases/{case.pk}/score-sheet/").json()["total"] == body["total"]


def test_a_submitted_sheet_cannot_change(api_client, assigned):
    case, person = assigned
    url = f"/api/v1/cases/{case.pk}/score-sheet/"
    assert as_user(api_client, person).put(url, {"scores": SCORES, "submit": True}, format="json").json()["submitted"]
    again = api_client.put(url, {"scores": {**SCORES, "needs": 100}, "submit": True}, format="json")
    assert again.status_code == 409 and again.json()["errors"]
    assert ScoreSheet.objects.get().scores["needs"] == "80"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"scores": {**SCORES, "needs": 100.5}}, "scores.needs"),
        ({"scores": {**SCORES, "needs": -1}}, "scores.needs"),
        ({"scores": {k: v for k, v in SCORES.items() if k != "training"}}, "scores.training"),
        ({"scores": {**SCORES, "extra": 1}}, "scores.extra"),
        ({"scores": {**SCORES, "needs": "eighty"}}, "scores.needs"),
        ({"scores": SCORES, "bonus": {"ai": 3}}, "bonus.ai"),
        ({"scores": SCORES, "submit": "yes"}, "submit"),
        ({"scores": SCORES, "comments": {"nothing": "x"}}, "comments.nothing"),
        ({"scores": {}}, "scores"),
        ({"scores": SCORES, "unknown": 1}, "unknown"),
    ],
)
def test_bad_sheets_are_refused_and_nothing_stored(api_client, assigned, body, field):
    case, person = assigned
    response = as_user(api_client, person).put(f"/api/v1/cases/{case.pk}/score-sheet/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"], response.json()
    assert not ScoreSheet.objects.exists()
    assert not Assignment.objects.get(case=case).confirmed


def test_score_sheet_permissions(api_client, assigned):
    case, person = assigned
    url = f"/api/v1/cases/{case.pk}/score-sheet/"
    assert as_user(api_client, reviewer()).put(url, {"scores": SCORES}, format="json").status_code == 404
    assert as_user(api_client, case.office).put(url, {"scores": SCORES}, format="json").status_code == 403
    assert as_user(api_client, case.applicant).put(url, {"scores": SCORES}, format="json").status_code == 403
    assert as_user(api_client, person).get(url).status_code == 404  # no sheet yet
    assert not ScoreSheet.objects.exists()


def test_the_office_reads_every_submitted_sheet_a_reviewer_only_their_own(api_client, assigned):
    case, person = assigned
    other = reviewer()
    assign(case, other)
    score(case, person, GOOD)
    score(case, other, FAIR, submit=False)
    url = f"/api/v1/cases/{case.pk}/sheets/"
    office = as_user(api_client, case.office).get(url).json()["results"]
    assert [(r["reviewer"], r["sheet"] and r["sheet"]["total"]) for r in office] == [
        (person.pk, "81.00"),
        (other.pk, None),
    ]
    own = as_user(api_client, other).get(url).json()["results"]
    assert [(r["reviewer"], r["sheet"]["total"]) for r in own] == [(other.pk, "68.50")]
    assert as_user(api_client, case.applicant).get(url).status_code == 403


# --- the panel ----------------------------------------------------------------------------------


def test_the_panel_ranks_by_mean(api_client):
    office = UserFactory(role=Role.OFFICER)
    low, high, empty = under_review(office=office), under_review(office=office), under_review(office=office)
    first, second = reviewer(), reviewer()
    for case, scores in ((low, (FAIR, FAIR)), (high, (GOOD, FAIR))):
        for person, values in zip((first, second), scores, strict=True):
            assign(case, person, office=office)
            score(case, person, values)
    body = as_user(api_client, office).get("/api/v1/editions/machinery-2025/panel/").json()
    rows = body["results"]
    assert [r["case"] for r in rows] == [high.pk, low.pk, empty.pk]
    assert [(r["mean"], r["spread"], r["rank"]) for r in rows] == [
        ("74.75", "12.50", 1),
        ("68.50", "0.00", 2),
        (None, None, None),
    ]
    assert set(rows[0]) >= {"case", "reference", "sheets", "mean", "spread", "rank"}
    assert [s["total"] for s in rows[0]["sheets"]] == ["81.00", "68.50"]
    assert rows[0]["flagged"] is False


def test_the_panel_flags_a_wide_spread(api_client, settings, assigned):
    settings.REVIEW_SPREAD_FLAG = __import__("decimal").Decimal("10")
    case, person = assigned
    other = reviewer()
    assign(case, other)
    score(case, person, GOOD)
    score(case, other, FAIR)
    rows = as_user(api_client, case.office).get("/api/v1/editions/machinery-2025/panel/").json()["results"]
    assert rows[0]["spread"] == "12.50" and rows[0]["flagged"] is True


def test_a_reviewer_sees_only_their_own_sheet_on_the_panel(api_client, assigned):
    case, person = assigned
    other = reviewer()
    assign(case, other)
    score(case, person, GOOD)
    score(case, other, FAIR)
    under_review()  # not theirs
    rows = as_user(api_client, person).get("/api/v1/editions/machinery-2025/panel/").json()["results"]
    assert len(rows) == 1
    assert rows[0]["sheets"] == [
        {"reviewer": person.pk, "reviewer_name": person.full_name, "total": "81.00", "submitted": True}
    ]
    assert (rows[0]["mean"], rows[0]["spread"], rows[0]["rank"]) == (None, None, None)


def test_panel_refusals(api_client, case):
    assert as_user(api_client, case.applicant).get("/api/v1/editions/machinery-2025/panel/").status_code == 403
    assert as_user(api_client, case.office).get("/api/v1/editions/no-such/panel/").status_code == 404
    assert api_client.get("/api/v1/editions/machinery-2025/panel/?round=x").status_code == 400
    for lang, message in (("zh-hant", "審查輪次須為 1 至 "), ("en", "The round is a number from 1 to ")):
        refused = api_client.get("/api/v1/editions/machinery-2025/panel/?round=0", HTTP_ACCEPT_LANGUAGE=lang)
        assert refused.status_code == 400 and refused.json()["errors"]["round"][0].startswith(message), lang
    assert api_client.get("/api/v1/editions/machinery-2025/panel/?round=2").json()["results"][0]["sheets"] == []


# --- decide -------------------------------------------------------------------------------------


def test_decide_through_the_api(api_client, assigned):
    case, person = assigned
    url = f"/api/v1/cases/{case.pk}/actions/decide/"
    as_user(api_client, case.office)
    early = api_client.post(url, {"decision": "approve", "approved_gov": 3_000_000, "reason": "酌減"}, format="json")
    assert early.status_code == 400 and "sheets" in early.json()["errors"] and early.json()["outcomes"] == []
    score(case, person, GOOD)
    above = api_client.post(url, {"decision": "approve", "approved_gov": 3_600_000}, format="json")
    assert above.status_code == 400
    assert {o["rule"] for o in above.json()["outcomes"] if not o["passed"]} >= {"approved_within_request"}
    assert (
        as_user(api_client, case.counsellor).post(url, {"decision": "reject", "reason": "x"}, format="json").status_code
        == 403
    )
    assert not Decision.objects.exists()
    done = as_user(api_client, case.office).post(
        url, {"decision": "approve", "approved_gov": 3_000_000, "reason": "依評分酌減"}, format="json"
    )
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == CaseStatus.APPROVED and done.json()["approved_gov"] == 3_000_000
    again = api_client.post(url, {"decision": "reject", "reason": "x"}, format="json")
    assert again.status_code == 409


def test_decide_is_a_404_for_whoever_may_not_see_the_case(api_client, case):
    response = as_user(api_client, reviewer()).post(f"/api/v1/cases/{case.pk}/actions/decide/", {}, format="json")
    assert response.status_code == 404


# --- comments -----------------------------------------------------------------------------------


def test_the_applicant_sees_the_comments_only_after_the_decision(api_client, assigned):
    case, person = assigned
    score(case, person, GOOD, comment="請補充量化數據")
    url = f"/api/v1/cases/{case.pk}/comments/"
    assert as_user(api_client, case.applicant).get(url).json()["count"] == 0
    decide(case, decision="approve", approved_gov=3_000_000, reason="酌減")
    rows = api_client.get(url).json()["results"]
    assert rows == [
        {
            "number": 1,
            "reviewer_no": 1,
            "criterion": "",
            "comment": "請補充量化數據",
            "reply": "",
            "page": "",
            "replied_at": None,
        }
    ]
    assert "reviewer" not in rows[0]
    reply = api_client.patch(f"{url}1/", {"reply": "已補充於第 3 章", "page": "12"}, format="json")
    assert reply.status_code == 200 and reply.json()["reply"] == "已補充於第 3 章"
    assert api_client.patch(f"{url}7/", {"reply": "x"}, format="json").status_code == 404
    assert api_client.patch(f"{url}1/", {"reply": "x", "page": "9" * 41}, format="json").status_code == 400
    assert as_user(api_client, case.office).get(url).json()["count"] == 1
    assert as_user(api_client, person).get(url).status_code == 403
    assert as_user(api_client, UserFactory(role=Role.APPLICANT, company=CompanyFactory())).get(url).status_code == 404


# --- who sees which case ------------------------------------------------------------------------


def test_a_reviewer_sees_only_the_cases_assigned_to_them(api_client, assigned):
    case, person = assigned
    other = under_review()
    as_user(api_client, person)
    assert [row["id"] for row in api_client.get("/api/v1/cases/").json()["results"]] == [case.pk]
    assert api_client.get(f"/api/v1/cases/{case.pk}/").status_code == 200
    assert api_client.get(f"/api/v1/cases/{other.pk}/").status_code == 404
    assert api_client.get(f"/api/v1/cases/{other.pk}/documents/").status_code == 404
