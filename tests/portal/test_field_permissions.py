"""Field-level permissions (issue 15): who may write each writable field of every API serializer, walked role by
role against the rules of portal/permissions.py. A counsellor used to replace its unit's office-verified
qualifications (deleting the real ones) and change its UBN; an applicant its company's UBN. The pages and the
admin ask the same rules: reserved fields are disabled there, read-only here."""

import json

import pytest
from django.contrib.admin.sites import site as admin_site
from django.db import transaction
from django.test import RequestFactory

from applications.api.serializers import CaseWriteSerializer
from applications.models import Case
from portal.api.serializers import CompanySerializer, CounsellingUnitSerializer
from portal.forms import CompanyForm, CounsellingUnitForm
from portal.models import Company, CounsellingUnit, QualificationRegistration, Role
from portal.permissions import field_writable, fields_reserved
from tests.applications.builders import MACHINERY_LINES, machinery_case
from tests.factories import CompanyFactory, CounsellingUnitFactory, QualificationFactory, UserFactory, valid_ubn

pytestmark = pytest.mark.django_db
ROLES = [Role.APPLICANT, Role.COUNSELLOR, Role.REVIEWER, Role.OFFICER, Role.ADMIN]

# A change to each writable field: a body for PATCH and how to read the field back.
COMPANY_CHANGES = {
    "ubn": {"ubn": valid_ubn(777001)},
    "name": {"name": "新名稱股份有限公司"},
    "registration": {"registration": "business"},
    "factory_registered": {"factory_registered": True, "factory_registration_no": "99612345"},
    "factory_registration_no": {"factory_registered": True, "factory_registration_no": "99600001"},
    "industry_codes": {"industry_codes": ["2591"]},
    "business_items": {"business_items": ["CB01010"]},
    "employees": {"employees": 51},
    "paid_in_capital": {"paid_in_capital": 12_000_001},
    "net_worth": {"net_worth": -5},
    "prc_capital": {"prc_capital": True},
    "bank_refused": {"bank_refused": True},
    "tax_arrears_3y": {"tax_arrears_3y": True},
    "pcc_refused": {"pcc_refused": True},
    "serious_violation_3y": {"serious_violation_3y": True},
    "site_in_roc": {"site_in_roc": False},
    "address": {"address": "臺中市西屯區工業區一路 1 號"},
    "contacts": {
        "contacts": [{"name": "陳小姐", "title": "", "phone": "", "email": "c@example.tw", "is_primary": True}]
    },
}
UNIT_CHANGES = {
    "kind": {"kind": "university"},
    "ubn": {"ubn": valid_ubn(777002)},
    "name": {"name": "新輔導單位"},
    "registration": {"registration": "business"},
    "factory_registered": {"factory_registered": True, "factory_registration_no": "99612345"},
    "factory_registration_no": {"factory_registered": True, "factory_registration_no": "99600001"},
    "industry_codes": {"industry_codes": ["2591"]},
    "net_worth": {"net_worth": 1},
    "moe_accredited": {"moe_accredited": True},
    "prc_capital": {"prc_capital": True},
    "bank_refused": {"bank_refused": True},
    "tax_arrears_3y": {"tax_arrears_3y": True},
    "pcc_refused": {"pcc_refused": True},
    "address": {"address": "新竹市東區光復路 2 號"},
    "qualifications": {"qualifications": [{"category": "IT", "registration_no": "SELF-1", "expires_on": "2030-12-31"}]},
}
CASE_CHANGES = {
    "title": {"title": "新的計畫名稱"},
    "period": {"period": {"start": "2025-03-01", "end": "2025-09-30"}},
    "budget": {"budget": {"lines": [{**MACHINERY_LINES[0], "self": 600001}, *MACHINERY_LINES[1:]]}},
    "facts": {"facts": {"site_visits": 3}},
    "needs": {"needs": "新的需求說明"},
    "solution": {"solution": "新的解決方案"},
    "kpis": {"kpis": [{"name": "良率", "unit": "%", "before": "90", "after": "95"}]},
    "checkpoints": {"checkpoints": [{"date": "2025-06-30", "item": "完成", "percent": "100"}]},
    "declarations": {"declarations": {"truthful": False}},
    "staff": {"staff": [{"name": "王大明", "email": "pi@unit.example.tw", "role": "pi", "person_months": "5"}]},
}
CASE_FIXED = {"edition": {"edition": "machinery-2025"}, "company": {"company": 0}}  # set at creation only


