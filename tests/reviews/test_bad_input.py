"""Junk in every field of the review pages and API: a clear refusal, nothing stored, never a 500."""

import pytest
from django.urls import reverse

from reviews.models import Assignment, ConflictDeclaration, Decision, ScoreSheet

from .builders import GOOD, assign, decide, reviewer, score, under_review

pytestmark = pytest.mark.django_db

JUNK = [
    "\x00",
    "x" * 10_000,
    "-1",
    "1e309",
    "NaN",
    "Infinity",
    "<script>alert(1)</script>",
    "２２０９９１３１",
    "",
    "[]",
    "{}",
    "²",
    "99999999999999999999",
]
JSON_JUNK = [None, True, -1, 1.5, "x" * 10_000, [], {}, {"a": 1}, "NaN", 10**30]


@pytest.fixture(scope="module")
def fields():
    return ["score_needs", "score_solution", "score_benefits", "score_training", "comment_needs", "comment"]


@pytest.mark.parametrize("junk", JUNK)
def test_the_sheet_page_and_its_preview_survive_junk(client, junk, fields):
    case = under_review()
    person = reviewer()
    assign(case, person)
    client.force_login(person)
    client.post(reverse("review-confirm", args=[case.pk]))
    data = dict.fromkeys(fields, junk)
    for url in (reverse("review-case", args=[case.pk]), reverse("review-sheet-preview", args=[case.pk])):
        assert client.post(url, {**data, "submit": junk}).status_code in (200, 302)
    assert not ScoreSheet.objects.filter(submitted_at__isnull=False).exists()


@pytest.mark.parametrize("junk", JUNK)
def test_the_office_pages_survive_junk(client, junk):
    case = under_review()
    person = reviewer()
    assign(case, person)
    score(case, person, GOOD)
    client.force_login(case.office)
    for url, data in (
        (reverse("review-assignments", args=[case.pk]), {"reviewer": junk, "round": junk}),
        (reverse("review-withdraw", args=[case.pk, Assignment.objects.get().pk]), {"reason": junk}),
        (reverse("review-decision", args=[case.pk]), {"decision": junk, "approved_gov": junk, "reason": junk}),
        (reverse("review-decision", args=[case.pk]), {"decision": "approve", "approved_gov": junk, "reason": junk}),
        (reverse("review-decision-preview", args=[case.pk]), {"approved_gov": junk}),
    ):
        assert client.post(url, data).status_code in (200, 302), url
    for query in ({"round": junk, "sort": junk, "page": junk}, {"q": junk}):
        assert client.get(reverse("review-panel", args=["machinery-2025"]), query).status_code == 200
        assert client.get(reverse("review-assignments", args=[case.pk]), query).status_code == 200
    assert not Decision.objects.exists() or Decision.objects.get().approved_gov <= case.requested_gov


@pytest.mark.parametrize("junk", JUNK)
def test_the_reviewers_conflict_forms_survive_junk(client, junk):
    client.force_login(reviewer())
    url = reverse("review-conflicts")
    for data in (
        {"form": "conflict", "target": junk, "ubn": junk, "reason": junk},
        {"form": "profile", "affiliation": junk, "organisation_ubn": junk, "expertise": junk},
    ):
        assert client.post(url, data).status_code in (200, 302)
    assert not ConflictDeclaration.objects.exists()


@pytest.mark.parametrize("junk", JSON_JUNK)
def test_the_api_survives_junk_in_every_field(api_client, junk):
    case = under_review()
    person = reviewer()
    api_client.force_authenticate(case.office)
    for body in ({"reviewer": junk}, {"reviewer": person.pk, "round": junk}):
        assert api_client.post(f"/api/v1/cases/{case.pk}/assignments/", body, format="json").status_code == 400
    assign(case, person)
    decide = {"decision": "approve", "approved_gov": junk, "reason": junk}
    assert api_client.post(f"/api/v1/cases/{case.pk}/actions/decide/", decide, format="json").status_code == 400
    api_client.force_authenticate(person)
    for body in (
        {"scores": junk},
        {"scores": {"needs": junk}},
        {"scores": GOOD_JSON, "bonus": junk},
        {"scores": GOOD_JSON, "comment": junk},
        {"scores": GOOD_JSON, "comments": junk},
        {"scores": GOOD_JSON, "submit": junk},
    ):
        response = api_client.put(f"/api/v1/cases/{case.pk}/score-sheet/", body, format="json")
        # some junk is valid somewhere (true for "submit", a number as a comment's text): never a 500
        assert response.status_code in (200, 400, 409), (body, response.json())
    response = api_client.post("/api/v1/reviewers/conflicts/", {"company": junk, "reason": "x"}, format="json")
    assert response.status_code == 400
    assert not ConflictDeclaration.objects.exists()
    body = {"company": case.company_id, "reason": junk}  # a number is text enough for a reason
    assert api_client.post("/api/v1/reviewers/conflicts/", body, format="json").status_code in (201, 400)
    assert not Decision.objects.exists()


GOOD_JSON = {code: str(value) for code, value in GOOD.items()}


@pytest.mark.parametrize("junk", JUNK)
def test_the_replies_survive_junk(client, api_client, junk):
    case = under_review()
    person = reviewer()
    assign(case, person)
    score(case, person, GOOD, comment="請補充")
    decide(case, decision="approve", approved_gov=3_000_000, reason="酌減")
    client.force_login(case.applicant)
    data = {"reply_1": junk, "page_1": junk, "reply_9": junk}
    assert client.post(reverse("review-replies", args=[case.pk]), data).status_code in (200, 302)
    assert client.post(reverse("review-plan-upload", args=[case.pk]), {"file": junk}).status_code == 302
    api_client.force_authenticate(case.applicant)
    for body in ({"reply": junk, "page": junk}, {"reply": [junk]}, {"page": {}}):
        assert api_client.patch(f"/api/v1/cases/{case.pk}/comments/1/", body, format="json").status_code in (200, 400)
    client.force_login(case.office)
    assert client.post(reverse("review-revision-accept", args=[case.pk]), {"note": junk}).status_code == 302
