"""Whether each instalment of a case may be paid, and how much: the edition's conditions evaluated by the rule
engine's ``disbursement_plan`` — the public calculator's own code, so that the portal and the calculator give
identical answers — on the facts of the case's contract, its releases and its latest progress report. Besides
the edition's conditions the portal pays instalments in their order (outcome ``earlier_instalments_settled``).
Reads only."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from applications.models import CaseStatus
from portal.language import text_in_language
from programs.rules import ERROR, WARNING, Outcome, RuleSet, disbursement_plan

from .models import Contract, Instalment, InstalmentStatus, ProgressReport, ReportKind

# Statuses in which an instalment may be released: from the contract to the final acceptance and after it.
RELEASE_STATUSES = (CaseStatus.CONTRACTED, CaseStatus.IN_PROGRESS, CaseStatus.CLOSING, CaseStatus.CLOSED)


@dataclass(frozen=True)
class Spending:
    """A case's spending as a ledger of receipts verifies it (government funds and self-funding, NT$)."""

    gov: int
    own: int


# Where verified spending comes from (the expenses app registers its ledger when it loads): a source answers
# for a case id, or None when the case keeps no ledger of receipts (its reports' declared figures then count);
# its ``many`` form answers for many case ids at once (one query), leaving out the cases without a ledger.
SPENDING_SOURCES: list[Callable[[int], Spending | None]] = []
SPENDING_SOURCES_MANY: list[Callable[[list[int]], dict[int, Spending]]] = []


def spending_source_register(
    source: Callable[[int], Spending | None], *, many: Callable[[list[int]], dict[int, Spending]] | None = None
) -> None:
    if source not in SPENDING_SOURCES:
        SPENDING_SOURCES.append(source)
    if many is not None and many not in SPENDING_SOURCES_MANY:
        SPENDING_SOURCES_MANY.append(many)


def verified_spending_of(case_id: int) -> Spending | None:
    for source in SPENDING_SOURCES:
        found = source(case_id)
        if found is not None:
            return found
    return None


def verified_spending_of_many(case_ids: Iterable[int]) -> dict[int, Spending]:
    """case id → its verified spending, for those of ``case_ids`` that keep a ledger of receipts."""
    ids = list(case_ids)
    found: dict[int, Spending] = {}
    for source in SPENDING_SOURCES_MANY if ids else []:
        for case_id, spending in source(ids).items():
            found.setdefault(case_id, spending)
    return found


@dataclass
class MoneyState:
    """What the conditions are judged on: the contract, its instalments (with their releases), the latest
    progress report (cumulative, so the latest is also the highest) and the verified ledger's spending (None:
    the case keeps no ledger of receipts)."""

    contract: Contract
    instalments: list[Instalment]
    latest: ProgressReport | None
    verified: Spending | None = None

    @property
    def disbursed(self) -> int:
        return sum(i.release.amount for i in self.instalments if i.status == InstalmentStatus.RELEASED)


@dataclass
class InstalmentPlan:
    instalment: Instalment
    label: str
    amount: int  # paid (released), or what it would pay now (planned), or its planned share (withheld)
    outcomes: list[Outcome] = field(default_factory=list)
    payable: bool = False  # planned, and every condition holds now

    @property
    def failing(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.blocking]


def instalment_facts(state: MoneyState) -> dict[str, Any]:
    """The facts of the calculator's ``disbursement-plan`` (spec/api.md) for this case, as of now."""
    latest = state.latest
    final = latest if latest is not None and latest.kind == ReportKind.FINAL else None
    # spending is the verified ledger's where the case keeps one, else the latest report's declared figure
    spent = state.verified.gov if state.verified is not None else (latest.spent_gov if latest else 0)
    return {
        "approved_gov": state.contract.gov_amount,
        "signed": True,
        "progress": latest.progress if latest else Decimal(0),
        "disbursed": state.disbursed,
        "spent": spent,
        "accepted": state.contract.accepted_on is not None,
        # the spending at the final report is the settled spending at closing
        "actual_spent_total": spent if final else None,
    }


def declared_outcome(state: MoneyState) -> Outcome | None:
    """A warning for the office when the latest report declares more government spending than the verified
    ledger holds (None: nothing declared, no ledger, or the ledger supports the figure)."""
    latest, verified = state.latest, state.verified
    if latest is None or verified is None or latest.spent_gov <= verified.gov:
        return None
    message = _(
        "The report of %(day)s declares NT$%(declared)s of government funds spent; the verified expenses support "
        "NT$%(verified)s."
    ) % {"day": latest.as_of.isoformat(), "declared": f"{latest.spent_gov:,}", "verified": f"{verified.gov:,}"}
    values = {"declared": latest.spent_gov, "verified": verified.gov}
    return Outcome("declared_spending_supported", False, WARNING, message, values)


def stored_facts(inputs: dict[str, Any]) -> dict[str, Any]:
    """Facts stored with an evaluation (JSON) back in the engine's types: percentages as Decimal."""
    facts = dict(inputs)
    if facts.get("progress") is not None:
        facts["progress"] = Decimal(str(facts["progress"]))
    return facts


def _order_outcome(instalment: Instalment, earlier: list[Instalment]) -> Outcome:
    open_ = [i.no for i in earlier if i.status == InstalmentStatus.PLANNED]
    if open_:
        message = _("Instalment %(open)s is still planned: instalments are paid or withheld in their order.") % {
            "open": "、".join(str(no) for no in open_)
        }
    else:
        message = _("Every earlier instalment is paid or withheld.")
    return Outcome("earlier_instalments_settled", not open_, ERROR, message, {"open": open_})


def _withheld_outcome(instalment: Instalment) -> Outcome:
    message = _("Withheld: %(reason)s") % {"reason": instalment.withheld_reason}
    return Outcome("instalment_withheld", False, ERROR, message, {})


def instalment_plans(state: MoneyState, *, ruleset: RuleSet, status: str, lang: str) -> list[InstalmentPlan]:
    """Each instalment with its amount and its conditions: a released one as it was released (the stored
    evaluation's inputs evaluated again, in ``lang``), a planned one on the facts of now."""
    labels = {item.no: text_in_language(item.label, lang) for item in ruleset.instalments}
    now = {row["no"]: row for row in disbursement_plan(ruleset, instalment_facts(state), lang=lang).data["instalments"]}
    plans = []
    for index, instalment in enumerate(state.instalments):
        plan = InstalmentPlan(instalment, labels.get(instalment.no, str(instalment.no)), instalment.planned_amount)
        if instalment.status == InstalmentStatus.RELEASED:
            release = instalment.release
            then = disbursement_plan(ruleset, stored_facts(release.evaluation.inputs), lang=lang).data["instalments"]
            plan.amount = release.amount
            plan.outcomes = [o for row in then if row["no"] == instalment.no for o in row["outcomes"]]
        elif instalment.status == InstalmentStatus.WITHHELD:
            plan.outcomes = [_withheld_outcome(instalment)]
        else:
            row = now[instalment.no]
            earlier = state.instalments[:index]
            plan.outcomes = ([_order_outcome(instalment, earlier)] if earlier else []) + list(row["outcomes"])
            if (declared := declared_outcome(state)) is not None:
                plan.outcomes.append(declared)
            plan.amount = row["amount"]
            plan.payable = status in RELEASE_STATUSES and not plan.failing
        plans.append(plan)
    return plans
