"""Server-rendered pages: access per role, forms with bad input, constant queries on lists."""

import pytest

from portal.models import AuditEvent, Company, CounsellingUnit
from tests.factories import CompanyFactory, CounsellingUnitFactory, QualificationFactory
from tests.helpers import assert_constant_queries

pytestmark = pytest.mark.django_db

ROLES = ["applicant", "counsellor", "reviewer", "officer", "admin_user"]


def company_form_data(company, **changes):
    data = {
        "name": company.name,
        "registration": company.registration,
        "factory_registered": "on",
        "factory_registration_no": company.factory_registration_no or "99612345",
        "industry_codes": ", ".join(company.industry_codes),
        "business_items": ", ".join(company.business_items),
        "employees": str(company.employees),
        "paid_in_capital": str(company.paid_in_capital),
        "net_worth": str(company.net_worth),
        "address": company.address,
        "site_in_roc": "on",
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_home_is_public_and_chinese_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-Hant">' in html
    assert "計畫" in html


def test_home_in_english_after_switching_language(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert '<html lang="en">' in response.content.decode()
    assert "Programmes" in response.content.decode()


def test_dashboard_requires_login(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("role", ROLES)
def test_each_role_has_a_dashboard(client, request, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    response = client.get("/dashboard/")
    assert response.status_code == 200
    assert user.full_name in response.content.decode()


@pytest.mark.parametrize(
    ("role", "url", "status"),
    [
        ("applicant", "/companies/", 403),
        ("counsellor", "/companies/", 403),
        ("reviewer", "/companies/", 403),
        ("officer", "/companies/", 200),
        ("admin_user", "/companies/", 200),
        ("applicant", "/audit/", 403),
        ("officer", "/audit/", 200),
        ("admin_user", "/audit/", 200),
        ("reviewer", "/units/", 200),
        ("applicant", "/company/", 302),
        ("officer", "/company/", 403),
    ],
)
def test_page_access_by_role(client, request, role, url, status):
    client.force_login(request.getfixturevalue(role))
    assert client.get(url).status_code == status


def test_applicant_reads_its_company_not_others(client, applicant):
    other = CompanyFactory()
    client.force_login(applicant)
    assert client.get(f"/companies/{applicant.company_id}/").status_code == 200
    assert client.get(f"/companies/{other.pk}/").status_code == 404
    assert client.get(f"/companies/{other.pk}/edit/").status_code == 403


def test_officer_reads_but_does_not_edit_companies(client, officer):
    company = CompanyFactory()
    client.force_login(officer)
    assert client.get(f"/companies/{company.pk}/").status_code == 200
    assert client.get(f"/companies/{company.pk}/edit/").status_code == 403


def test_applicant_edits_its_company(client, applicant):
    company = applicant.company
    client.force_login(applicant)
    data = company_form_data(
        company,
        name="更新後股份有限公司",
        industry_codes="2912、2919",
        **{"contacts-TOTAL_FORMS": "1", "contacts-0-name": "林小姐", "contacts-0-is_primary": "on"},
    )
    response = client.post(f"/companies/{company.pk}/edit/", data)
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.name == "更新後股份有限公司"
    assert company.industry_codes == ["2912", "2919"]
    assert company.contacts.get().name == "林小姐"


def test_applicant_cannot_change_the_ubn(client, applicant):
    company = applicant.company
    client.force_login(applicant)
    client.post(f"/companies/{company.pk}/edit/", company_form_data(company, ubn="22099131"))
    company.refresh_from_db()
    assert company.ubn != "22099131"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "name"),
        ({"industry_codes": "29a, 2912"}, "industry_codes"),
        ({"business_items": "cb"}, "business_items"),
        ({"employees": "-3"}, "employees"),
        ({"employees": "abc"}, "employees"),
        ({"paid_in_capital": "1e9"}, "paid_in_capital"),
        ({"factory_registration_no": ""}, "factory_registration_no"),
        ({"factory_registration_no": "12"}, "factory_registration_no"),
        ({"registration": "nonsense"}, "registration"),
    ],
)
def test_company_form_bad_input_shows_errors_and_stores_nothing(client, applicant, changes, field):
    company = applicant.company
    before = (company.name, company.employees, company.industry_codes, company.updated_at)
    client.force_login(applicant)
    response = client.post(f"/companies/{company.pk}/edit/", company_form_data(company, **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "errorlist" in response.content.decode()
    company.refresh_from_db()
    assert (company.name, company.employees, company.industry_codes, company.updated_at) == before


def test_two_primary_contacts_is_a_form_error(client, applicant):
    company = applicant.company
    client.force_login(applicant)
    data = company_form_data(
        company,
        **{
            "contacts-TOTAL_FORMS": "2",
            "contacts-0-name": "甲",
            "contacts-0-is_primary": "on",
            "contacts-1-name": "乙",
            "contacts-1-is_primary": "on",
        },
    )
    response = client.post(f"/companies/{company.pk}/edit/", data)
    assert response.status_code == 200
    assert response.context["formset"].non_form_errors()
    assert company.contacts.count() == 0


def test_tampered_formset_management_data_is_not_a_500(client, applicant):
    company = applicant.company
    client.force_login(applicant)
    response = client.post(
        f"/companies/{company.pk}/edit/", company_form_data(company, **{"contacts-TOTAL_FORMS": "x"})
    )
    assert response.status_code == 200


def test_counsellor_edits_unit_but_qualifications_stay(client, counsellor):
    unit = counsellor.counselling_unit
    QualificationFactory(unit=unit, category="SI")
    client.force_login(counsellor)
    data = {
        "name": "新名稱",
        "registration": "company",
        "industry_codes": "",
        "net_worth": "10",
        "address": "臺北市",
        "qualifications-TOTAL_FORMS": "0",
        "qualifications-INITIAL_FORMS": "0",
    }
    response = client.post(f"/units/{unit.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    unit.refresh_from_db()
    assert unit.name == "新名稱"
    assert unit.qualifications.count() == 1


def test_admin_edits_unit_qualifications(client, admin_user):
    unit = CounsellingUnitFactory()
    client.force_login(admin_user)
    data = {
        "kind": "university",
        "ubn": unit.ubn,
        "name": unit.name,
        "registration": "none",
        "industry_codes": "",
        "net_worth": "0",
        "moe_accredited": "on",
        "qualifications-TOTAL_FORMS": "2",
        "qualifications-INITIAL_FORMS": "0",
        "qualifications-0-category": "SD",
        "qualifications-0-expires_on": "2028-03-31",
        "qualifications-1-category": "AU",
        "qualifications-1-expires_on": "2027-01-31",
    }
    response = client.post(f"/units/{unit.pk}/edit/", data)
    assert response.status_code == 302
    assert sorted(unit.qualifications.values_list("category", flat=True)) == ["AU", "SD"]


def test_admin_duplicate_qualification_is_a_form_error(client, admin_user):
    unit = CounsellingUnitFactory()
    client.force_login(admin_user)
    data = {
        "kind": "company",
        "ubn": unit.ubn,
        "name": unit.name,
        "registration": "company",
        "industry_codes": "",
        "net_worth": "0",
        "qualifications-TOTAL_FORMS": "2",
        "qualifications-INITIAL_FORMS": "0",
        "qualifications-0-category": "SD",
        "qualifications-0-expires_on": "2028-03-31",
        "qualifications-1-category": "SD",
        "qualifications-1-expires_on": "2027-01-31",
    }
    response = client.post(f"/units/{unit.pk}/edit/", data)
    assert response.status_code == 200
    assert unit.qualifications.count() == 0


def test_unknown_pages_use_the_house_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "404" in response.content.decode()


def test_search_with_odd_input_is_not_a_500(client, officer):
    client.force_login(officer)
    for query in ["%", "'; drop table", "\x00", "a" * 5000]:
        assert client.get("/companies/", {"q": query}).status_code == 200
    assert client.get("/companies/", {"page": "abc"}).status_code == 200
    assert client.get("/units/", {"category": "NOPE"}).status_code == 200


# --- query counts on lists --------------------------------------------------------------------


def test_company_list_page_queries_do_not_grow(client, officer):
    client.force_login(officer)

    def grow(n):
        while Company.objects.count() < n:
            CompanyFactory()

    assert_constant_queries(lambda: client.get("/companies/"), grow)


def test_unit_list_page_queries_do_not_grow(client, officer):
    client.force_login(officer)

    def grow(n):
        while CounsellingUnit.objects.count() < n:
            QualificationFactory(unit=CounsellingUnitFactory())

    assert_constant_queries(lambda: client.get("/units/"), grow)


def test_audit_list_page_queries_do_not_grow(client, admin_user):
    client.force_login(admin_user)

    def grow(n):
        while AuditEvent.objects.count() < n:
            CompanyFactory()

    assert_constant_queries(lambda: client.get("/audit/"), grow)


@pytest.mark.parametrize("role", ["officer", "admin_user", "counsellor", "applicant"])
def test_dashboard_queries_do_not_grow(client, request, role):
    client.force_login(request.getfixturevalue(role))

    def grow(n):
        while Company.objects.count() < n:
            CompanyFactory()

    assert_constant_queries(lambda: client.get("/dashboard/"), grow)


def test_admin_site_user_form_refuses_a_role_without_its_organisation(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/admin/portal/user/add/",
        {
            "email": "new@example.com",
            "full_name": "新人",
            "role": "applicant",
            "password1": "Some-pass-2026!",
            "password2": "Some-pass-2026!",
        },
    )
    assert response.status_code == 200
    assert "所屬單位須與角色相符" in response.content.decode()
    from portal.models import User

    assert not User.objects.filter(email="new@example.com").exists()


@pytest.mark.parametrize("url", ["/admin/", "/admin/portal/company/", "/admin/portal/auditevent/"])
def test_admin_site_for_the_admin_role_and_not_for_officers(client, admin_user, officer, url):
    client.force_login(admin_user)
    assert client.get(url).status_code == 200
    client.force_login(officer)
    assert client.get(url).status_code == 302  # not staff: sent to the admin login
