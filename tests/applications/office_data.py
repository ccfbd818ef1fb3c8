"""Test data for the programme office's pages: many cases cheaply (bulk rows, no services), a lean case
in screening, and the office's users."""

import datetime
import itertools

from django.utils import timezone

from applications.models import Case, CaseStatus
from portal.models import Company, Role
from programs.selectors import edition_current
from tests.factories import CompanyFactory, UserFactory

_serial = itertools.count(1)


def bulk_cases(count: int, *, edition_code: str = "machinery-2025", **fields) -> list[Case]:
    """``count`` submitted cases of one edition, each for its own company, written in two bulk inserts."""
    edition = edition_current(code=edition_code)
    creator = UserFactory(role=Role.COUNSELLOR)
    companies = Company.objects.bulk_create([CompanyFactory.build() for _ in range(count)])
    now = timezone.now()
    defaults = {
        "status": CaseStatus.SUBMITTED,
        "requested_gov": 1_000_000,
        "requested_self": 500_000,
        "submitted_at": now,
        "check_result": {"ready": True, "outcomes": {}},
    }
    cases = []
    for company in companies:
        serial = next(_serial)
        values = {**defaults, **fields}
        cases.append(
            Case(
                reference=f"{edition.code}-B{serial:05d}",
                edition=edition,
                edition_code=edition.code,
                company=company,
                created_by=creator,
                title=f"批次測試計畫 {serial}",
                created_at=now - datetime.timedelta(minutes=serial),
                **values,
            )
        )
    return Case.objects.bulk_create(cases)


def lean_case_in_screening() -> Case:
    """A lean-2026 case (an edition without a supplement deadline) already in screening."""
    (case,) = bulk_cases(1, edition_code="lean-2026-basic", status=CaseStatus.SCREENING)
    return case
