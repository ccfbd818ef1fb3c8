"""Who reaches the money of a case, role by role, on every money page and API route: the company and its unit
see their case's money and report on it, the programme office sees everything and moves the money, and
anyone else is told it does not exist (404). The predicates and ``money_cases_visible_to`` agree."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from applications.models import Case
from disbursements.permissions import money_cases_visible_to
from portal.models import Role
from tests.applications.builders import machinery_counsellor
from tests.disbursements.builders import contracted, machinery_approved, officer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = ("company", "other_company", "unit", "other_unit", "reviewer", "officer", "admin", "anonymous")
LOGIN = "login"
SEEN = (200, 404, 200, 404, 404, 200, 200, LOGIN)
OFFICE = (404, 404, 404, 404, 404, 200, 200, LOGIN)
#                       company other_co unit other_unit reviewer officer admin anonymous
PAGES = {
    "contract/": SEEN,
    "instalments/": SEEN,
    "progress/": SEEN,
    "changes/": SEEN,
    "ledger/": SEEN,
    "ledger.xlsx": SEEN,
    "terminate/": OFFICE,
}
OFFICE_PAGES = {
    "/office/money/": OFFICE,
    "/office/money/machinery-2025/": OFFICE,
    "/office/money/machinery-2025/ledger.xlsx": OFFICE,
}
API_GET = (200, 404, 200, 404, 404, 200, 200, 401)


@pytest.fixture
def people():
    case = contracted(machinery_approved(), officer())
    return case, {
        "company": case.applicant,
        "other_company": UserFactory(role=Role.APPLICANT),
        "unit": case.counsellor,
        "other_unit": machinery_counsellor(),
        "reviewer": UserFactory(role=Role.REVIEWER),
        "officer": UserFactory(role=Role.OFFICER),
        "admin": UserFactory(role=Role.ADMIN),
        "anonymous": None,
    }


def _page_status(client: Client, path: str):
    response = client.get(path)
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_money_pages_by_role(people, role):
    case, users = people
    client = Client()
    if users[role]:
        client.force_login(users[role])
    index = ROLES.index(role)
    for suffix, expected in PAGES.items():
        assert _page_status(client, f"/cases/{case.pk}/{suffix}") == expected[index], (suffix, role)
    for path, expected in OFFICE_PAGES.items():
        assert _page_status(client, path) == expected[index], (path, role)


@pytest.mark.parametrize("role", ROLES)
def test_money_api_by_role(people, role):
    case, users = people
    client = APIClient()
    if users[role]:
        client.force_authenticate(users[role])
    index = ROLES.index(role)
    for route in ("instalments", "ledger", "progress-reports"):
        status = client.get(f"/api/v1/cases/{case.pk}/{route}/").status_code
        assert status == API_GET[index], (route, role, status)
    body = {"as_of": case.contract.signed_on.isoformat(), "progress": "10.00", "spent_gov": 0, "spent_self": 0}
    report = client.post(f"/api/v1/cases/{case.pk}/progress-reports/", body, format="json").status_code
    assert report == (201, 404, 201, 404, 404, 403, 403, 401)[index], (role, report)
    paid = client.post(f"/api/v1/cases/{case.pk}/instalments/1/release/", {}, format="json").status_code
    assert paid == (403, 404, 403, 404, 404, 200, 200, 401)[index], (role, paid)


def test_posts_by_the_wrong_side_do_not_exist_for_them(people):
    case, users = people
    party, office = Client(), Client()
    party.force_login(users["unit"])
    office.force_login(users["officer"])
    assert party.post(f"/cases/{case.pk}/instalments/1/release/").status_code == 404
    assert party.post(f"/cases/{case.pk}/instalments/1/withhold/", {"reason": "x"}).status_code == 404
    assert party.post(f"/cases/{case.pk}/terminate/", {"reason": "x", "clawback": "0"}).status_code == 404
    assert office.post(f"/cases/{case.pk}/progress/", {"as_of": "2026-01-01"}).status_code == 404
    assert office.post(f"/cases/{case.pk}/changes/", {"reason": "x"}).status_code == 404
    assert office.post(f"/cases/{case.pk}/contract/", {"signed_on": "2026-01-01"}).status_code == 404


def test_the_predicate_and_the_queryset_agree(people):
    case, users = people
    other = contracted(machinery_approved(), officer())
    cases = list(Case.objects.filter(pk__in=[case.pk, other.pk]))
    for user in [u for u in users.values() if u is not None] + [other.applicant, other.counsellor]:
        visible = set(money_cases_visible_to(user).filter(pk__in=[c.pk for c in cases]).values_list("pk", flat=True))
        assert visible == {c.pk for c in cases if user.has_perm("disbursements.view_money", c)}, user.role


def test_money_pages_do_not_exist_before_the_approval_or_the_contract(client):
    approved = machinery_approved()
    client.force_login(officer())
    assert client.get(f"/cases/{approved.pk}/contract/").status_code == 200
    for suffix in ("instalments/", "progress/", "changes/", "ledger/", "ledger.xlsx"):
        assert client.get(f"/cases/{approved.pk}/{suffix}").status_code == 404, suffix
    Case.objects.filter(pk=approved.pk).update(approved_gov=None, status="under_review")
    assert client.get(f"/cases/{approved.pk}/contract/").status_code == 404