def writable_fields(serializer_class) -> set[str]:
    return {name for name, field in serializer_class().fields.items() if not field.read_only}


def test_the_walk_covers_every_writable_field_of_every_serializer():
    assert writable_fields(CompanySerializer) == set(COMPANY_CHANGES)
    assert writable_fields(CounsellingUnitSerializer) == set(UNIT_CHANGES)
    assert writable_fields(CaseWriteSerializer) == {*CASE_CHANGES, "unit", *CASE_FIXED}


def patch(api_client, user, url: str, body: dict):
    api_client.force_authenticate(user)
    return api_client.patch(url, json.dumps(body), content_type="application/json")


def expected_status(user, obj, field: str, app: str) -> int:
    model = type(obj)._meta.model_name
    if not user.has_perm(f"{app}.view_{model}", obj):
        return 404
    if not user.has_perm(f"{app}.change_{model}", obj) or not field_writable(user, obj, field):
        return 403
    return 200


def walk(api_client, obj, people, changes: dict, url: str, app: str, read) -> list[str]:
    """PATCH every change as every person, each on the object as it was (rolled back after); compare with the
    rules; return the mismatches."""
    wrong = []
    model = type(obj)._meta.model_name
    for who, user in people.items():
        for field, body in changes.items():
            with transaction.atomic():
                before = read(obj)
                response = patch(api_client, user, url, body)
                want = expected_status(user, obj, field, app)
                changed = read(obj) != before
                transaction.set_rollback(True)
            if response.status_code != want:
                wrong.append(f"{who} {field}: {response.status_code} (rules say {want}) {response.content[:200]}")
            elif changed != (want == 200):
                wrong.append(f"{who} {field}: {response.status_code} but {'changed' if changed else 'unchanged'}")
            elif want == 403 and user.has_perm(f"{app}.change_{model}", obj) and field not in response.json()["errors"]:
                wrong.append(f"{who} {field}: refused without naming the reserved field")
    return wrong


def people_around(*, company=None, unit=None) -> dict:
    people = {role.value: UserFactory(role=role) for role in ROLES}
    if company is not None:
        people["applicant of the company"] = UserFactory(role=Role.APPLICANT, company=company)
    if unit is not None:
        people["counsellor of the unit"] = UserFactory(role=Role.COUNSELLOR, counselling_unit=unit)
    return people


def company_state(company: Company) -> dict:
    fresh = Company.objects.get(pk=company.pk)
    return {
        **{f.name: getattr(fresh, f.name) for f in Company._meta.concrete_fields if f.name != "updated_at"},
        "contacts": list(fresh.contacts.values_list("name", "email")),
    }


def unit_state(unit: CounsellingUnit) -> dict:
    fresh = CounsellingUnit.objects.get(pk=unit.pk)
    return {
        **{f.name: getattr(fresh, f.name) for f in CounsellingUnit._meta.concrete_fields if f.name != "updated_at"},
        "qualifications": list(fresh.qualifications.values_list("category", "registration_no", "expires_on")),
    }


def case_state(case: Case) -> dict:
    fresh = Case.objects.get(pk=case.pk)
    return {
        **{
            f.name: getattr(fresh, f.name)
            for f in Case._meta.concrete_fields
            if f.name not in ("updated_at", "version", "check_result")
        },
        "staff": list(fresh.staff.values_list("name", "person_months")),
    }


def test_every_company_field_per_role(api_client):
    company = CompanyFactory()
    people = people_around(company=company)
    wrong = walk(
        api_client, company, people, COMPANY_CHANGES, f"/api/v1/companies/{company.pk}/", "portal", company_state
    )
    assert not wrong, "\n".join(wrong)


def test_every_unit_field_per_role(api_client):
    unit = CounsellingUnitFactory()
    QualificationFactory(unit=unit, category="AU", registration_no="AU-112-0031")
    people = people_around(unit=unit)
    wrong = walk(api_client, unit, people, UNIT_CHANGES, f"/api/v1/counselling-units/{unit.pk}/", "portal", unit_state)
    assert not wrong, "\n".join(wrong)


