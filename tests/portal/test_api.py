"""Companies, counselling units, me and tokens over the API: permissions, bad input, query counts."""

import json

import pytest
from rest_framework.authtoken.models import Token

from portal.models import AuditEvent, Company, CounsellingUnit
from tests.factories import CompanyContactFactory, CompanyFactory, CounsellingUnitFactory, QualificationFactory
from tests.helpers import assert_constant_queries

pytestmark = pytest.mark.django_db

VALID_COMPANY = {
    "ubn": "22099131", "name": "鴻昇金屬工業股份有限公司", "registration": "company", "factory_registered": True,
    "factory_registration_no": "99612345", "industry_codes": ["2912"], "business_items": ["CB01"],
    "employees": 48, "paid_in_capital": 30000000, "net_worth": 12000000,
    "contacts": [{"name": "林小姐", "email": "lin@example.com", "is_primary": True}],
}  # fmt: skip


def post_json(client, url, data, **extra):
    return client.post(url, json.dumps(data), content_type="application/json", **extra)


# --- permissions by role -----------------------------------------------------------------------


def test_anonymous_gets_401_with_error_body(api_client):
    response = api_client.get("/api/v1/companies/")
    assert response.status_code == 401
    assert list(response.json()) == ["errors"]
    assert "detail" in response.json()["errors"]


def test_applicant_lists_only_its_company(api_client, applicant):
    CompanyFactory.create_batch(3)
    api_client.force_authenticate(applicant)
    body = api_client.get("/api/v1/companies/").json()
    assert body["count"] == 1
    assert body["results"][0]["id"] == applicant.company_id


def test_applicant_cannot_read_or_change_another_company(api_client, applicant):
    other = CompanyFactory()
    api_client.force_authenticate(applicant)
    assert api_client.get(f"/api/v1/companies/{other.pk}/").status_code == 404
    response = api_client.patch(f"/api/v1/companies/{other.pk}/", {"name": "x"}, format="json")
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.name != "x"


