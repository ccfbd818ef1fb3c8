"""The permission predicates, role by role, and their queryset twins."""

import pytest
from django.contrib.auth.models import AnonymousUser

from portal.models import Company, CounsellingUnit
from portal.permissions import companies_visible_to, units_editable_by, units_visible_to
from tests.factories import CompanyFactory, CounsellingUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_company():
    return CompanyFactory()


@pytest.fixture
def other_unit():
    return CounsellingUnitFactory()


def test_applicant_sees_and_edits_only_its_own_company(applicant, other_company):
    own = applicant.company
    assert applicant.has_perm("portal.view_company", own)
    assert applicant.has_perm("portal.change_company", own)
    assert not applicant.has_perm("portal.view_company", other_company)
    assert not applicant.has_perm("portal.change_company", other_company)
    assert not applicant.has_perm("portal.add_company")
    assert not applicant.has_perm("portal.delete_company", own)
    assert list(companies_visible_to(applicant)) == [own]


def test_counsellor_sees_no_company_without_a_case_and_edits_only_its_unit(counsellor, other_company, other_unit):
    own_unit = counsellor.counselling_unit
    assert not counsellor.has_perm("portal.view_company", other_company)
    assert list(companies_visible_to(counsellor)) == []
    assert counsellor.has_perm("portal.view_counsellingunit", other_unit)
    assert counsellor.has_perm("portal.change_counsellingunit", own_unit)
    assert not counsellor.has_perm("portal.change_counsellingunit", other_unit)
    assert not counsellor.has_perm("portal.change_qualificationregistration")
    assert list(units_editable_by(counsellor)) == [own_unit]


def test_reviewer_sees_no_company_and_edits_nothing(reviewer, other_company, other_unit):
    assert not reviewer.has_perm("portal.view_company", other_company)
    assert not reviewer.has_perm("portal.change_counsellingunit", other_unit)
    assert list(companies_visible_to(reviewer)) == []
    assert list(units_editable_by(reviewer)) == []
    assert not reviewer.has_perm("portal.view_auditevent")


def test_officer_sees_all_companies_but_does_not_edit_them(officer, other_company):
    assert officer.has_perm("portal.view_company", other_company)
    assert not officer.has_perm("portal.change_company", other_company)
    assert officer.has_perm("portal.view_office_lists")
    assert officer.has_perm("portal.view_auditevent")  # the trail of what the office handles (audit_tables_visible_to)
    assert set(companies_visible_to(officer)) == set(Company.objects.all())


def test_admin_sees_and_edits_everything(admin_user, other_company, other_unit):
    assert admin_user.has_perm("portal.view_company", other_company)
    assert admin_user.has_perm("portal.change_company", other_company)
    assert admin_user.has_perm("portal.add_company")
    assert admin_user.has_perm("portal.change_counsellingunit", other_unit)
    assert admin_user.has_perm("portal.change_qualificationregistration")
    assert admin_user.has_perm("portal.view_auditevent")
    assert set(units_editable_by(admin_user)) == set(CounsellingUnit.objects.all())


def test_anonymous_sees_nothing(other_company, other_unit):
    anonymous = AnonymousUser()
    assert not anonymous.has_perm("portal.view_company", other_company)
    assert list(companies_visible_to(anonymous)) == []
    assert list(units_visible_to(anonymous)) == []


def test_inactive_user_has_no_permissions(applicant):
    applicant.is_active = False
    applicant.save()
    assert not applicant.has_perm("portal.view_company", applicant.company)


def test_predicates_and_querysets_agree(applicant, counsellor, reviewer, officer, admin_user, other_company):
    for user in (applicant, counsellor, reviewer, officer, admin_user):
        visible = set(companies_visible_to(user))
        for company in Company.objects.all():
            assert user.has_perm("portal.view_company", company) == (company in visible), (user.role, company)
