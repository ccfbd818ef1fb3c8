"""factory_boy factories for test data (no fixtures)."""

import datetime

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
