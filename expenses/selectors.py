"""Reads of the expense ledger: a case's expenses (filtered), its figures per budget line and in all, the
verified spending the disbursements judge instalments on, the programme office's verification queue and the
verification deadline. Every figure is summed inside the database, in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Case, CaseEvent
from disbursements.conditions import Spending
from portal.language import text_in_language
from portal.models import Role, User
from programs.deadlines import edition_deadline
from programs.rules import RuleSet
from programs.rules.money import percent_text
from programs.rulesets import ruleset_for

from .models import AccountantAssignment, AccountantProfile, Expense, ExpenseImportJob, ExpenseStatus

RECENT_IMPORTS = 10
COUNTED = ~Q(status=ExpenseStatus.REJECTED)  # recorded and not rejected: what the ledger claims
VERIFIED = Q(status=ExpenseStatus.ACCEPTED)


def ledger_is_the_source(edition) -> bool:
    """Whether the edition pays on the expense ledger alone (its rules have an ``expenses:`` section): then a case
    with nothing recorded has spent nothing, whatever its progress reports declare. Elsewhere a ledger counts only
    once the case keeps one."""
    return bool(ruleset_for(edition).expense_rules)


def _ledger_editions(case_ids) -> set[int]:
    """The ids among ``case_ids`` whose edition pays on the ledger alone (one query; rule sets are cached)."""
    cases = (
        Case.objects.filter(pk__in=case_ids)
        .select_related("edition")
        .only("id", "edition", "edition__version", "edition__status")  # not the rules: the rule set is cached
    )
    return {case.pk for case in cases if ledger_is_the_source(case.edition)}


def verified_spending(case_id: int) -> Spending | None:
    """The accepted expenses' government and self-funding shares (None: the case keeps no ledger, and its
    edition does not ask for one)."""
    row = Expense.objects.filter(case_id=case_id).aggregate(
        n=Count("id"),
        gov=Coalesce(Sum("gov_share", filter=VERIFIED), 0),
        own=Coalesce(Sum("self_share", filter=VERIFIED), 0),
    )
    if row["n"]:
        return Spending(gov=row["gov"], own=row["own"])
    return Spending(gov=0, own=0) if _ledger_editions([case_id]) else None


def verified_spending_many(case_ids: list[int]) -> dict[int, Spending]:
    """``verified_spending`` for many cases in two queries (a case without a ledger is left out)."""
    rows = (
        Expense.objects.filter(case_id__in=case_ids)
        .values("case_id")
        .order_by()
        .annotate(
            gov=Coalesce(Sum("gov_share", filter=VERIFIED), 0),
            own=Coalesce(Sum("self_share", filter=VERIFIED), 0),
        )
    )
    found = {row["case_id"]: Spending(gov=row["gov"], own=row["own"]) for row in rows}
    for case_id in _ledger_editions([c for c in case_ids if c not in found]):
        found[case_id] = Spending(gov=0, own=0)
    return found


def case_expenses(*, case: Case, line: str = "", status: str = "", query: str = "") -> QuerySet[Expense]:
    expenses = Expense.objects.filter(case=case)
    if line:
        expenses = expenses.filter(line=line)
    if status:
        expenses = expenses.filter(status=status)
    if query:
        expenses = expenses.filter(Q(receipt_no__icontains=query) | Q(item__icontains=query))
    return expenses.select_related("recorded_by", "verified_by").order_by("spent_on", "id")


def verification_queue(*, cases: QuerySet[Case]) -> QuerySet[Expense]:
    """Expenses awaiting verification on ``cases`` (those the user may see), oldest first."""
    return (
        Expense.objects.filter(status=ExpenseStatus.PENDING, case__in=cases)
        .select_related("case", "recorded_by")
        .order_by("recorded_at", "id")
    )


@dataclass
class LineFigures:
    code: str
    label: str
    approved_gov: int = 0
    approved_self: int = 0
    claimed: int = 0  # recorded and not rejected
    spent_gov: int = 0
    spent_self: int = 0
    verified_gov: int = 0
    verified_self: int = 0
    pending: int = 0
    rejected: int = 0
    rows: int = 0

    @property
    def approved(self) -> int:
        return self.approved_gov + self.approved_self

    @property
    def spent(self) -> int:
        return self.spent_gov + self.spent_self

    @property
    def verified(self) -> int:
        return self.verified_gov + self.verified_self

    @property
    def remaining(self) -> int:
        return self.approved - self.spent

    @property
    def over(self) -> int:
        return max(self.spent - self.approved, 0)

    @property
    def share(self) -> str:
        return percent_text(self.spent, self.approved)


@dataclass
class LedgerFigures:
    lines: list[LineFigures] = field(default_factory=list)
    total: LineFigures | None = None


def line_figures(*, case: Case, ruleset: RuleSet, lang: str) -> LedgerFigures:
    """Per line of the case's budget (and any line expenses were recorded on): approved, spent (gov / self, not
    rejected), verified, pending and rejected, share of approved and remaining; one query."""
    labels = {item.code: text_in_language(item.label, lang) for item in ruleset.budget_lines}
    lines: dict[str, LineFigures] = {}
    for entry in case.budget_lines or []:
        lines[entry["code"]] = LineFigures(
            entry["code"], labels.get(entry["code"], entry["code"]), entry.get("gov") or 0, entry.get("self") or 0
        )
    rows = (
        Expense.objects.filter(case=case)
        .values("line")
        .order_by("line")
        .annotate(
            n=Count("id"),
            claimed=Coalesce(Sum("amount", filter=COUNTED), 0),
            gov=Coalesce(Sum("gov_share", filter=COUNTED), 0),
            own=Coalesce(Sum("self_share", filter=COUNTED), 0),
            vgov=Coalesce(Sum("gov_share", filter=VERIFIED), 0),
            vown=Coalesce(Sum("self_share", filter=VERIFIED), 0),
            pending=Coalesce(Sum("amount", filter=Q(status=ExpenseStatus.PENDING)), 0),
            rejected=Coalesce(Sum("amount", filter=Q(status=ExpenseStatus.REJECTED)), 0),
        )
    )
    for row in rows:
        figures = lines.setdefault(row["line"], LineFigures(row["line"], labels.get(row["line"], row["line"])))
        figures.rows, figures.claimed = row["n"], row["claimed"]
        figures.spent_gov, figures.spent_self = row["gov"], row["own"]
        figures.verified_gov, figures.verified_self = row["vgov"], row["vown"]
        figures.pending, figures.rejected = row["pending"], row["rejected"]
    total = LineFigures("", "")
    for figures in lines.values():
        for name in (
            "approved_gov",
            "approved_self",
            "claimed",
            "spent_gov",
            "spent_self",
            "verified_gov",
            "verified_self",
            "pending",
            "rejected",
            "rows",
        ):
            setattr(total, name, getattr(total, name) + getattr(figures, name))
    return LedgerFigures(list(lines.values()), total)


def closing_day(*, case: Case) -> datetime.date | None:
    """The day the case went to closing (its ``close`` action), or None before."""
    event = CaseEvent.objects.filter(case=case, action="close").order_by("-occurred_at").first()
    return timezone.localdate(event.occurred_at) if event else None


def verification_due(*, case: Case, ruleset: RuleSet) -> datetime.date | None:
    """The edition's verification deadline (``expense_write_off``, counted from the closing on the working-day
    calendar), once the case is closing; None when the edition sets none or the case is not closing yet."""
    if not any(item.code == "expense_write_off" for item in ruleset.deadlines):
        return None
    closed = closing_day(case=case)
    return edition_deadline(ruleset, "expense_write_off", anchor=closed) if closed else None


def import_jobs_recent(*, case: Case, limit: int = RECENT_IMPORTS) -> list[ExpenseImportJob]:
    """The case's latest imports without their (possibly long) list of problems."""
    jobs = ExpenseImportJob.objects.filter(case=case).select_related("requested_by").defer("row_errors")
    return list(jobs.order_by("-created_at", "-id")[:limit])


