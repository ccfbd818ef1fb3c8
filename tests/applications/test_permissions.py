"""Who reaches what of a case, role by role, on every case page and API route: the company and its unit do
their work, the programme office sees everything and edits nothing, and anyone else is told the case does
not exist (404, never 403). Plus: the permission predicates and ``cases_visible_to`` agree."""

from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from applications import services
from applications.models import Case, CaseStatus
from applications.permissions import cases_visible_to
from applications.workspace import SECTIONS, section_codes
from portal.models import Role
from programs.rulesets import ruleset_for
from programs.selectors import edition_current
from tests.applications.api_support import CASES, action_url, case_url, machinery_body
from tests.applications.builders import PDF_BYTES, applicant_for, machinery_case, machinery_counsellor, machinery_unit
from tests.factories import CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ("company", "other_company", "unit", "other_unit", "reviewer", "officer", "admin", "anonymous")
LOGIN = "login"  # a redirect to the sign-in page
# What each role gets, in the order of ROLES. 302 is a redirect (to the sign-in page for the anonymous).
#                          company other_co  unit other_unit reviewer officer admin anonymous
PAGES = {
    "case-list":              (200, 200, 200, 200, 404, 302, 302, LOGIN),
    "case-new":               (200, 200, 200, 200, 404, 404, 404, LOGIN),
    "case-detail":            (200, 404, 200, 404, 404, 200, 200, LOGIN),
    "case-section":           (200, 404, 200, 404, 404, 403, 403, LOGIN),  # GET, every section
    "case-section-post":      (302, 404, 302, 404, 404, 403, 403, LOGIN),
    "case-budget-preview":    (200, 404, 200, 404, 404, 403, 403, LOGIN),
    "case-budget-download":   (200, 404, 200, 404, 404, 200, 200, LOGIN),
    "case-action":            (302, 404, 403, 404, 404, 403, 403, LOGIN),  # consent
    "case-document-upload":   (302, 404, 302, 404, 404, 403, 403, LOGIN),
    "case-document-download": (200, 404, 200, 404, 404, 200, 200, LOGIN),
}  # fmt: skip
API = {
    "list":                   (200, 200, 200, 200, 200, 200, 200, 401),
    "create":                 (201, 201, 201, 201, 403, 403, 403, 401),
    "detail":                 (200, 404, 200, 404, 404, 200, 200, 401),
    "patch":                  (200, 404, 200, 404, 404, 403, 403, 401),
    "events":                 (200, 404, 200, 404, 404, 200, 200, 401),
    "consent":                (200, 404, 403, 404, 404, 403, 403, 401),
    "start_screening":        (403, 404, 403, 404, 404, 409, 409, 401),
    "unknown-action":         (404, 404, 404, 404, 404, 404, 404, 401),
    "documents":              (200, 404, 200, 404, 404, 200, 200, 401),
    "document-upload":        (201, 404, 201, 404, 404, 403, 403, 401),
    "document-download":      (200, 404, 200, 404, 404, 200, 200, 401),
    "missing-case":           (404, 404, 404, 404, 404, 404, 404, 401),
}  # fmt: skip
# Whether the case is in the role's list (GET /cases/).
LISTED = (True, False, True, False, False, True, True, None)


@dataclass
class World:
    case: Case
    users: dict = field(default_factory=dict)


def world() -> World:
    """One machinery case drafted by a unit for a company (not yet consented), and one user per role."""
    unit = machinery_unit()
    counsellor = machinery_counsellor(unit)
    case = machinery_case(counsellor=counsellor, consent=False)
    users = {
        "company": case.applicant,
        "other_company": applicant_for(),
        "unit": counsellor,
        "other_unit": machinery_counsellor(),
        "reviewer": UserFactory(role=Role.REVIEWER),
        "officer": UserFactory(role=Role.OFFICER),
        "admin": UserFactory(role=Role.ADMIN),
        "anonymous": None,
    }
    return World(case, users)


def pdf():
    return SimpleUploadedFile("plan.pdf", PDF_BYTES, content_type="application/pdf")


def expected(table: dict, name: str, role: str):
    return table[name][ROLES.index(role)]


def page_status(response) -> int | str:
    if response.status_code == 302 and reverse("login") in response["Location"]:
        return LOGIN
    return response.status_code


