"""No input makes a page or endpoint of the foundation answer 500, and junk stores nothing."""

import json

import pytest

from portal.models import AuditEvent

pytestmark = pytest.mark.django_db

JUNK = ["\x00", "x" * 10_000, "-1", "1e309", "NaN", "<script>alert(1)</script>", "２２０９９１３１", "", "[]", "{}"]

FORM_FIELDS = {
    "/accounts/login/": ["username", "password"],
    "/accounts/signup/": ["ubn", "company_name", "full_name", "email", "phone", "password1", "password2"],
    "/accounts/password-reset/": ["email"],
}


@pytest.mark.parametrize("url", list(FORM_FIELDS))
@pytest.mark.parametrize("junk", JUNK)
def test_public_forms_survive_junk(client, url, junk):
    before = AuditEvent.objects.count()
    response = client.post(url, dict.fromkeys(FORM_FIELDS[url], junk))
    assert response.status_code in (200, 302, 429)
    assert AuditEvent.objects.count() == before  # nothing stored


@pytest.mark.parametrize("junk", JUNK)
def test_company_edit_survives_junk(client, applicant, junk):
    client.force_login(applicant)
    fields = [
        "name",
        "registration",
        "factory_registered",
        "factory_registration_no",
        "industry_codes",
        "business_items",
        "employees",
        "paid_in_capital",
        "net_worth",
        "address",
        "contacts-TOTAL_FORMS",
        "contacts-INITIAL_FORMS",
        "contacts-0-name",
        "contacts-0-email",
    ]
    before = AuditEvent.objects.count()
    response = client.post(f"/companies/{applicant.company_id}/edit/", dict.fromkeys(fields, junk))
    assert response.status_code == 200
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("junk", JUNK)
def test_unit_edit_survives_junk(client, admin_user, junk):
    from tests.factories import CounsellingUnitFactory

    unit = CounsellingUnitFactory()
    client.force_login(admin_user)
    fields = [
        "kind",
        "ubn",
        "name",
        "registration",
        "industry_codes",
        "net_worth",
        "qualifications-TOTAL_FORMS",
        "qualifications-INITIAL_FORMS",
        "qualifications-0-category",
        "qualifications-0-expires_on",
    ]
    before = AuditEvent.objects.count()
    response = client.post(f"/units/{unit.pk}/edit/", dict.fromkeys(fields, junk))
    assert response.status_code == 200
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("junk", [None, True, 1.5, -1, "\x00", "x" * 10_000, [], {}, [{"a": 1}], {"a": {"b": []}}])
def test_company_api_survives_junk_in_every_field(api_client, admin_user, junk):
    api_client.force_authenticate(admin_user)
    fields = [
        "ubn",
        "name",
        "registration",
        "factory_registered",
        "factory_registration_no",
        "industry_codes",
        "business_items",
        "employees",
        "paid_in_capital",
        "net_worth",
        "contacts",
        "site_in_roc",
    ]
    before = AuditEvent.objects.count()
    response = api_client.post(
        "/api/v1/companies/", json.dumps(dict.fromkeys(fields, junk)), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]
    assert AuditEvent.objects.count() == before


def test_password_change_bad_input(client, applicant):
    client.force_login(applicant)
    response = client.post(
        "/accounts/password-change/",
        {"old_password": "wrong", "new_password1": "short", "new_password2": "other"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