def test_applicant_updates_its_company_and_contacts(api_client, applicant):
    api_client.force_authenticate(applicant)
    url = f"/api/v1/companies/{applicant.company_id}/"
    response = api_client.patch(
        url, {"employees": 55, "contacts": [{"name": "王先生", "phone": "02-1234", "is_primary": True}]}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["employees"] == 55
    assert [c["name"] for c in response.json()["contacts"]] == ["王先生"]


def test_applicant_cannot_create_companies(api_client, applicant):
    api_client.force_authenticate(applicant)
    response = post_json(api_client, "/api/v1/companies/", VALID_COMPANY)
    assert response.status_code == 403
    assert not Company.objects.filter(ubn=VALID_COMPANY["ubn"]).exists()


@pytest.mark.parametrize("role_fixture", ["counsellor", "reviewer"])
def test_counsellor_and_reviewer_see_no_companies(api_client, request, role_fixture):
    CompanyFactory.create_batch(2)
    api_client.force_authenticate(request.getfixturevalue(role_fixture))
    assert api_client.get("/api/v1/companies/").json()["count"] == 0


def test_officer_lists_all_but_cannot_change(api_client, officer):
    company = CompanyFactory()
    api_client.force_authenticate(officer)
    assert api_client.get("/api/v1/companies/").json()["count"] == Company.objects.count()
    response = api_client.patch(f"/api/v1/companies/{company.pk}/", {"name": "x"}, format="json")
    assert response.status_code == 403


def test_admin_creates_a_company(api_client, admin_user):
    api_client.force_authenticate(admin_user)
    response = post_json(api_client, "/api/v1/companies/", VALID_COMPANY)
    assert response.status_code == 201, response.json()
    company = Company.objects.get(ubn="22099131")
    assert company.contacts.get().is_primary
    assert AuditEvent.objects.filter(table_name="portal_company", object_id=str(company.pk), actor=admin_user).exists()


def test_counsellor_edits_its_unit_but_not_its_qualifications(api_client, counsellor):
    unit = counsellor.counselling_unit
    QualificationFactory(unit=unit, category="SI")
    api_client.force_authenticate(counsellor)
    response = api_client.patch(f"/api/v1/counselling-units/{unit.pk}/", {"address": "臺北市"}, format="json")
    assert response.status_code == 200
    other = CounsellingUnitFactory()
    response = api_client.patch(f"/api/v1/counselling-units/{other.pk}/", {"address": "x"}, format="json")
    assert response.status_code == 403


def test_unit_directory_filters_by_category(api_client, reviewer):
    QualificationFactory(category="SI")
    QualificationFactory(category="AU")
    api_client.force_authenticate(reviewer)
    body = api_client.get("/api/v1/counselling-units/?category=AU").json()
    assert body["count"] == 1
    assert body["results"][0]["qualifications"][0]["category"] == "AU"


def test_me(api_client, counsellor):
    api_client.force_authenticate(counsellor)
    body = api_client.get("/api/v1/me/").json()
    assert body["role"] == "counsellor"
    assert body["counselling_unit"] == counsellor.counselling_unit_id


# --- bad input: 400 with field messages, nothing stored ----------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ubn": "22099130"}, "ubn"),
        ({"ubn": "00000000"}, "ubn"),
        ({"ubn": "2209913"}, "ubn"),
        ({"ubn": 22099131}, "ubn"),  # a number where the schema says a string is refused (issue 15, point 11)
        ({"name": 0}, "name"),
        ({"employees": "12"}, "employees"),
        ({"bank_refused": "yes"}, "bank_refused"),
        ({"nickname": "x"}, "nickname"),  # an unknown key
        ({"name": ""}, "name"),
        ({"employees": -1}, "employees"),
        ({"employees": "many"}, "employees"),
        ({"paid_in_capital": 1.5}, "paid_in_capital"),
        ({"registration": "other"}, "registration"),
        ({"industry_codes": ["29a"]}, "industry_codes"),
        ({"industry_codes": "2912"}, "industry_codes"),
        ({"business_items": ["cb01"]}, "business_items"),
        ({"factory_registration_no": ""}, "factory_registration_no"),
        ({"contacts": [{"name": "a", "email": "not-an-email"}]}, "contacts.0.email"),
        ({"contacts": [{"name": "a", "is_primary": True}, {"name": "b", "is_primary": True}]}, "contacts"),
        ({"factory_registered": "perhaps"}, "factory_registered"),
    ],
)
def test_company_bad_input_is_a_400_and_stores_nothing(api_client, admin_user, change, field):
    api_client.force_authenticate(admin_user)
    before = Company.objects.count()
    response = post_json(api_client, "/api/v1/companies/", {**VALID_COMPANY, **change})
    assert response.status_code == 400, response.json()
    errors = response.json()["errors"]
    assert field in errors, errors
    assert all(isinstance(m, str) and m for m in errors[field])
    assert Company.objects.count() == before


def test_duplicate_ubn_is_a_400_in_chinese_by_default(api_client, admin_user):
    CompanyFactory(ubn="22099131")
    api_client.force_authenticate(admin_user)
    response = post_json(api_client, "/api/v1/companies/", VALID_COMPANY)
    assert response.status_code == 400
    assert "統一編號" in response.json()["errors"]["ubn"][0]