def page_requests(case: Case):
    """(row of PAGES, label, method, url, data) for every case page; data is built when sent (the version)."""
    pk = case.pk
    document = case.documents.first()
    budget = {f"{line['code']}-{side}": str(line[side]) for line in case.budget_lines for side in ("gov", "self")}
    yield "case-list", "case-list", "get", reverse("case-list"), None
    yield "case-new", "case-new", "get", reverse("case-new"), None
    yield "case-detail", "case-detail", "get", reverse("case-detail", args=[pk]), None
    for section in section_codes(ruleset_for(case.edition)):
        yield "case-section", f"case-section {section}", "get", reverse("case-section", args=[pk, section]), None

    def plan():
        version = Case.objects.get(pk=pk).version
        return {"version": version, "needs": "需求（更新）", "solution": "解決方案（更新）"}

    yield "case-section-post", "case-section plan POST", "post", reverse("case-section", args=[pk, "plan"]), plan
    yield "case-budget-preview", "case-budget-preview", "post", reverse("case-budget-preview", args=[pk]), budget
    yield "case-budget-download", "case-budget-download", "get", reverse("case-budget-download", args=[pk]), None
    yield "case-action", "case-action consent", "post", reverse("case-action", args=[pk, "consent"]), {}
    upload = reverse("case-document-upload", args=[pk])
    yield "case-document-upload", "case-document-upload", "post", upload, lambda: {"kind": "plan", "file": pdf()}
    download = reverse("case-document-download", args=[pk, document.pk])
    yield "case-document-download", "case-document-download", "get", download, None


def api_requests(case: Case, role: str):
    """(row of API, method, url, body, format) for every API route about the case."""
    if role in ("company", "other_company"):
        create = {"edition": "lean-2026-basic", "title": "精實管理導入"}
    else:
        create = machinery_body(company=CompanyFactory().pk)
    document = case.documents.first()
    yield "list", "get", CASES, None, None
    yield "create", "post", CASES, create, "json"
    yield "detail", "get", case_url(case), None, None
    yield "patch", "patch", case_url(case), {"title": "新的計畫名稱"}, "json"
    yield "events", "get", case_url(case, "events"), None, None
    yield "consent", "post", action_url(case, "consent"), {}, "json"
    yield "start_screening", "post", action_url(case, "start_screening"), {}, "json"
    yield "unknown-action", "post", action_url(case, "explode"), {}, "json"
    yield "documents", "get", case_url(case, "documents"), None, None
    yield "document-upload", "post", case_url(case, "documents"), lambda: {"kind": "plan", "file": pdf()}, "multipart"
    yield "document-download", "get", case_url(case, "documents", document.pk, "download"), None, None
    yield "missing-case", "get", case_url(987654), None, None


@pytest.mark.parametrize("role", ROLES)
def test_every_case_page_per_role(role):
    w = world()
    user = w.users[role]
    client = Client()
    if user is not None:
        client.force_login(user)
    wrong = []
    for row, label, method, url, data in page_requests(w.case):
        data = data() if callable(data) else data
        response = getattr(client, method)(url, data) if method == "post" else client.get(url)
        got, want = page_status(response), expected(PAGES, row, role)
        if got != want:
            wrong.append((label, got, want))
    assert wrong == [], f"{role}: (page, got, expected) {wrong}"


@pytest.mark.parametrize("role", ROLES)
def test_every_api_route_per_role(role):
    w = world()
    user = w.users[role]
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    wrong = []
    for row, method, url, body, fmt in api_requests(w.case, role):
        body = body() if callable(body) else body
        response = client.get(url) if method == "get" else getattr(client, method)(url, body, format=fmt)
        if response.status_code != expected(API, row, role):
            wrong.append((row, response.status_code, expected(API, row, role)))
        if response.status_code in (401, 403, 404):
            assert set(response.json()) == {"errors"}, (row, response.json())
        if row == "list" and response.status_code == 200:
            listed = w.case.pk in {c["id"] for c in response.json()["results"]}
            if listed != LISTED[ROLES.index(role)]:
                wrong.append(("list holds the case", listed, LISTED[ROLES.index(role)]))
    assert wrong == [], f"{role}: (route, got, expected) {wrong}"


