"""The facts an edition judges a case by. Company and unit facts come from their profiles, the period and
budget from the proposal, counts across cases from the database (``DERIVED``) — never from the form — and the
rest are the edition's declared facts as the applicant entered them."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone

from applications.models import Case, Debarment, DebarmentScope, StaffMember, StaffRole
from applications.models.cases import FILED_STATUSES
from programs.rules import RuleSet
from programs.rules.vocabulary import COMPANY_FACTS, UNIT_FACTS, engine_value

# The unit's facts that its profile holds (``project_start`` comes from the case).
UNIT_PROFILE_FACTS = tuple(name for name in UNIT_FACTS if name not in ("qualifications", "project_start"))
PERIOD_FACTS = ("project_start", "project_end")
CENT = Decimal("0.01")


def company_facts(company) -> dict[str, Any]:
    return {name: getattr(company, name) for name in COMPANY_FACTS}


def unit_facts(unit, *, project_start: datetime.date | None) -> dict[str, Any]:
    if unit is None:
        return {}
    facts = {name: getattr(unit, name) for name in UNIT_PROFILE_FACTS}
    facts["qualifications"] = [{"category": q.category, "expires_on": q.expires_on} for q in unit.qualifications.all()]
    facts["project_start"] = project_start
    return facts


def months_touched(start: datetime.date, end: datetime.date) -> int:
    """Calendar months a period touches: 1 March – 31 October is 8."""
    return (end.year * 12 + end.month) - (start.year * 12 + start.month) + 1


def _month_keys(start: datetime.date, end: datetime.date) -> Iterable[int]:
    return range(start.year * 12 + start.month, end.year * 12 + end.month + 1)


def _round2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


class CaseFacts:
    """Derives the database-backed facts of one case, querying each thing once."""

    def __init__(self, case: Case, staff: list[StaffMember] | None = None):
        self.case = case
        self.staff = list(case.staff.all()) if staff is None else staff
        self._others: list[StaffMember] | None = None

    def other_cases_staff(self) -> list[StaffMember]:
        """The same people's rows on the other filed cases (any programme: person-months count across all
        government projects this portal knows)."""
        if self._others is None:
            emails = {s.email.lower() for s in self.staff}
            self._others = (
                list(
                    StaffMember.objects.filter(email__in=emails, case__status__in=FILED_STATUSES)
                    .exclude(case=self.case)
                    .select_related("case")
                    .only(
                        "email", "role", "person_months", "case__period_start", "case__period_end", "case__edition_code"
                    )
                )
                if emails
                else []
            )
        return self._others

    def cases_this_year(self) -> int:
        """The company's other filed cases in the same programme and year (so that two tracks of one
        programme, e.g. a basic and an advanced track, count together)."""
        case = self.case
        return (
            Case.objects.filter(
                company_id=case.company_id,
                edition__programme_id=case.edition.programme_id,
                edition__year=case.edition.year,
                status__in=FILED_STATUSES,
            )
            .exclude(pk=case.pk)
            .count()
        )

    def pi_cases(self) -> int | None:
        """Cases of this edition led by this case's principal investigator, this one included."""
        pi = next((s for s in self.staff if s.role == StaffRole.PI), None)
        if pi is None:
            return None
        others = {
            s.case_id
            for s in self.other_cases_staff()
            if s.role == StaffRole.PI
            and s.email.lower() == pi.email.lower()
            and s.case.edition_code == self.case.edition_code
        }
        return len(others) + 1

    def max_staff_person_months(self) -> Decimal | None:
        """The highest total of person-months of any person on this case, over the filed cases whose period
        overlaps this one."""
        if not self.staff:
            return None
        totals: dict[str, Decimal] = defaultdict(Decimal)
        for row in self.staff:
            totals[row.email.lower()] += row.person_months
        start, end = self.case.period_start, self.case.period_end
        for row in self.other_cases_staff():
            other = row.case
            overlaps = (
                start is None
                or end is None
                or other.period_start is None
                or other.period_end is None
                or (other.period_start <= end and start <= other.period_end)
            )
            if overlaps:
                totals[row.email.lower()] += row.person_months
        return _round2(max(totals.values()))

    def max_person_months_per_month(self) -> Decimal | None:
        """One person's person-months in any calendar month of this case, over every filed case; a case's
        person-months are spread evenly over the calendar months its period touches."""
        start, end = self.case.period_start, self.case.period_end
        if not self.staff or start is None or end is None:
            return None
        load: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
        months = set(_month_keys(start, end))

        def spread(row: StaffMember, first: datetime.date, last: datetime.date) -> None:
            share = row.person_months / months_touched(first, last)
            for key in _month_keys(first, last):
                if key in months:
                    load[(row.email.lower(), key)] += share

        for row in self.staff:
            spread(row, start, end)
        for row in self.other_cases_staff():
            if row.case.period_start and row.case.period_end:
                spread(row, row.case.period_start, row.case.period_end)
        return _round2(max(load.values())) if load else None

    def _debarred(self, **scope) -> bool:
        today = timezone.localdate()
        return Debarment.objects.filter(
            company_id=self.case.company_id, starts_on__lte=today, ends_on__gte=today, **scope
        ).exists()

    def debarred_this_subsidy(self) -> bool:
        return self._debarred(scope=DebarmentScope.PROGRAMME, programme_id=self.case.edition.programme_id)

    def debarred_government_plans(self) -> bool:
        return self._debarred(scope=DebarmentScope.GOVERNMENT)

    def staffing_by_rank(self, rank: str) -> Decimal:
        return sum((s.person_months for s in self.staff if s.rank == rank), Decimal(0))

    def kpi_codes(self) -> list[str]:
        return [row["code"] for row in self.case.kpis if row.get("code")]

    def checkpoint_items(self) -> list[str]:
        return [row["code"] for row in self.case.checkpoints if row.get("code")]

    def checkpoint_progress(self) -> list[str]:
        return [str(row["percent"]) for row in self.case.checkpoints if row.get("percent") is not None]


