"""Reads of contracts and disbursements: a case's money (its ledger), and the programme office's ledger and
dashboard per edition, each in a fixed number of queries however many cases there are.

The ledger's figures: ``approved`` the contracts' government funds; ``disbursed`` the releases (always the
sum of the released instalments); ``remaining`` the planned amounts of the instalments neither paid nor
withheld (the final one at most its share); ``withheld`` the planned amounts withheld; ``clawback`` what
terminated contracts claim back; ``spent`` the verified ledger of receipts where the case keeps one (the
expenses app's spending source), else the latest progress report's cumulative spending; ``declared`` the
report's figure, kept beside a verified one so that a difference shows."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from applications.models import Case, CaseStatus
from programs.rulesets import ruleset_for

from .conditions import InstalmentPlan, MoneyState, instalment_plans, verified_spending_of, verified_spending_of_many
from .models import (
    ChangeStatus,
    Clawback,
    Contract,
    FollowUp,
    Instalment,
    InstalmentStatus,
    PlanChange,
    ProgressReport,
    Release,
    ReportKind,
    SelfFundingPayment,
)

# A progress report is due at each checkpoint date of the plan, and the final report at the project's end;
# it is overdue this long after (the portal's reading: the editions set no reporting deadline).
REPORT_GRACE = datetime.timedelta(days=14)
REPORTING_STATUSES = (CaseStatus.CONTRACTED, CaseStatus.IN_PROGRESS)


# --- one case ---------------------------------------------------------------------------------------------


def money_state(*, case: Case) -> MoneyState | None:
    """The contract, its instalments with their releases, and the latest report (None: no contract yet)."""
    contract = Contract.objects.filter(case=case).first()
    if contract is None:
        return None
    instalments = list(
        Instalment.objects.filter(case=case)
        .select_related("release__evaluation", "release__released_by")
        .order_by("no")
    )
    latest = ProgressReport.objects.filter(case=case).order_by("-as_of", "-id").first()
    return MoneyState(contract, instalments, latest, verified_spending_of(case.pk))


@dataclass
class Ledger:
    approved_gov: int
    disbursed: int
    remaining: int
    withheld: int
    spent_gov: int
    spent_self: int
    clawback: int
    plans: list[InstalmentPlan] = field(default_factory=list)
    declared_gov: int = 0  # the latest progress report's figures
    declared_self: int = 0
    verified: bool = False  # spent_* are the verified ledger's

    @property
    def net_disbursed(self) -> int:
        return self.disbursed - self.clawback

    @property
    def declared_differs(self) -> bool:
        return self.verified and (self.declared_gov, self.declared_self) != (self.spent_gov, self.spent_self)


def case_ledger(*, case: Case, lang: str, state: MoneyState | None = None) -> Ledger | None:
    state = state or money_state(case=case)
    if state is None:
        return None
    plans = instalment_plans(state, ruleset=ruleset_for(case.edition), status=case.status, lang=lang)
    by_status = {status: [p for p in plans if p.instalment.status == status] for status in InstalmentStatus.values}
    latest, verified = state.latest, state.verified
    declared_gov, declared_self = (latest.spent_gov, latest.spent_self) if latest else (0, 0)
    return Ledger(
        approved_gov=state.contract.gov_amount,
        disbursed=sum(p.amount for p in by_status[InstalmentStatus.RELEASED]),
        remaining=sum(p.instalment.planned_amount for p in by_status[InstalmentStatus.PLANNED]),
        withheld=sum(p.instalment.planned_amount for p in by_status[InstalmentStatus.WITHHELD]),
        spent_gov=verified.gov if verified else declared_gov,
        spent_self=verified.own if verified else declared_self,
        clawback=Clawback.objects.filter(case=case).aggregate(total=Coalesce(Sum("amount"), 0))["total"],
        plans=plans,
        declared_gov=declared_gov,
        declared_self=declared_self,
        verified=verified is not None,
    )


def progress_reports(*, case: Case) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(case=case).select_related("filed_by").order_by("-as_of", "-id")


def plan_changes(*, case: Case) -> QuerySet[PlanChange]:
    return (
        PlanChange.objects.filter(case=case)
        .select_related("requested_by", "decided_by")
        .order_by("-requested_at", "-id")
    )


def pending_plan_changes() -> QuerySet[PlanChange]:
    return (
        PlanChange.objects.filter(status=ChangeStatus.PENDING)
        .select_related("case", "requested_by")
        .order_by("requested_at", "id")
    )


def follow_ups(*, case: Case) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(case=case).select_related("submitted_by").order_by("no")


def self_payments(*, contract: Contract) -> QuerySet[SelfFundingPayment]:
    return SelfFundingPayment.objects.filter(contract=contract).select_related("recorded_by").order_by("paid_on", "id")


def monthly_releases(*, releases: QuerySet[Release]) -> list[tuple[datetime.date, int]]:
    """(first day of the month, NT$ released that month), oldest first."""
    rows = (
        releases.annotate(month=TruncMonth("released_on"))
        .values("month")
        .annotate(total=Sum("amount"))
        .order_by("month")
    )
    return [(row["month"], row["total"]) for row in rows]


# --- overdue reports ----------------------------------------------------------------------------------------


def report_overdue(
    *, status: str, checkpoints: list, period_end, last_as_of, has_final: bool, today: datetime.date
) -> bool:
    """A report is overdue when a checkpoint date (or, for the final report, the project's end) passed more
    than ``REPORT_GRACE`` ago and no report is as of that day or later."""
    if status not in REPORTING_STATUSES:
        return False
    cutoff = today - REPORT_GRACE
    if period_end is not None and period_end < cutoff and not has_final:
        return True
    passed = []
    for row in checkpoints or []:
        try:
            day = datetime.date.fromisoformat(str(row.get("date")))
        except (TypeError, ValueError, AttributeError):
            continue
        if day < cutoff:
            passed.append(day)
    return bool(passed) and (last_as_of is None or last_as_of < max(passed))


# --- the programme office: per edition ----------------------------------------------------------------------


def _sum_per_case(queryset: QuerySet, column: str) -> Coalesce:
    return Coalesce(
        Subquery(queryset.filter(case=OuterRef("case")).values("case").annotate(s=Sum(column)).values("s")), 0
    )


LEDGER_COLUMNS = (
    "id", "case_id", "case__reference", "case__title", "case__status", "case__company__name", "case__edition_code",
    "gov_amount", "self_amount", "signed_on", "accepted_on", "terminated_on",
)  # fmt: skip


def edition_ledger_rows(*, edition_code: str = "") -> QuerySet:
    """One row per contract (of one edition, or all), its money summed inside the database: the queryset a
    page of the edition ledger and its Excel export read."""
    contracts = Contract.objects.all()
    if edition_code:
        contracts = contracts.filter(case__edition_code=edition_code)
    return (
        contracts.annotate(
            disbursed=_sum_per_case(Release.objects.all(), "amount"),
            clawback=_sum_per_case(Clawback.objects.all(), "amount"),
            remaining=_sum_per_case(Instalment.objects.filter(status=InstalmentStatus.PLANNED), "planned_amount"),
            withheld=_sum_per_case(Instalment.objects.filter(status=InstalmentStatus.WITHHELD), "planned_amount"),
            spent_gov=Coalesce(
                Subquery(
                    ProgressReport.objects.filter(case=OuterRef("case"))
                    .values("case")
                    .annotate(m=Max("spent_gov"))
                    .values("m")
                ),
                0,
            ),
            spent_self=Coalesce(
                Subquery(
                    ProgressReport.objects.filter(case=OuterRef("case"))
                    .values("case")
                    .annotate(m=Max("spent_self"))
                    .values("m")
                ),
                0,
            ),
            last_report=Subquery(
                ProgressReport.objects.filter(case=OuterRef("case")).values("case").annotate(m=Max("as_of")).values("m")
            ),
            has_final=Exists(ProgressReport.objects.filter(case=OuterRef("case"), kind=ReportKind.FINAL)),
        )
        .values(
            *LEDGER_COLUMNS,
            "disbursed",
            "clawback",
            "remaining",
            "withheld",
            "spent_gov",
            "spent_self",
            "last_report",
            "has_final",
            "case__checkpoints",
            "case__period_end",
        )
        .order_by("case__reference")
    )


def ledger_rows_verified(rows: Iterable[dict], *, chunk: int = 2000) -> Iterator[dict]:
    """The edition ledger's rows (``edition_ledger_rows``) with the verified ledger's spending where the case
    keeps one: ``spent_*`` become the verified figures, ``declared_*`` keep the reports' and ``verified`` says
    which they are. One query per ``chunk`` rows."""
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= chunk:
            yield from _verified(batch)
            batch = []
    yield from _verified(batch)


def _verified(rows: list[dict]) -> list[dict]:
    found = verified_spending_of_many(row["case_id"] for row in rows)
    for row in rows:
        row["declared_gov"], row["declared_self"] = row["spent_gov"], row["spent_self"]
        spending = found.get(row["case_id"])
        row["verified"] = spending is not None
        if spending is not None:
            row["spent_gov"], row["spent_self"] = spending.gov, spending.own
        row["declared_differs"] = row["verified"] and (row["declared_gov"], row["declared_self"]) != (
            row["spent_gov"],
            row["spent_self"],
        )
    return rows


@dataclass
class Totals:
    cases: int = 0
    approved: int = 0
    disbursed: int = 0
    remaining: int = 0
    withheld: int = 0
    withheld_instalments: int = 0
    spent_gov: int = 0
    spent_self: int = 0
    declared_gov: int = 0  # the reports' figures, where the verified ledger's count in spent_*
    declared_self: int = 0
    clawback: int = 0
    overdue_reports: int = 0
    overdue_follow_ups: int = 0

    @property
    def net_disbursed(self) -> int:
        return self.disbursed - self.clawback


def money_totals(*, edition_code: str = "", today: datetime.date | None = None) -> dict[str, Totals]:
    """The ledger's figures per edition code (one edition, or every edition with a contract), in a fixed number
    of queries: each table is summed per edition inside the database; only the reports' latest figures and the
    checkpoints (for the overdue reports) come back one row per case."""
    today = today or timezone.localdate()
    scope = Q(case__edition_code=edition_code) if edition_code else Q()
    code = "case__edition_code"
    totals: dict[str, Totals] = {}

    def add(rows, **names):
        for row in rows:
            entry = totals.setdefault(row[code], Totals())
            for attr, key in names.items():
                setattr(entry, attr, getattr(entry, attr) + (row[key] or 0))

    add(
        Contract.objects.filter(scope).values(code).annotate(n=Count("id"), s=Sum("gov_amount")).order_by(),
        cases="n",
        approved="s",
    )
    add(Release.objects.filter(scope).values(code).annotate(s=Sum("amount")).order_by(), disbursed="s")
    add(Clawback.objects.filter(scope).values(code).annotate(s=Sum("amount")).order_by(), clawback="s")
    instalments = (
        Instalment.objects.filter(scope)
        .values(code)
        .order_by()
        .annotate(
            planned=Sum("planned_amount", filter=Q(status=InstalmentStatus.PLANNED)),
            withheld=Sum("planned_amount", filter=Q(status=InstalmentStatus.WITHHELD)),
            withheld_n=Count("id", filter=Q(status=InstalmentStatus.WITHHELD)),
        )
    )
    add(instalments, remaining="planned", withheld="withheld", withheld_instalments="withheld_n")
    reports = {
        row["case"]: row
        for row in ProgressReport.objects.filter(scope)
        .values("case")
        .order_by()
        .annotate(
            g=Max("spent_gov"),
            s=Max("spent_self"),
            last=Max("as_of"),
            finals=Count("id", filter=Q(kind=ReportKind.FINAL)),
        )
    }
    contracts = list(
        Contract.objects.filter(scope).values("case_id", code, "case__status", "case__checkpoints", "case__period_end")
    )
    verified = verified_spending_of_many(row["case_id"] for row in contracts)
    for row in contracts:
        entry = totals.setdefault(row[code], Totals())
        report = reports.get(row["case_id"], {})
        entry.declared_gov += report.get("g") or 0
        entry.declared_self += report.get("s") or 0
        spending = verified.get(row["case_id"])
        entry.spent_gov += spending.gov if spending else report.get("g") or 0
        entry.spent_self += spending.own if spending else report.get("s") or 0
        entry.overdue_reports += report_overdue(
            status=row["case__status"],
            checkpoints=row["case__checkpoints"],
            period_end=row["case__period_end"],
            last_as_of=report.get("last"),
            has_final=bool(report.get("finals")),
            today=today,
        )
    overdue = FollowUp.objects.filter(scope, submitted_at__isnull=True, due__lt=today)
    add(overdue.values(code).annotate(n=Count("id")).order_by(), overdue_follow_ups="n")
    return totals