def import_job(*, case: Case, job_id: int) -> ExpenseImportJob:
    return ExpenseImportJob.objects.select_related("requested_by").get(case=case, pk=job_id)


# --- external accountants --------------------------------------------------------------------------------


def accountant_conflicts(*, case: Case, accountant: User) -> list[str]:
    """Why ``accountant`` must not audit ``case``: their firm is the case's company or counselling unit (by
    UBN), or the portal does not know their firm. Empty: no conflict."""
    profile = AccountantProfile.objects.filter(user_id=accountant.pk).first()
    if profile is None:
        return [_("The accountant's firm is not on record: the portal cannot check for a conflict of interest.")]
    found = []
    if profile.firm_ubn == case.company.ubn:
        found.append(_("The accountant's firm (UBN %(ubn)s) is the company of this case.") % {"ubn": profile.firm_ubn})
    if case.unit_id and profile.firm_ubn == case.unit.ubn:
        found.append(
            _("The accountant's firm (UBN %(ubn)s) is the counselling unit of this case.") % {"ubn": profile.firm_ubn}
        )
    return found


def case_accountants(*, case: Case) -> QuerySet[AccountantAssignment]:
    return (
        AccountantAssignment.objects.filter(case=case)
        .select_related("accountant__accountant_profile", "assigned_by")
        .order_by("assigned_at", "id")
    )


def accountants(*, active_only: bool = False) -> QuerySet[User]:
    """The external accountants with their firm and how many cases each is assigned to."""
    found = User.objects.filter(role=Role.ACCOUNTANT)
    if active_only:
        found = found.filter(is_active=True)
    return (
        found.select_related("accountant_profile")
        .annotate(assigned=Count("expense_assignments"))
        .order_by("full_name", "id")
    )


def assigned_cases(*, cases: QuerySet[Case]) -> QuerySet[Case]:
    """``cases`` (an accountant's assigned ones) with their expenses awaiting verification counted, newest
    assignment first."""
    return (
        cases.select_related("company")
        .annotate(
            pending=Count("expenses", filter=Q(expenses__status=ExpenseStatus.PENDING), distinct=True),
            recorded=Count("expenses", distinct=True),
        )
        .order_by("-pk")
    )
