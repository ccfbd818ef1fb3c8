"""Who reaches a case's expenses, role by role, on every expense page and API route: the company and its unit
record them, the programme office sees every case's and verifies them, anyone else is told they do not exist
(404). The predicate and ``expense_cases_visible_to`` agree."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from applications.models import Case
from expenses.models import Expense, ExpenseImportJob, ExpenseStatus
from expenses.permissions import expense_cases_visible_to
from portal.jobs import job_open, job_transition
from portal.models import JobStatus, Role
from tests.applications.builders import machinery_counsellor
from tests.expenses.builders import machinery_contracted, record, row
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = ("company", "other_company", "unit", "other_unit", "reviewer", "officer", "admin", "anonymous")
LOGIN = "login"
SEEN = (200, 404, 200, 404, 404, 200, 200, LOGIN)
PARTY = (200, 404, 200, 404, 404, 404, 404, LOGIN)
OFFICE = (404, 404, 404, 404, 404, 200, 200, LOGIN)
PAGES = {"": SEEN, "report/": SEEN, "report.xlsx": SEEN, "report.pdf": SEEN, "template.xlsx": SEEN, "import/": PARTY}


def import_job(case) -> ExpenseImportJob:
    """A finished import of ``case`` (opened as the services do; its file is not read here)."""
    job = job_open(job=ExpenseImportJob(case=case, upload="x.xlsx", filename="x.xlsx"), actor=case.counsellor)
    return job_transition(job=job, to=JobStatus.FAILED, row_errors=[])


@pytest.fixture
def people():
    case = machinery_contracted()
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


def _status(client, path):
    response = client.get(path)
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_expense_pages_by_role(people, role):
    case, users = people
    record(case)
    client = Client()
    if users[role]:
        client.force_login(users[role])
    index = ROLES.index(role)
    job = import_job(case)
    for suffix, expected in {**PAGES, f"import/{job.pk}/": PARTY}.items():
        assert _status(client, f"/cases/{case.pk}/expenses/{suffix}") == expected[index], (suffix, role)
    assert _status(client, "/office/expenses/") == OFFICE[index], role


@pytest.mark.parametrize("role", ROLES)
def test_expense_api_by_role(people, role):
    case, users = people
    expense = record(case)
    client = APIClient()
    if users[role]:
        client.force_authenticate(users[role])
    index = ROLES.index(role)
    for route in ("expenses/", "expenses/summary/"):
        status = client.get(f"/api/v1/cases/{case.pk}/{route}").status_code
        assert status == (200, 404, 200, 404, 404, 200, 200, 401)[index], (route, role)
    created = client.post(f"/api/v1/cases/{case.pk}/expenses/", row(), format="json").status_code
    assert created == (201, 404, 201, 404, 404, 403, 403, 401)[index], (role, created)
    job = import_job(case)
    seen = client.get(f"/api/v1/cases/{case.pk}/expenses/import/{job.pk}/").status_code
    assert seen == (200, 404, 200, 404, 404, 403, 403, 401)[index], (role, seen)
    verified = client.post(
        f"/api/v1/cases/{case.pk}/expenses/{expense.pk}/verify/", {"decision": "accept"}, format="json"
    ).status_code
    assert verified == (403, 404, 403, 404, 404, 200, 200, 401)[index], (role, verified)


def test_posts_by_the_wrong_side_do_not_exist_for_them(people):
    case, users = people
    expense = record(case)
    party, office = Client(), Client()
    party.force_login(users["unit"])
    office.force_login(users["officer"])
    assert party.post(f"/cases/{case.pk}/expenses/{expense.pk}/verify/", {"decision": "accept"}).status_code == 404
    assert office.post(f"/cases/{case.pk}/expenses/", row()).status_code == 404
    assert office.post(f"/cases/{case.pk}/expenses/import/", {}).status_code == 404
    assert Expense.objects.get().status == ExpenseStatus.PENDING and Expense.objects.count() == 1


def test_an_import_job_of_another_case_does_not_exist_there(people):
    case, users = people
    other = machinery_contracted()
    job = import_job(other)
    client, api = Client(), APIClient()
    client.force_login(users["unit"])
    api.force_authenticate(users["unit"])
    assert client.get(f"/cases/{case.pk}/expenses/import/{job.pk}/").status_code == 404
    assert api.get(f"/api/v1/cases/{case.pk}/expenses/import/{job.pk}/").status_code == 404


def test_the_predicate_and_the_queryset_agree(people):
    case, users = people
    other = machinery_contracted()
    cases = list(Case.objects.filter(pk__in=[case.pk, other.pk]))
    for user in [u for u in users.values() if u is not None] + [other.applicant, other.counsellor]:
        visible = set(expense_cases_visible_to(user).filter(pk__in=[c.pk for c in cases]).values_list("pk", flat=True))
        assert visible == {c.pk for c in cases if user.has_perm("expenses.view_expenses", c)}, user.role
