"""Applications' demo cases (``load_demo --cases``): a handful of cases of the demo organisations across the
lifecycle, each made by the people of the case through the transition service, never by writing a status.
This floor takes each case as far as the office's screening; the reviews' demo scores and decides, the
disbursements' demo contracts and pays. A case is known by its company and edition (one case each), and
every step is taken only from the status before it, so loading again changes nothing."""

from __future__ import annotations

import datetime
import io
import logging
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from applications import services
from applications.api.serializers import CaseWriteSerializer
from applications.models import Case, CaseStatus
from applications.services import CaseConflict, CaseRefused, TransitionNotAllowed
from portal.models import Company, User
from programs.rules.kinds_dates import add_months
from programs.rules.text import pick
from programs.rulesets import ruleset_for
from programs.selectors import edition_current

S = CaseStatus
logger = logging.getLogger(__name__)
OFFICER = "officer@demo.tw"
# the smallest well-formed PDF: the demo's documents are placeholders
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass(frozen=True)
class DemoCase:
    key: str
    edition: str
    company: str  # UBN
    author: str  # e-mail of who drafts it: the company's applicant or the counselling unit's counsellor
    data: Callable[[], dict]
    until: str  # the status this floor leaves it in
    consent_by: str = ""  # the applicant who consents to a unit's draft before it is submitted
    supplement: dict = field(default_factory=dict)


def _staff(n: int) -> list[dict]:
    # people of their own for each case: one person's months count across all of their cases
    return [
        {"name": "王建國", "email": f"pi{n}@demo-unit.example.tw", "role": "pi", "person_months": Decimal("4")},
        {"name": "林小華", "email": f"eng{n}@demo-unit.example.tw", "role": "staff", "person_months": Decimal("6")},
    ]


def _machinery(n: int, title: str) -> dict:
    # machinery-2025's projects end by 2025-10-31: the edition's dates, not the day's
    start, half, end = datetime.date(2025, 3, 1), datetime.date(2025, 6, 30), datetime.date(2025, 10, 31)
    return {
        "title": title,
        "period": {"start": start, "end": end},
        "budget": {
            "lines": [
                {"code": "direct_salary", "gov": 1400000, "self": 600000},
                {"code": "management_fee", "gov": 700000, "self": 300000},
                {"code": "other_direct", "gov": 1157733, "self": 496171},
                {"code": "public_fee", "gov": 75600, "self": 32400},
                {"code": "business_tax", "gov": 166667, "self": 71429},
            ]
        },
        "facts": {
            "part1_work": ["smart"],
            "part2_work": ["carbon_inventory"],
            "energy_module": True,
            "third_party_verification": True,
            "site_visits": 2,
            "ai_advisory_forms": 1,
            "duplicate_funding": False,
        },
        "needs": "產線換線時間長，設備稼動與能耗無法即時掌握。",
        "solution": "導入設備聯網與能耗監控模組，建立碳盤查，並由第三方驗證節能成效。",
        "kpis": [
            {"code": "", "name": "能耗降低（%）", "before": Decimal("0"), "after": Decimal("8")},
            {"code": "", "name": "設備稼動率（%）", "before": Decimal("62"), "after": Decimal("75")},
        ],
        "checkpoints": [
            {"date": half, "item": "設備聯網完成", "percent": Decimal("50")},
            {"date": end, "item": "第三方驗證完成", "percent": Decimal("100")},
        ],
        "declarations": {"truthful": True, "personal_data": True},
        "staff": _staff(n),
    }


def _lean(start: datetime.date, title: str, staff: list[dict]) -> dict:
    """A lean plan as the API takes it (text dates), of seven months from ``start`` (lean-2026's projects end
    within 2026, so their dates are the edition's, not the day's)."""
    months = [add_months(start, n) - datetime.timedelta(days=1) for n in (3, 7)]
    checkpoints = [
        {"date": months[0].isoformat(), "item": "現況價值流圖與改善主題確認", "percent": "30"},
        {"date": months[1].isoformat(), "item": "知識庫建置與成效驗證", "percent": "100"},
    ]
    return {
        **LEAN,
        "title": title,
        "staff": staff,
        "checkpoints": checkpoints,
        "period": {"start": start.isoformat(), "end": months[1].isoformat()},
    }


LEAN = {
    "budget": {
        "lines": [
            {"code": "personnel", "gov": 200000, "self": 300000},
            {"code": "business", "gov": 250000, "self": 250000},
            {"code": "consumables", "gov": 50000, "self": 0},
        ]
    },
    "facts": {
        "pi_first_level_executive": True,
        "contact_formal_employee": True,
        "staff_without_labour_insurance": 0,
        "staff_retired_uninsured": 0,
        "consultant_roles": ["lean_production", "digital_lean"],
        "business_fee_consultants_only": True,
        "knowledge_base": ["value_stream_map", "a3_report", "standard_work"],
        "slides_current_vsm": True,
        "slides_kpi_before_after": True,
    },
    "needs": "換模時間平均 95 分鐘，在製品堆積，交期達成率 82%。",
    "solution": "以價值流圖找出浪費，導入 SMED 與看板，建立 A3 報告與作業標準書資料庫。",
    "kpis": [{"code": "", "name": "換模時間（分）", "before": "95", "after": "40"}],
    "declarations": {"truthful": True, "personal_data": True},
}
LEAN_STAFF = [
    {"name": "陳總經理", "email": "ceo@hongsheng.example.tw", "role": "pi", "person_months": "3"},
    {"name": "黃課長", "email": "lead@hongsheng.example.tw", "role": "staff", "person_months": "6"},
]
LEAN_STAFF_2 = [
    {"name": "陳志明", "email": "cm.chen@example.com.tw", "role": "pi", "person_months": "3"},
    {"name": "張組長", "email": "lead@taijia.example.tw", "role": "staff", "person_months": "6"},
]
DIGITAL = {"title": "生產排程數位化與設備資料整合"}

