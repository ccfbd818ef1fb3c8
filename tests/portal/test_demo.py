from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from portal.demo import DEMO_PASSWORD
from portal.models import Company, CounsellingUnit, ProgrammeOffice, Role, User

pytestmark = pytest.mark.django_db


def load(settings, **kwargs) -> str:
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out, **kwargs)
    return out.getvalue()


CONTRACT_USERS = {  # cases-api.md "Who is who": email → (role, company UBN, unit UBN)
    "applicant@demo.tw": (Role.APPLICANT, "22099131", None),
    "applicant2@demo.tw": (Role.APPLICANT, "12456784", None),
    "counsellor@demo.tw": (Role.COUNSELLOR, None, "53102462"),
    "counsellor2@demo.tw": (Role.COUNSELLOR, None, "35791351"),
    "reviewer@demo.tw": (Role.REVIEWER, None, None),
    "reviewer2@demo.tw": (Role.REVIEWER, None, None),
    "reviewer3@demo.tw": (Role.REVIEWER, None, None),
    "officer@demo.tw": (Role.OFFICER, None, None),
    "admin@demo.tw": (Role.ADMIN, None, None),
    "accountant@demo.tw": (Role.ACCOUNTANT, None, None),
}


def test_demo_data_has_the_users_a_whole_story_needs_and_prints_their_logins(settings):
    output = load(settings)
    assert ProgrammeOffice.objects.count() == 1
    assert CounsellingUnit.objects.count() == 3
    assert Company.objects.count() == 6
    users = {u.email: u for u in User.objects.select_related("company", "counselling_unit")}
    assert set(users) == set(CONTRACT_USERS)
    for email, (role, company, unit) in CONTRACT_USERS.items():
        user = users[email]
        assert (user.role, getattr(user.company, "ubn", None), getattr(user.counselling_unit, "ubn", None)) == (
            role,
            company,
            unit,
        )
    machinery_maker = users["counsellor2@demo.tw"].counselling_unit
    assert machinery_maker.factory_registered and any(c.startswith("29") for c in machinery_maker.industry_codes)
    for user in User.objects.all():
        assert user.email in output
        assert user.check_password(DEMO_PASSWORD)
    assert DEMO_PASSWORD in output


def test_demo_units_match_the_brief(settings):
    load(settings)
    si = CounsellingUnit.objects.get(kind="company", qualifications__category="SI")
    assert {q.category for q in si.qualifications.all()} >= {"AU", "IT", "SI"}
    assert CounsellingUnit.objects.filter(kind="university").exists()
    machinery = CounsellingUnit.objects.get(factory_registered=True)
    assert any(code.startswith("29") for code in machinery.industry_codes)


def test_demo_companies_vary_in_size_and_declarations(settings):
    load(settings)
    employees = sorted(Company.objects.values_list("employees", flat=True))
    assert employees[0] <= 5 and employees[-1] >= 200
    assert Company.objects.filter(prc_capital=True).exists()
    assert Company.objects.filter(tax_arrears_3y=True).exists()
    assert Company.objects.filter(factory_registered=False).exists()


def test_demo_load_is_idempotent(settings):
    load(settings)
    load(settings)
    assert Company.objects.count() == 6
    assert User.objects.count() == len(CONTRACT_USERS)


def test_demo_passwords_log_in_through_the_login_page(settings, client):
    load(settings)
    response = client.post("/accounts/login/", {"username": "officer@demo.tw", "password": DEMO_PASSWORD})
    assert response.status_code == 302


def test_demo_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo", stdout=StringIO())


def test_each_app_brings_its_own_demo_data_in_installed_apps_order():
    from django.apps import apps

    from portal.management.commands.load_demo import demo_loaders

    labels = [label for label, _load in demo_loaders()]
    order = [config.label for config in apps.get_app_configs()]
    assert labels[0] == "portal" and "carbon" in labels  # carbon's inventory needs portal's applicant
    assert labels == sorted(labels, key=order.index)


def test_demo_prints_the_address_the_portal_is_served_on(settings, monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    assert "Log in at http://127.0.0.1:8123/accounts/login/" in load(settings)
    assert "Log in at https://portal.example.tw/accounts/login/" in load(settings, url="https://portal.example.tw/")
