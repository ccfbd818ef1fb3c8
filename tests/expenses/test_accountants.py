"""External accountants (會計師): the programme office registers them and assigns them to a case's expense
ledger (refused on a conflict of interest); an assigned accountant sees that case's ledger, receipts and
accumulated-spending report and verifies its expenses like the office — every other part of the case, and every
other case, is a 404 to them, on the pages and in the API. Role by role; the predicates and the querysets
agree; the accountant's list runs a constant number of queries."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from applications.models import Case
from expenses import services
from expenses.models import AccountantAssignment, AccountantProfile, Expense, ExpenseStatus
from expenses.permissions import assigned_cases_visible_to, expense_cases_visible_to, is_assigned_accountant
from portal.models import AuditEvent, Role, User
from tests.expenses.builders import VENDORS, machinery_contracted, record, row
from tests.factories import UserFactory
from tests.helpers import assert_constant_queries

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
_emails = iter(range(1, 10_000))


def accountant(office, firm_ubn=None) -> User:
    n = next(_emails)
    data = {"email": f"cpa{n}@firm.tw", "full_name": f"會計師 {n}", "firm_name": "正信聯合會計師事務所"}
    return services.accountant_register(actor=office, data={**data, "firm_ubn": firm_ubn or VENDORS[-1]})


ROLES = ("applicant", "counsellor", "reviewer", "officer", "unassigned", "assigned", "anonymous")
LOGIN = "login"


@pytest.fixture
def people():
    case = machinery_contracted()
    office = case.office
    assigned, unassigned = accountant(office), accountant(office)
    services.accountant_assign(actor=office, case=case, accountant_id=assigned.pk)
    upload = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")
    expense = services.expense_record(actor=case.counsellor, case=case, data=_row(), lang="zh-hant", upload=upload)
    users = {
        "applicant": case.applicant,
        "counsellor": case.counsellor,
        "reviewer": UserFactory(role=Role.REVIEWER),
        "officer": office,
        "unassigned": unassigned,
        "assigned": assigned,
        "anonymous": None,
    }
    return case, expense, users


def _row():
    return row()


def _status(client, path):
    response = client.get(path)
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    return response.status_code


def _client(user, api=False):
    client = APIClient() if api else Client()
    if user is not None:
        client.force_login(user)
    return client


#                 applicant counsellor reviewer officer unassigned assigned anonymous
SEES = (200, 200, 404, 200, 404, 200, LOGIN)
OFFICE = (404, 404, 404, 200, 404, 404, LOGIN)
ACCOUNTANT = (404, 404, 404, 404, 200, 200, LOGIN)
NOBODY_BUT_PARTIES = (200, 200, 404, 404, 404, 404, LOGIN)
CASE_PAGES = (200, 200, 404, 200, 404, 404, LOGIN)  # the case and its money: never to an accountant


@pytest.mark.parametrize("role", ROLES)
def test_pages_by_role(people, role):
    case, expense, users = people
    client, index = _client(users[role]), ROLES.index(role)
    base = f"/cases/{case.pk}/expenses/"
    for suffix in ("", "report/", "report.xlsx", "report.pdf", f"{expense.pk}/receipt/"):
        assert _status(client, base + suffix) == SEES[index], (suffix, role)
    assert _status(client, base + "import/") == NOBODY_BUT_PARTIES[index], role
    for path in (f"/cases/{case.pk}/", f"/cases/{case.pk}/ledger/", f"/cases/{case.pk}/instalments/"):
        assert _status(client, path) == CASE_PAGES[index], (path, role)
    assert _status(client, "/accountant/cases/") == ACCOUNTANT[index], role
    assert _status(client, "/office/accountants/") == OFFICE[index], role
    assert _status(client, "/office/expenses/") == OFFICE[index], role
    other = machinery_contracted()
    record(other)
    if role in ("unassigned", "assigned"):
        assert _status(client, f"/cases/{other.pk}/expenses/") == 404  # any other case


@pytest.mark.parametrize("role", ROLES)
def test_api_by_role(people, role):
    case, expense, users = people
    client, index = _client(users[role], api=True), ROLES.index(role)
    api = (200, 200, 404, 200, 404, 200, 401)
    for route in ("expenses/", "expenses/summary/"):
        assert client.get(f"/api/v1/cases/{case.pk}/{route}").status_code == api[index], (route, role)
    for route in ("", "ledger/", "instalments/"):
        status = client.get(f"/api/v1/cases/{case.pk}/{route}").status_code
        assert status == (200, 200, 404, 200, 404, 404, 401)[index], (route, role)
    mine = client.get("/api/v1/accountant/cases/")
    assert mine.status_code == (403, 403, 403, 403, 200, 200, 401)[index], role
    if role in ("unassigned", "assigned"):
        assert [c["id"] for c in mine.json()["results"]] == ([case.pk] if role == "assigned" else [])
    listed = client.get(f"/api/v1/cases/{case.pk}/expenses/accountants/").status_code
    assert listed == (403, 403, 404, 200, 404, 403, 401)[index], role
    assert client.get("/api/v1/accountants/").status_code == (403, 403, 403, 200, 403, 403, 401)[index], role
    verified = client.post(
        f"/api/v1/cases/{case.pk}/expenses/{expense.pk}/verify/", {"decision": "accept"}, format="json"
    ).status_code
    assert verified == (403, 403, 404, 200, 404, 200, 401)[index], role
    me = client.get("/api/v1/me/")
    if users[role] is not None:
        assert me.json()["role"] == users[role].role and "email" in me.json()


def test_the_assigned_accountant_verifies_like_the_officer_and_the_record_says_who(people):
    case, expense, users = people
    accountant_ = users["assigned"]
    second = record(case)
    client = _client(accountant_)
    ledger = client.get(f"/cases/{case.pk}/expenses/").content.decode()
    assert f'action="/cases/{case.pk}/expenses/{expense.pk}/verify/"' in ledger
    assert 'id="accountants"' not in ledger and f'href="/cases/{case.pk}/"' not in ledger  # nothing else of the case
    assert client.post(f"/cases/{case.pk}/expenses/{expense.pk}/verify/", {"decision": "accept"}).status_code == 302
    expense.refresh_from_db()
    assert (expense.status, expense.verified_by) == (ExpenseStatus.ACCEPTED, accountant_)
    refused = client.post(f"/cases/{case.pk}/expenses/{second.pk}/verify/", {"decision": "reject", "reason": ""})
    assert refused.status_code == 302 and Expense.objects.get(pk=second.pk).status == ExpenseStatus.PENDING
    client.post(f"/cases/{case.pk}/expenses/{second.pk}/verify/", {"decision": "reject", "reason": "品名不全"})
    second.refresh_from_db()
    assert (second.status, second.verified_by, second.reason) == (ExpenseStatus.REJECTED, accountant_, "品名不全")
    trail = AuditEvent.objects.filter(table_name="expenses_expense", object_id=str(second.pk)).order_by("-id").first()
    assert trail.actor_id == accountant_.pk
    assert (
        _client(users["unassigned"])
        .post(f"/cases/{case.pk}/expenses/{second.pk}/verify/", {"decision": "accept"})
        .status_code
        == 404
    )
    assert client.post(f"/cases/{case.pk}/expenses/", _row()).status_code == 404  # verifies, never records


def test_the_office_assigns_and_removes_on_the_ledger_page_and_a_conflict_is_refused(people):
    case, _expense, users = people
    office = _client(users["officer"])
    page = office.get(f"/cases/{case.pk}/expenses/").content.decode()
    assert 'id="accountants"' in page and users["assigned"].full_name in page
    conflicted = accountant(case.office, firm_ubn=case.company.ubn)
    unit_firm = accountant(case.office, firm_ubn=case.unit.ubn)
    for who in (conflicted, unit_firm):
        response = office.post(f"/cases/{case.pk}/expenses/accountants/", {"accountant": who.pk}, follow=True)
        assert response.status_code == 200
        text = response.content.decode()
        assert "本案之受輔導業者" in text or "本案之輔導單位" in text
        assert not AccountantAssignment.objects.filter(case=case, accountant=who).exists()
    newcomer = users["unassigned"]
    assert office.post(f"/cases/{case.pk}/expenses/accountants/", {"accountant": newcomer.pk}).status_code == 302
    assert AccountantAssignment.objects.filter(case=case, accountant=newcomer).exists()
    event = AuditEvent.objects.filter(table_name="expenses_accountantassignment").order_by("-id").first()
    assert event.actor_id == users["officer"].pk and event.context.get("action") == "accountant_assign"
    assert _status(_client(newcomer), f"/cases/{case.pk}/expenses/") == 200
    removed = office.post(f"/cases/{case.pk}/expenses/accountants/{newcomer.pk}/remove/")
    assert removed.status_code == 302
    assert _status(_client(newcomer), f"/cases/{case.pk}/expenses/") == 404
    assert office.post(f"/cases/{case.pk}/expenses/accountants/{newcomer.pk}/remove/").status_code == 404
    assert office.post(f"/cases/{case.pk}/expenses/accountants/", {"accountant": "x"}).status_code == 302
    party = _client(users["counsellor"])
    assert party.post(f"/cases/{case.pk}/expenses/accountants/", {"accountant": newcomer.pk}).status_code == 404
    assert (
        _client(users["assigned"])
        .post(f"/cases/{case.pk}/expenses/accountants/{users['assigned'].pk}/remove/")
        .status_code
        == 404
    )
    assert AccountantAssignment.objects.filter(case=case).count() == 1


def test_assignment_over_the_api(people):
    case, _expense, users = people
    api = _client(users["officer"], api=True)
    base = f"/api/v1/cases/{case.pk}/expenses/accountants/"
    listed = api.get(base).json()
    assert [r["accountant"]["id"] for r in listed["results"]] == [users["assigned"].pk]
    assert listed["results"][0]["accountant"]["firm_ubn"] == VENDORS[-1]
    assert api.post(base, {"accountant": users["assigned"].pk}, format="json").status_code == 409
    conflicted = accountant(case.office, firm_ubn=case.company.ubn)
    refused = api.post(base, {"accountant": conflicted.pk}, format="json")
    assert refused.status_code == 400 and refused.json()["errors"]["accountant"]
    for body in ({"accountant": "abc"}, {"accountant": users["reviewer"].pk}, {}, {"accountant": 1, "x": 1}):
        response = api.post(base, body, format="json")
        assert response.status_code == 400 and set(response.json()["errors"]) & {"accountant", "x"}, body
    created = api.post(base, {"accountant": users["unassigned"].pk}, format="json")
    assert created.status_code == 201 and created.json()["accountant"]["id"] == users["unassigned"].pk
    assert api.delete(f"{base}{users['unassigned'].pk}/").status_code == 204
    assert api.delete(f"{base}{users['unassigned'].pk}/").status_code == 404
    assert AccountantAssignment.objects.filter(case=case).count() == 1


def test_registering_accountants_on_the_page_and_in_the_api(people):
    case, _expense, users = people
    office = _client(users["officer"])
    good = {"full_name": "林會計師", "email": "lin@cpa.tw", "firm_name": "林聯合會計師事務所", "firm_ubn": VENDORS[3]}
    bad = office.post("/office/accountants/", {**good, "firm_ubn": "12345678"})
    assert bad.status_code == 400 and bad.context["form"].errors["firm_ubn"]
    assert not User.objects.filter(email="lin@cpa.tw").exists()
    assert office.post("/office/accountants/", good).status_code == 302
    user = User.objects.get(email="lin@cpa.tw")
    assert (user.role, user.affiliation, user.accountant_profile.firm_ubn) == (
        Role.ACCOUNTANT,
        good["firm_name"],
        VENDORS[3],
    )
    assert not user.has_usable_password()
    again = office.post("/office/accountants/", good)
    assert again.status_code == 400 and again.context["form"].errors["email"]
    api = _client(users["officer"], api=True)
    created = api.post("/api/v1/accountants/", {**good, "email": "wu@cpa.tw"}, format="json")
    assert created.status_code == 201 and created.json()["firm_ubn"] == VENDORS[3]
    refused = api.post("/api/v1/accountants/", {**good, "email": "chen@cpa.tw", "firm_ubn": "1234"}, format="json")
    assert refused.status_code == 400 and "firm_ubn" in refused.json()["errors"]
    assert _client(users["counsellor"], api=True).post("/api/v1/accountants/", good, format="json").status_code == 403
    assert User.objects.filter(role=Role.ACCOUNTANT).count() == 4  # the two of the fixture, and these two


def test_the_accountants_dashboard_navigation_and_list(people):
    case, _expense, users = people
    client = _client(users["assigned"])
    dashboard = client.get("/dashboard/").content.decode()
    assert "/accountant/cases/" in dashboard and "我的查核案件" in dashboard
    listing = client.get("/accountant/cases/")
    assert [c.pk for c in listing.context["page"].object_list] == [case.pk]
    assert case.reference in listing.content.decode()
    assert "/accountant/cases/" not in _client(users["officer"]).get("/dashboard/").content.decode()


def test_the_accountants_list_and_the_office_list_are_constant(people):
    case, _expense, users = people
    mine, office = _client(users["assigned"]), _client(users["officer"])
    cases = []

    def grow(size):
        while len(cases) < size:
            other = machinery_contracted()
            record(other)
            services.accountant_assign(actor=case.office, case=other, accountant_id=users["assigned"].pk)
            cases.append(other)

    assert_constant_queries(lambda: mine.get("/accountant/cases/"), grow, sizes=(2, 5))
    api = _client(users["assigned"], api=True)
    assert_constant_queries(lambda: api.get("/api/v1/accountant/cases/"), grow, sizes=(5, 7))
    made = []

    def more_accountants(size):
        while len(made) < size:
            made.append(accountant(case.office))

    assert_constant_queries(lambda: office.get("/office/accountants/"), more_accountants, sizes=(2, 6))


def test_the_predicates_and_the_querysets_agree(people):
    case, _expense, users = people
    other = machinery_contracted()
    services.accountant_assign(actor=case.office, case=other, accountant_id=users["unassigned"].pk)
    cases = list(Case.objects.filter(pk__in=[case.pk, other.pk]))
    people_ = [u for u in users.values() if u is not None] + [other.applicant, other.counsellor]
    for user in people_:
        visible = set(expense_cases_visible_to(user).filter(pk__in=[c.pk for c in cases]).values_list("pk", flat=True))
        assert visible == {c.pk for c in cases if user.has_perm("expenses.view_expenses", c)}, user.role
        assigned = set(assigned_cases_visible_to(user).values_list("pk", flat=True))
        assert assigned == {c.pk for c in cases if is_assigned_accountant(user, c)}, user.role
    assert set(assigned_cases_visible_to(users["assigned"]).values_list("pk", flat=True)) == {case.pk}
    inactive = users["assigned"]
    inactive.is_active = False
    inactive.save()
    assert not expense_cases_visible_to(inactive).exists() and not inactive.has_perm("expenses.view_expenses", case)
    assert AccountantProfile.objects.count() == 2


def test_every_link_of_the_accountants_navigation_and_dashboard_is_a_page_they_may_open(people):
    case, _expense, users = people
    client = _client(users["assigned"])
    links = set(re.findall(r'href="(/[^"#]*)"', client.get("/dashboard/").content.decode()))
    assert "/accountant/cases/" in links and f"/cases/{case.pk}/expenses/" in links
    assert "/office/expenses/" not in links and "/case-queue/" not in links
    for url in sorted(links):
        if url.startswith(("/static/", "/accounts/logout/")):
            continue
        response = client.get(url)
        assert response.status_code in (200, 302), (url, response.status_code)


def test_the_admin_site_lists_expenses_and_accountants_and_changes_nothing(people, admin_user):
    """Read-only there: an expense and an assignment change only through the services, with their checks."""
    case, expense, users = people
    client = _client(admin_user)
    for path, shown in (
        ("/admin/expenses/expense/", case.reference),
        ("/admin/expenses/accountantprofile/", users["assigned"].email),
        ("/admin/expenses/accountantassignment/", users["assigned"].full_name),
        (f"/admin/expenses/expense/{expense.pk}/change/", expense.receipt_no),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert shown in response.content.decode(), path
    for path in ("/admin/expenses/expense/add/", "/admin/expenses/accountantassignment/add/"):
        assert client.get(path).status_code == 403, path
    before = AccountantAssignment.objects.count()
    assignment = AccountantAssignment.objects.get(accountant=users["assigned"])
    client.post(f"/admin/expenses/accountantassignment/{assignment.pk}/delete/", {"post": "yes"})
    assert AccountantAssignment.objects.count() == before
