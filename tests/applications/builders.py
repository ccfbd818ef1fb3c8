"""Test data for cases: parties that meet an edition's rules, and a complete proposal for them."""

import datetime
import io
from decimal import Decimal

from applications import services
from applications.models import Case
from portal.models import Role
from programs.selectors import edition_current
from tests.factories import CompanyFactory, CounsellingUnitFactory, UserFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

MACHINERY_LINES = [
    {"code": "direct_salary", "gov": 1400000, "self": 600000},
    {"code": "management_fee", "gov": 700000, "self": 300000},
    {"code": "other_direct", "gov": 1157733, "self": 496171},
    {"code": "public_fee", "gov": 75600, "self": 32400},
    {"code": "business_tax", "gov": 166667, "self": 71429},
]
MACHINERY_FACTS = {
    "part1_work": ["smart"],
    "part2_work": ["carbon_inventory"],
    "energy_module": True,
    "third_party_verification": True,
    "site_visits": 2,
    "ai_advisory_forms": 1,
    "duplicate_funding": False,
}


def machinery_unit(**overrides):
    fields = {
        "kind": "company",
        "registration": "company",
        "factory_registered": True,
        "factory_registration_no": "99123456",
        "industry_codes": ["2912"],
        "net_worth": 5_000_000,
        **overrides,
    }
    return CounsellingUnitFactory(**fields)


def machinery_counsellor(unit=None):
    return UserFactory(role=Role.COUNSELLOR, counselling_unit=unit or machinery_unit())


def applicant_for(company=None):
    return UserFactory(role=Role.APPLICANT, company=company or CompanyFactory())


def machinery_proposal(**overrides) -> dict:
    data = {
        "title": "智慧化產線能耗監控導入",
        "period": {"start": datetime.date(2025, 3, 1), "end": datetime.date(2025, 10, 31)},
        "budget": {"lines": [dict(line) for line in MACHINERY_LINES]},
        "facts": dict(MACHINERY_FACTS),
        "needs": "產線換線時間長，能耗無法即時掌握。",
        "solution": "導入設備聯網與能耗模組，第三方驗證節能成效。",
        "declarations": {"truthful": True, "personal_data": True},
        "staff": [
            {"name": "王大明", "email": "pi@unit.example.tw", "role": "pi", "person_months": Decimal("4")},
            {"name": "林小華", "email": "eng@unit.example.tw", "role": "staff", "person_months": Decimal("6")},
        ],
    }
    data.update(overrides)
    return data


def upload(name: str = "plan.pdf", content: bytes = PDF_BYTES):
    handle = io.BytesIO(content)
    handle.name = name
    handle.size = len(content)
    return handle


def machinery_case(*, counsellor=None, company=None, consent=True, documents=True, **overrides) -> Case:
    """A machinery-2025 case drafted by an industry-29 unit for a company, ready to submit."""
    counsellor = counsellor or machinery_counsellor()
    company = company or CompanyFactory()
    applicant = UserFactory(role=Role.APPLICANT, company=company)
    edition = edition_current(code="machinery-2025")
    case = services.case_create(
        actor=counsellor, edition=edition, company=company, data=machinery_proposal(**overrides)
    )
    if consent:
        case = services.case_transition(actor=applicant, case=case, action="consent")
    if documents:
        for kind in ("application_form", "plan", "review_slides"):
            services.document_upload(actor=counsellor, case=case, kind=kind, upload=upload(f"{kind}.pdf"))
    case.refresh_from_db()
    case.applicant = applicant
    case.counsellor = counsellor
    return case
