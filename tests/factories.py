"""factory_boy factories for test data (no fixtures)."""

import datetime
import json

import factory
from django.contrib.auth.hashers import make_password

from portal.models import (
    CalendarOverride,
    Company,
    CompanyContact,
    CounsellingUnit,
    ProgrammeOffice,
    QualificationRegistration,
    Role,
    User,
)
from portal.validators import ubn_checksum_ok

TEST_PASSWORD = "correct-horse-battery-9"
_HASHED_PASSWORD = make_password(TEST_PASSWORD)


def valid_ubn(n: int) -> str:
    """The n-th 7-digit base with the check digit that makes a valid UBN."""
    base = f"{3000000 + n:07d}"
    return next(base + d for d in "0123456789" if ubn_checksum_ok(base + d))


class ProgrammeOfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeOffice

    name = factory.Sequence(lambda n: f"計畫辦公室 {n}")
    ministry_unit = "經濟部產業發展署"


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    ubn = factory.Sequence(valid_ubn)
    name = factory.Sequence(lambda n: f"測試金屬工業 {n} 股份有限公司")
    registration = "company"
    factory_registered = True
    factory_registration_no = factory.Sequence(lambda n: f"{99000000 + n}")
    industry_codes = factory.LazyFunction(lambda: ["2912"])
    business_items = factory.LazyFunction(lambda: ["CB01"])
    employees = 48
    paid_in_capital = 30_000_000
    net_worth = 12_000_000


class CompanyContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompanyContact

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"聯絡人 {n}")
    email = factory.Sequence(lambda n: f"contact{n}@example.com")


class CounsellingUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CounsellingUnit

    kind = "company"
    ubn = factory.Sequence(lambda n: valid_ubn(500000 + n))
    name = factory.Sequence(lambda n: f"輔導單位 {n}")
    net_worth = 50_000_000


class QualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QualificationRegistration

    unit = factory.SubFactory(CounsellingUnitFactory)
    category = "SI"
    registration_no = factory.Sequence(lambda n: f"SI-{n:04d}")
    expires_on = datetime.date(2030, 12, 31)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Sequence(lambda n: f"使用者 {n}")
    role = Role.APPLICANT
    password = _HASHED_PASSWORD
    company = factory.Maybe(
        factory.LazyAttribute(lambda o: o.role == Role.APPLICANT), factory.SubFactory(CompanyFactory), None
    )
    counselling_unit = factory.Maybe(
        factory.LazyAttribute(lambda o: o.role == Role.COUNSELLOR), factory.SubFactory(CounsellingUnitFactory), None
    )
    programme_office = factory.Maybe(
        factory.LazyAttribute(lambda o: o.role in (Role.OFFICER, Role.ADMIN)),
        factory.SubFactory(ProgrammeOfficeFactory),
        None,
    )
    is_staff = factory.LazyAttribute(lambda o: o.role == Role.ADMIN)


class CalendarOverrideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarOverride

    date = factory.Sequence(lambda n: datetime.date(2030, 1, 1) + datetime.timedelta(days=n))
    kind = "day_off"
    reason = factory.Sequence(lambda n: f"颱風停止上班 {n}")


# --- programmes and editions ------------------------------------------------------------------------

SMALL_RULESET = {
    "schema": 1,
    "eligibility": {"company": [
        {"id": "no_prc_capital", "kind": "bool_fact", "label": {"zh-hant": "非陸資企業", "en": "no PRC capital"},
         "params": {"fact": "prc_capital", "expected": False}},
    ]},
    "budget": {"lines": [{"code": "total", "label": {"zh-hant": "總經費", "en": "total"}}],
               "rules": [{"id": "gov_cap", "kind": "amount_max", "params": {"quantity": "gov_total", "max": 600000}}]},
    "rubric": {"criteria": [{"code": "needs", "label": {"zh-hant": "需求", "en": "needs"}, "weight": "100"}]},
    "instalments": [{"number": 1, "share": "100", "label": {"zh-hant": "一次撥付", "en": "single payment"},
                     "final": True, "conditions": [{"id": "accepted", "kind": "bool_fact",
                                                    "params": {"fact": "accepted", "expected": True}}]}],
}  # fmt: skip


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programs.Programme"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test{n}")
    title = factory.LazyAttribute(lambda o: {"zh-hant": f"測試計畫 {o.code}", "en": f"Test programme {o.code}"})


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programs.Edition"

    code = factory.Sequence(lambda n: f"test-2026-track{n}")
    version = 1
    programme = factory.SubFactory(ProgrammeFactory)
    year = 2026
    track = factory.LazyAttribute(lambda o: {"zh-hant": f"測試軌 {o.code}", "en": f"Test track {o.code}"})
    title = factory.LazyAttribute(lambda o: {"zh-hant": f"測試 {o.code}", "en": f"Test {o.code}"})
    status = "published"
    rules = factory.LazyFunction(lambda: json.loads(json.dumps(SMALL_RULESET)))
