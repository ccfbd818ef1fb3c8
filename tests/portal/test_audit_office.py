"""The audit trail for the programme office: officers read the trail of the records they handle (cases and
their parts, companies, …) — not of users — and every change names its fields as the pages do."""

import pytest

from applications import services as case_services
from portal import services
from portal.models import AuditEvent
from portal.permissions import audit_events_visible_to, audit_tables_visible_to
from tests.applications.builders import machinery_case
from tests.factories import CompanyFactory, UserFactory
from tests.helpers import assert_constant_queries

pytestmark = pytest.mark.django_db


def test_officers_read_the_trail_of_the_cases_they_handle(client, officer):
    case = machinery_case()
    case_services.case_transition(actor=case.counsellor, case=case, action="submit")
    UserFactory()  # a user's row: not the office's to read
    client.force_login(officer)
    response = client.get("/audit/", {"table": "applications_case", "object": str(case.pk)})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"#{case.pk}" in html and "狀態" in html  # the field as the pages name it
    assert ">status<" not in html and "submitted_at" not in html
    users = client.get("/audit/", {"table": "portal_user"}).context["page"].object_list
    assert all(event.table_name != "portal_user" for event in users)
    tables = audit_tables_visible_to(officer)
    assert {
        "applications_case",
        "applications_documentcheck",
        "applications_supplementrequest",
        "portal_company",
    } <= set(tables) and "portal_user" not in tables


@pytest.mark.parametrize("role", ["applicant", "counsellor", "reviewer"])
def test_parties_and_reviewers_have_no_audit_trail(client, request, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    assert client.get("/audit/").status_code == 403
    assert audit_tables_visible_to(user) == {} and not audit_events_visible_to(user).exists()


def test_the_tables_and_the_events_agree(officer, admin_user):
    CompanyFactory()
    UserFactory()
    for user in (officer, admin_user):
        tables = set(audit_tables_visible_to(user))
        seen = set(audit_events_visible_to(user).values_list("table_name", flat=True))
        assert seen and seen <= tables
    assert set(AuditEvent.objects.values_list("table_name", flat=True)) <= set(audit_tables_visible_to(admin_user))


def test_a_change_names_its_fields(client, admin_user):
    company = CompanyFactory()
    services.company_update(actor=admin_user, company=company, data={"employees": 12})
    client.force_login(admin_user)
    html = client.get("/audit/", {"table": "portal_company", "object": str(company.pk)}).content.decode()
    assert "<strong>常僱員工數</strong>" in html and "<strong>employees</strong>" not in html


def test_the_officer_s_trail_is_read_in_constant_queries(client, officer):
    client.force_login(officer)

    def grow(n):
        while AuditEvent.objects.count() < n:
            CompanyFactory()

    assert_constant_queries(lambda: client.get("/audit/"), grow)