# Fact name → how it is derived. The names are the editions' published fact names; an edition that
# declares one of them gets it from the database, and the proposal form does not ask for it.
DERIVED: dict[str, Callable[[CaseFacts], Any]] = {
    "cases_this_year": CaseFacts.cases_this_year,
    "pi_cases": CaseFacts.pi_cases,
    "max_staff_person_months": CaseFacts.max_staff_person_months,
    "max_person_months_per_month": CaseFacts.max_person_months_per_month,
    "kpis": CaseFacts.kpi_codes,
    "checkpoint_items": CaseFacts.checkpoint_items,
    "checkpoint_progress": CaseFacts.checkpoint_progress,
    "debarred_this_subsidy": CaseFacts.debarred_this_subsidy,
    "debarred_government_plans": CaseFacts.debarred_government_plans,
}
STAFFING_BY_RANK = "staffing_pm_"  # staffing_pm_<rank code>: person-months of that rank on the staffing table


def is_derived(name: str) -> bool:
    return name in DERIVED or name.startswith(STAFFING_BY_RANK)


def declared_fact_names(ruleset: RuleSet) -> list[str]:
    """The edition's facts the proposal form asks for."""
    return [name for name in ruleset.facts if not is_derived(name)]


def derived_facts(case: Case, ruleset: RuleSet, staff: list[StaffMember] | None = None) -> dict[str, Any]:
    source = CaseFacts(case, staff)
    facts: dict[str, Any] = {}
    for name in ruleset.facts:
        if name in DERIVED:
            facts[name] = DERIVED[name](source)
        elif name.startswith(STAFFING_BY_RANK):
            facts[name] = source.staffing_by_rank(name.removeprefix(STAFFING_BY_RANK))
    return facts


def proposal_facts(case: Case, ruleset: RuleSet, staff: list[StaffMember] | None = None) -> dict[str, Any]:
    """The case's own facts: declared, derived (which win: they are never taken from the form) and period."""
    declared = {
        name: engine_value(ruleset.facts[name]["type"], case.facts[name])
        for name in declared_fact_names(ruleset)
        if name in case.facts
    }
    return {
        **declared,
        **derived_facts(case, ruleset, staff),
        "project_start": case.period_start,
        "project_end": case.period_end,
    }