def test_every_case_field_per_role(api_client):
    case = machinery_case(consent=False, documents=False)
    people = {**people_around(), "applicant of the company": case.applicant, "counsellor of the unit": case.counsellor}
    changes = {**CASE_CHANGES, "unit": {"unit": case.unit_id}}
    wrong = walk(api_client, case, people, changes, f"/api/v1/cases/{case.pk}/", "applications", case_state)
    # the unit is written as it is (the drafting unit stays on its plan: a rule of cases, not of permissions)
    wrong = [w for w in wrong if not w.endswith("unit: 200 but unchanged")]
    assert not wrong, "\n".join(wrong)
    for field, body in CASE_FIXED.items():  # fixed at creation: refused to everyone who may see the case
        for who, user in people.items():
            response = patch(api_client, user, f"/api/v1/cases/{case.pk}/", body)
            can_see = user.has_perm("applications.view_case", case)
            can_change = user.has_perm("applications.change_case", case)
            assert response.status_code == (400 if can_change else 403 if can_see else 404), (who, field)


def test_the_counsellor_cannot_replace_the_verified_qualifications_nor_the_ubn(api_client):
    """The probe's case, with its real registrations kept."""
    unit = CounsellingUnitFactory()
    QualificationFactory(unit=unit, category="AU", registration_no="AU-112-0031")
    counsellor = UserFactory(role=Role.COUNSELLOR, counselling_unit=unit)
    response = patch(api_client, counsellor, f"/api/v1/counselling-units/{unit.pk}/", UNIT_CHANGES["qualifications"])
    assert response.status_code == 403
    assert list(response.json()["errors"]) == ["qualifications"]
    assert list(QualificationRegistration.objects.filter(unit=unit).values_list("registration_no", flat=True)) == [
        "AU-112-0031"
    ]
    response = patch(api_client, counsellor, f"/api/v1/counselling-units/{unit.pk}/", {"ubn": valid_ubn(777003)})
    assert (response.status_code, list(response.json()["errors"])) == (403, ["ubn"])
    same = {"ubn": unit.ubn, "name": "同一統編，新名稱"}  # the UBN sent back unchanged is no change
    assert patch(api_client, counsellor, f"/api/v1/counselling-units/{unit.pk}/", same).status_code == 200


@pytest.mark.parametrize("qualifications", [[{}], [{"category": "IT"}], [{"expires_on": "2030-01-01"}], [1], [[]]])
def test_incomplete_qualifications_are_a_400_not_a_500(api_client, admin_user, qualifications):
    unit = CounsellingUnitFactory()
    response = patch(
        api_client, admin_user, f"/api/v1/counselling-units/{unit.pk}/", {"qualifications": qualifications}
    )
    assert response.status_code == 400 and "qualifications" in next(iter(response.json()["errors"]))


def test_the_pages_disable_what_the_rules_reserve():
    company, unit = CompanyFactory(), CounsellingUnitFactory()
    for role in ROLES:
        user = UserFactory(role=role)
        for form, obj in (
            (CompanyForm(instance=company, user=user), company),
            (CounsellingUnitForm(instance=unit, user=user), unit),
        ):
            disabled = {name for name, field in form.fields.items() if field.disabled}
            assert disabled == set(fields_reserved(user, obj, form.fields)), (role, type(obj).__name__)
    assert fields_reserved(UserFactory(role=Role.APPLICANT), company, ["ubn", "name"]) == ["ubn"]
    assert fields_reserved(UserFactory(role=Role.ADMIN), company, ["ubn", "name"]) == []


def test_the_unit_page_keeps_the_qualifications_from_a_counsellor(client):
    unit = CounsellingUnitFactory()
    QualificationFactory(unit=unit, category="AU", registration_no="AU-112-0031")
    counsellor = UserFactory(role=Role.COUNSELLOR, counselling_unit=unit)
    client.force_login(counsellor)
    page = client.get(f"/units/{unit.pk}/edit/")
    assert page.status_code == 200 and not page.context["can_edit_qualifications"]
    assert page.context["form"].fields["ubn"].disabled and page.context["form"].fields["kind"].disabled


def test_the_admin_asks_the_same_rules():
    company, unit = CompanyFactory(), CounsellingUnitFactory()
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(role=Role.ADMIN)
    for obj in (company, unit):
        model_admin = admin_site._registry[type(obj)]
        assert model_admin.get_readonly_fields(request, obj) == []
        assert all(
            inline.has_change_permission(request, obj) for inline in model_admin.get_inline_instances(request, obj)
        )
    request.user = UserFactory(role=Role.OFFICER)  # were an officer let in, the reserved fields would be read-only
    model_admin = admin_site._registry[CounsellingUnit]
    assert set(model_admin.get_readonly_fields(request, unit)) == {"ubn", "kind"}
    assert not any(
        inline.has_change_permission(request, unit) for inline in model_admin.get_inline_instances(request, unit)
    )
