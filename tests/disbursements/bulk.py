"""Many contracted cases cheaply (bulk rows, no services) for the query-count tests: each with its contract,
three instalments (the first released, every fifth case's last withheld), a progress report, and now and then
a clawback and an overdue follow-up."""

import datetime
from decimal import Decimal

from django.utils import timezone

from applications.models import Case, CaseStatus
from disbursements.models import Clawback, Contract, FollowUp, Instalment, ProgressReport, Release
from expenses.models import Expense
from expenses.selectors import ledger_is_the_source
from programs.models import EvaluationPurpose, RuleEvaluation
from tests.applications.office_data import bulk_cases
from tests.expenses.bulk import accepted_spending

SHARES = (("40.00", 400_000), ("40.00", 400_000), ("20.00", 200_000))


def grow_money(edition_code: str, actor):
    """``grow(n)`` for ``assert_constant_queries``: contracted cases of the edition until there are n."""

    def grow(size: int) -> None:
        missing = size - Contract.objects.filter(case__edition_code=edition_code).count()
        if missing > 0:
            bulk_money(missing, edition_code=edition_code, actor=actor)

    return grow


def bulk_money(count: int, *, edition_code: str, actor) -> list[Case]:
    today = timezone.localdate()
    cases = bulk_cases(
        count,
        edition_code=edition_code,
        status=CaseStatus.IN_PROGRESS,
        requested_gov=1_000_000,
        approved_gov=1_000_000,
        period_start=today - datetime.timedelta(days=200),
        period_end=today + datetime.timedelta(days=60),
        checkpoints=[
            {"date": (today - datetime.timedelta(days=60)).isoformat(), "item": "期中", "percent": "50.00"},
            {"date": (today + datetime.timedelta(days=60)).isoformat(), "item": "結案", "percent": "100.00"},
        ],
    )
    edition = cases[0].edition
    contracts = Contract.objects.bulk_create(
        [
            Contract(
                case=case,
                gov_amount=1_000_000,
                self_amount=500_000,
                period_start=case.period_start,
                period_end=case.period_end,
                approved_on=today - datetime.timedelta(days=210),
                signed_on=today - datetime.timedelta(days=200),
                created_by=actor,
            )
            for case in cases
        ]
    )
    instalments = Instalment.objects.bulk_create(
        [
            Instalment(
                case=contract.case,
                contract=contract,
                no=no,
                share=Decimal(share),
                planned_amount=amount,
                final=no == 3,
                status="withheld" if no == 3 and n % 5 == 0 else "released" if no == 1 else "planned",
                withheld_reason="停止撥付" if no == 3 and n % 5 == 0 else "",
            )
            for n, contract in enumerate(contracts)
            for no, (share, amount) in enumerate(SHARES, start=1)
        ]
    )
    evaluation = RuleEvaluation.objects.create(
        edition=edition,
        purpose=EvaluationPurpose.INSTALMENT_RELEASE,
        subject_type="instalment",
        subject_id="bulk",
        inputs={
            "approved_gov": 1_000_000,
            "signed": True,
            "progress": "0",
            "disbursed": 0,
            "spent": 0,
            "accepted": False,
            "actual_spent_total": None,
        },
        outcomes=[],
        passed=True,
        language="zh-hant",
    )
    Release.objects.bulk_create(
        [
            Release(
                instalment=i,
                case=i.case,
                amount=i.planned_amount,
                released_by=actor,
                evaluation=evaluation,
                released_on=today - datetime.timedelta(days=30 * (i.case_id % 6)),
            )
            for i in instalments
            if i.status == "released"
        ]
    )
    ProgressReport.objects.bulk_create(
        [
            ProgressReport(
                case=case,
                as_of=today - datetime.timedelta(days=90 if n % 3 == 0 else 10),
                progress=Decimal("40"),
                spent_gov=300_000,
                spent_self=100_000,
                filed_by=actor,
            )
            for n, case in enumerate(cases)
        ]
    )
    # the spending each report declares, recorded and accepted on the expense ledger that the edition pays on
    Expense.objects.bulk_create(
        [
            accepted_spending(
                case,
                actor,
                gov=300_000,
                own=100_000,
                key=f"B{case.pk}",
                line=(case.budget_lines or [{"code": "consulting"}])[0]["code"],
                on=today - datetime.timedelta(days=10),
            )
            for case in cases
            if ledger_is_the_source(case.edition)
        ]
    )
    Clawback.objects.bulk_create(
        [
            Clawback(case=case, amount=50_000, reason="溢領", recorded_by=actor)
            for n, case in enumerate(cases)
            if n % 10 == 0
        ]
    )
    FollowUp.objects.bulk_create(
        [
            FollowUp(case=case, no=1, due=today - datetime.timedelta(days=3))
            for n, case in enumerate(cases)
            if n % 7 == 0
        ]
    )
    return cases