def test_error_messages_in_english_on_request(api_client, admin_user):
    api_client.force_authenticate(admin_user)
    response = post_json(
        api_client, "/api/v1/companies/", {**VALID_COMPANY, "ubn": "22099130"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "checksum" in response.json()["errors"]["ubn"][0]


def test_malformed_json_is_a_400(api_client, admin_user):
    api_client.force_authenticate(admin_user)
    response = api_client.post("/api/v1/companies/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "errors" in response.json()


def test_non_object_json_is_a_400(api_client, admin_user):
    api_client.force_authenticate(admin_user)
    response = api_client.post("/api/v1/companies/", "[1, 2]", content_type="application/json")
    assert response.status_code == 400
    assert "errors" in response.json()


def test_over_large_body_is_a_400(api_client, admin_user, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    api_client.force_authenticate(admin_user)
    response = post_json(api_client, "/api/v1/companies/", {**VALID_COMPANY, "address": "x" * 5000})
    assert response.status_code == 400
    assert response.json()["errors"]["detail"]
    assert not Company.objects.filter(ubn=VALID_COMPANY["ubn"]).exists()


def test_unsupported_media_type_is_an_error_body(api_client, admin_user):
    api_client.force_authenticate(admin_user)
    response = api_client.post("/api/v1/companies/", "ubn=1", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert "errors" in response.json()


def test_bad_page_is_a_404_error_body(api_client, officer):
    api_client.force_authenticate(officer)
    response = api_client.get("/api/v1/companies/?page=999")
    assert response.status_code == 404
    assert "errors" in response.json()


def test_unit_duplicate_qualification_category_is_a_400(api_client, admin_user):
    api_client.force_authenticate(admin_user)
    unit = CounsellingUnitFactory()
    response = api_client.patch(
        f"/api/v1/counselling-units/{unit.pk}/",
        {
            "qualifications": [
                {"category": "SI", "expires_on": "2030-01-01"},
                {"category": "SI", "expires_on": "2031-01-01"},
            ]
        },
        format="json",
    )
    assert response.status_code == 400
    assert "qualifications" in response.json()["errors"]
    assert unit.qualifications.count() == 0


def test_unit_bad_date_is_a_400(api_client, admin_user):
    api_client.force_authenticate(admin_user)
    unit = CounsellingUnitFactory()
    response = api_client.patch(
        f"/api/v1/counselling-units/{unit.pk}/",
        {"qualifications": [{"category": "SI", "expires_on": "2030-02-30"}]},
        format="json",
    )
    assert response.status_code == 400
    assert "qualifications.0.expires_on" in response.json()["errors"]


# --- tokens and lockout ---------------------------------------------------------------------------


def test_token_for_good_credentials_then_token_auth_works(api_client, applicant, password):
    response = post_json(api_client, "/api/v1/auth/token/", {"email": applicant.email, "password": password})
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(key=token).user == applicant
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.get("/api/v1/me/").json()["email"] == applicant.email


def test_token_requests_with_changes_are_attributed_to_the_token_user(api_client, applicant, password):
    token = post_json(api_client, "/api/v1/auth/token/", {"email": applicant.email, "password": password}).json()[
        "token"
    ]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    api_client.patch(f"/api/v1/companies/{applicant.company_id}/", {"employees": 77}, format="json")
    event = AuditEvent.objects.filter(table_name="portal_company", object_id=str(applicant.company_id)).latest("id")
    assert event.changes["employees"][1] == 77
    assert event.actor_id == applicant.pk


def test_token_bad_credentials_then_lockout(api_client, applicant, password, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = post_json(api_client, "/api/v1/auth/token/", {"email": applicant.email, "password": "wrong-one"})
        assert response.status_code in (400, 403)
    response = post_json(api_client, "/api/v1/auth/token/", {"email": applicant.email, "password": password})
    assert response.status_code == 403
    assert response.json()["errors"]["detail"]


@pytest.mark.parametrize("body", [{}, {"email": "x"}, {"email": "a@b.c"}, {"password": "x"}, []])
def test_token_bad_input_is_a_400(api_client, body):
    response = post_json(api_client, "/api/v1/auth/token/", body)
    assert response.status_code == 400
    assert response.json()["errors"]


# --- schema ---------------------------------------------------------------------------------------


def test_openapi_schema_and_docs(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = json.loads(schema.content)["paths"]
    assert "/api/v1/companies/" in paths
    assert "/api/v1/auth/token/" in paths
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()


# --- query counts ----------------------------------------------------------------------------------


def test_company_list_queries_do_not_grow(api_client, officer):
    api_client.force_authenticate(officer)

    def grow(n):
        while Company.objects.count() < n:
            CompanyContactFactory(company=CompanyFactory())

    assert_constant_queries(lambda: api_client.get("/api/v1/companies/"), grow)


def test_unit_list_queries_do_not_grow(api_client, officer):
    api_client.force_authenticate(officer)

    def grow(n):
        while CounsellingUnit.objects.count() < n:
            QualificationFactory(unit=CounsellingUnitFactory())

    assert_constant_queries(lambda: api_client.get("/api/v1/counselling-units/"), grow)
