"""The edition ledger, its export and the money dashboard run the same number of queries at 5 and at 500
cases; a case's progress reports (page and API) at 5 and 500 reports."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from disbursements.models import ProgressReport
from disbursements.selectors import money_totals
from tests.disbursements.builders import contracted, machinery_approved, officer
from tests.disbursements.bulk import grow_money
from tests.helpers import assert_constant_queries

pytestmark = pytest.mark.django_db

SIZES = (5, 500)


def test_the_edition_ledger_page_is_constant(client):
    office = officer()
    client.force_login(office)
    queries = assert_constant_queries(
        lambda: client.get("/office/money/machinery-2025/"), grow_money("machinery-2025", office), sizes=SIZES
    )
    assert queries <= 20
    page = client.get("/office/money/machinery-2025/").content.decode()
    totals = money_totals(edition_code="machinery-2025")["machinery-2025"]
    assert totals.cases == 500 and totals.approved == 500_000_000
    assert f"{totals.disbursed:,}" in page and totals.disbursed == 500 * 400_000


def test_the_edition_ledger_export_is_constant(client):
    office = officer()
    client.force_login(office)
    assert_constant_queries(
        lambda: client.get("/office/money/machinery-2025/ledger.xlsx"),
        grow_money("machinery-2025", office),
        sizes=SIZES,
    )


def test_the_dashboard_is_constant(client):
    office = officer()
    client.force_login(office)

    def grow(size):
        grow_money("machinery-2025", office)(size)
        grow_money("lean-2026-basic", office)(size)

    assert_constant_queries(lambda: client.get("/office/money/"), grow, sizes=SIZES)


def test_the_dashboard_figures(client):
    office = officer()
    grow_money("machinery-2025", office)(20)
    totals = money_totals()["machinery-2025"]
    assert (totals.cases, totals.approved, totals.disbursed) == (20, 20_000_000, 8_000_000)
    assert totals.clawback == 2 * 50_000  # every tenth case
    assert totals.withheld_instalments == 4 and totals.withheld == 4 * 200_000  # every fifth
    assert totals.remaining == 20 * 400_000 + 16 * 200_000
    assert totals.spent_gov == 20 * 300_000
    assert totals.overdue_reports == 7  # a report as of 90 days ago, a checkpoint 60 days ago: every third case
    assert totals.overdue_follow_ups == 3  # every seventh


def _grow_reports(case, actor):
    def grow(size):
        have = ProgressReport.objects.filter(case=case).count()
        today = timezone.localdate()
        ProgressReport.objects.bulk_create(
            [
                ProgressReport(
                    case=case,
                    as_of=today - datetime.timedelta(days=1000 - n),
                    progress=Decimal("1"),
                    spent_gov=n,
                    spent_self=n,
                    filed_by=actor,
                    kpi_actuals={"能耗降低（%）": "1"},
                    checkpoints=[{"index": 0, "done": True, "evidence": "紀錄"}],
                )
                for n in range(have, size)
            ]
        )

    return grow


def test_a_case_s_progress_reports_are_constant(client, api_client):
    case = contracted(machinery_approved(), officer())
    client.force_login(case.counsellor)
    assert_constant_queries(
        lambda: client.get(f"/cases/{case.pk}/progress/"), _grow_reports(case, case.counsellor), sizes=SIZES
    )
    other = contracted(machinery_approved(), officer())
    api_client.force_authenticate(other.applicant)
    assert_constant_queries(
        lambda: api_client.get(f"/api/v1/cases/{other.pk}/progress-reports/"),
        _grow_reports(other, other.counsellor),
        sizes=SIZES,
    )
    assert api_client.get(f"/api/v1/cases/{other.pk}/progress-reports/").json()["count"] == 500