def test_what_the_parties_did_in_the_matrix_took_effect():
    """The 2xx answers of the matrix are real work, not empty pages: the company's run consents, edits and
    uploads."""
    w = world()
    client = APIClient()
    client.force_authenticate(w.users["company"])
    for _row, method, url, body, fmt in api_requests(w.case, "company"):
        body = body() if callable(body) else body
        client.get(url) if method == "get" else getattr(client, method)(url, body, format=fmt)
    case = Case.objects.get(pk=w.case.pk)
    assert case.consented_by == w.users["company"] and case.title == "新的計畫名稱"
    assert case.documents.filter(kind="plan").count() == 2
    assert Case.objects.filter(company=case.company, edition_code="lean-2026-basic").exists()


def test_every_section_of_the_proposal_has_a_page_and_no_other():
    w = world()
    client = Client()
    client.force_login(w.users["unit"])
    shown = section_codes(ruleset_for(w.case.edition))
    assert "kpis" not in shown  # machinery-2025 lists no KPIs
    for section in SECTIONS:
        response = client.get(reverse("case-section", args=[w.case.pk, section]))
        assert response.status_code == (200 if section in shown else 404), section
    assert client.get(reverse("case-section", args=[w.case.pk, "everything"])).status_code == 404


def test_the_sign_in_redirect_returns_to_the_page():
    w = world()
    url = reverse("case-detail", args=[w.case.pk])
    response = Client().get(url)
    assert response.status_code == 302 and f"next={url}" in response["Location"].replace("%2F", "/")


def test_an_api_error_for_the_anonymous_names_the_scheme():
    response = APIClient().get(CASES)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")


def test_a_case_that_does_not_exist_and_one_not_visible_look_the_same():
    w = world()
    client = APIClient()
    client.force_authenticate(w.users["other_company"])
    hidden = client.get(case_url(w.case))
    missing = client.get(case_url(987654))
    assert (hidden.status_code, hidden.json()) == (missing.status_code, missing.json())


# --- predicates and querysets agree ---------------------------------------------------------------------------


def mixed_cases() -> list[Case]:
    """Cases of three companies under two units and none, in several statuses."""
    unit_a, unit_b = machinery_unit(), machinery_unit()
    counsellor_a, counsellor_b = machinery_counsellor(unit_a), machinery_counsellor(unit_b)
    cases = [
        machinery_case(counsellor=counsellor_a),
        machinery_case(counsellor=counsellor_a),
        machinery_case(counsellor=counsellor_b),
    ]
    services.case_transition(actor=counsellor_a, case=cases[1], action="submit")
    services.case_transition(actor=counsellor_b, case=cases[2], action="withdraw", payload={"reason": "撤案"})
    # the first company also files a lean case of its own, without a unit
    lean = services.case_create(
        actor=cases[0].applicant, edition=edition_current(code="lean-2026-basic"), data={"title": "精實"}
    )
    return [*cases, lean]


def test_predicates_and_querysets_agree():
    cases = mixed_cases()
    units = {c.unit_id for c in cases if c.unit_id}
    users = [
        *(c.applicant for c in cases[:3]),
        *(UserFactory(role=Role.COUNSELLOR, counselling_unit_id=unit) for unit in units),
        applicant_for(),
        machinery_counsellor(),
        UserFactory(role=Role.REVIEWER),
        UserFactory(role=Role.OFFICER),
        UserFactory(role=Role.ADMIN),
        UserFactory(role=Role.APPLICANT, company=cases[0].company, is_active=False),
        UserFactory(role=Role.OFFICER, is_active=False),
        AnonymousUser(),
    ]
    assert Case.objects.filter(status=CaseStatus.WITHDRAWN).exists()
    for user in users:
        visible = set(cases_visible_to(user))
        for case in Case.objects.select_related("company", "unit"):
            assert user.has_perm("applications.view_case", case) == (case in visible), (user, case)
            assert user.has_perm("applications.view_casedocument", case) == (case in visible), (user, case)
            if user.has_perm("applications.change_case", case):
                assert case in visible, (user, case)
    # and the sets are the ones each role should see
    first_company = users[0]
    assert set(cases_visible_to(first_company)) == {cases[0], cases[3]}
    assert set(cases_visible_to(users[-5])) == set(Case.objects.all())  # the officer
    assert set(cases_visible_to(users[-3])) == set()  # an applicant whose account is inactive