CASES = [
    DemoCase("draft", "dmmap-2023-digital-ops", "22099131", "counsellor@demo.tw", lambda: DIGITAL, S.DRAFT),
    DemoCase(
        "supplement",
        "lean-2026-basic",
        "12456784",
        "applicant2@demo.tw",
        lambda: _lean(datetime.date(2026, 3, 1), "精密加工換線時間縮短", LEAN_STAFF_2),
        S.SUPPLEMENT_REQUESTED,
        supplement={"reason": "請補正工廠登記證明影本，並說明顧問的輔導經驗。", "items": ["工廠登記證明"]},
    ),
    DemoCase(
        "review",
        "machinery-2025",
        "22099131",
        "counsellor2@demo.tw",
        lambda: _machinery(1, "智慧化產線能耗監控導入"),
        S.UNDER_REVIEW,
        consent_by="applicant@demo.tw",
    ),
    DemoCase(
        "money",
        "machinery-2025",
        "12456784",
        "counsellor2@demo.tw",
        lambda: _machinery(2, "精密加工產線設備聯網與碳盤查"),
        S.UNDER_REVIEW,
        consent_by="applicant2@demo.tw",
    ),
    DemoCase(
        "closed",
        "lean-2026-basic",
        "22099131",
        "applicant@demo.tw",
        lambda: _lean(datetime.date(2026, 2, 1), "沖壓產線精實改善與知識庫建置", LEAN_STAFF),
        S.UNDER_REVIEW,
    ),
]
BY_KEY = {spec.key: spec for spec in CASES}


def demo_case(key: str) -> Case | None:
    """The demo case ``key`` names (None before it is drafted)."""
    spec = BY_KEY[key]
    return Case.objects.filter(company__ubn=spec.company, edition_code=spec.edition).first()


def person(email: str) -> User:
    return User.objects.get(email=email)


def demo_upload(name: str) -> io.BytesIO:
    handle = io.BytesIO(PDF)
    handle.name, handle.size = name, len(PDF)
    return handle


def documents_upload(case: Case, actor: User, *, contract: bool) -> None:
    """The filing's documents (or the contract's) that are missing, each named as the edition names it."""
    have = set(case.documents.values_list("kind", flat=True))
    for item in ruleset_for(case.edition).documents:
        if (item.extra.get("stage") == "contract") == contract and item.code not in have:
            name = f"{pick(item.label, 'zh-hant')}.pdf"
            services.document_upload(actor=actor, case=case, kind=item.code, upload=demo_upload(name))


def _draft(spec: DemoCase) -> Case:
    author = person(spec.author)
    edition = edition_current(code=spec.edition)
    data = spec.data()
    if isinstance(data.get("period", {}).get("start"), str):  # written as the API takes it
        serializer = CaseWriteSerializer(data=data, context={"ruleset": ruleset_for(edition)})
        serializer.is_valid(raise_exception=True)
        data = serializer.service_data()
    company = Company.objects.get(ubn=spec.company) if author.counselling_unit_id else None
    return services.case_create(actor=author, edition=edition, company=company, data=data)


def _filed(case: Case, spec: DemoCase) -> Case:
    """Consent and the filing's documents, then the submission."""
    author = person(spec.author)
    if case.drafted_by_unit and case.consented_at is None:
        case = services.case_transition(actor=person(spec.consent_by), case=case, action="consent")
    documents_upload(case, author, contract=False)
    return services.case_transition(actor=author, case=case, action="submit")


def _step(case: Case, spec: DemoCase) -> Case:
    office = person(OFFICER)
    if case.status == S.DRAFT:
        return _filed(case, spec)
    if case.status == S.SUBMITTED:
        return services.case_transition(actor=office, case=case, action="start_screening")
    if spec.until == S.SUPPLEMENT_REQUESTED:
        due = timezone.localdate() + datetime.timedelta(days=6)  # within the office dashboard's "due soon"
        payload = {**spec.supplement, "due": due.isoformat()}
        return services.case_transition(actor=office, case=case, action="request_supplement", payload=payload)
    return services.case_transition(actor=office, case=case, action="pass_screening")


ORDER = [S.DRAFT, S.SUBMITTED, S.SCREENING, S.SUPPLEMENT_REQUESTED, S.UNDER_REVIEW]


def load_demo() -> list[tuple[str, str, str]]:
    return []


@contextmanager
def story_step(key: str):
    """One demo case's steps, in a savepoint of their own: where someone trying the demo has taken the case
    elsewhere and a step is refused, loading again leaves the case as they left it (and run.sh still starts)."""
    try:
        with transaction.atomic():
            yield
    except (CaseRefused, TransitionNotAllowed, CaseConflict, ValidationError, PermissionDenied) as exc:
        logger.warning("The demo case %s is left as it is: %s", key, exc)


def load_demo_cases() -> None:
    """Each demo case drafted if missing and taken, step by step, to where this floor leaves it."""
    for spec in CASES:
        with story_step(spec.key):
            case = demo_case(spec.key) or _draft(spec)
            while case.status in ORDER and ORDER.index(case.status) < ORDER.index(spec.until):
                case = _step(case, spec)
