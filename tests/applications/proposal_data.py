"""Test data and helpers of the proposal PDF tests: proposals with every table filled, the job waited for."""

import datetime
import subprocess
import time
from decimal import Decimal
from pathlib import Path

import pytest

from applications import services
from applications.models import ProposalJob
from portal.models import JobStatus, Role
from programs.selectors import edition_current
from tests.applications.builders import machinery_case
from tests.factories import CompanyFactory, CounsellingUnitFactory, UserFactory

CHECKPOINTS = [
    {"date": datetime.date(2025, 4, 30), "item": "設備聯網與能耗模組架構規劃", "percent": Decimal("20")},
    {"date": datetime.date(2025, 7, 31), "item": "能耗模組上線測試", "percent": Decimal("60")},
    {"date": datetime.date(2025, 10, 31), "item": "第三方驗證與執行成果報告", "percent": Decimal("100")},
]
OWN_KPIS = [{"code": "", "name": "換線時間", "unit": "分鐘", "before": Decimal("45"), "after": Decimal("30.5")}]


def full_machinery_case(**overrides):
    """A machinery-2025 case ready to submit, with checkpoints and an indicator of its own as well."""
    return machinery_case(checkpoints=CHECKPOINTS, kpis=OWN_KPIS, **overrides)


def smu_case():
    """An SMU 2024 draft with the edition's indicators, ranked staff and a budget whose derived values differ
    from the amounts entered (the unit is not qualified: the rules check has failures to list)."""
    unit = CounsellingUnitFactory(kind="company", registration="company")
    counsellor = UserFactory(role=Role.COUNSELLOR, counselling_unit=unit)
    data = {
        "title": "流程數位化與數位能耗管理導入",
        "period": {"start": datetime.date(2026, 12, 1), "end": datetime.date(2027, 5, 31)},
        "needs": "插單頻繁，生產現場管理混亂。",
        "solution": "導入製造管理系統與數位電表。",
        "budget": {
            "lines": [
                {"code": "direct_salary", "gov": 500000, "self": 500000},
                {"code": "management_fee", "gov": 100000, "self": 100000},
                {"code": "other_direct", "gov": 50000, "self": 50000},
                {"code": "public_fee", "gov": 21600, "self": 0},
                {"code": "business_tax", "gov": 31981, "self": 30952},
            ]
        },
        "kpis": [
            {"code": "investment_amount", "before": None, "after": Decimal("1500000")},
            {"code": "utilisation_rate", "before": Decimal("72"), "after": Decimal("77")},
            *OWN_KPIS,
        ],
        "checkpoints": [
            {
                "date": datetime.date(2027, 1, 31),
                "item": "設備系統架構規劃",
                "percent": Decimal("10"),
                "code": "system_architecture_plan",
            },
            {
                "date": datetime.date(2027, 5, 31),
                "item": "執行成果報告",
                "percent": Decimal("100"),
                "code": "final_report",
            },
        ],
        "staff": [
            {
                "name": "吳大同",
                "email": "wu@unit.example.tw",
                "role": "pi",
                "rank": "pi",
                "person_months": Decimal("1"),
            },
            {
                "name": "盧小芳",
                "email": "lu@unit.example.tw",
                "role": "staff",
                "rank": "researcher",
                "person_months": Decimal("0.5"),
            },
            {
                "name": "黃志明",
                "email": "huang@unit.example.tw",
                "role": "staff",
                "rank": "associate",
                "title": "工程師",
                "person_months": Decimal("0.2"),
            },
        ],
    }
    case = services.case_create(
        actor=counsellor, edition=edition_current(code="smu-2024"), company=CompanyFactory(), data=data
    )
    case.counsellor = counsellor
    return case


def wait_for_proposal(pk: int, statuses=(JobStatus.SUCCEEDED, JobStatus.FAILED), timeout: float = 120) -> ProposalJob:
    deadline = time.monotonic() + timeout
    while True:
        job = ProposalJob.objects.get(pk=pk)
        if job.status in statuses:
            return job
        if time.monotonic() > deadline:
            pytest.fail(f"proposal job {pk} still {job.status} ({job.progress} %, {job.message!r}) after {timeout} s")
        time.sleep(0.1)


def pdf_text(path: Path, *, first: int | None = None, last: int | None = None) -> str:
    """The PDF's text in the order it was laid out (``-raw``: a table's cells row by row, not merged by height)."""
    pages = [arg for flag, n in (("-f", first), ("-l", last)) if n for arg in (flag, str(n))]
    return subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", *pages, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
