"""Whether each instalment of a case may be paid, and how much: the edition's conditions evaluated by the rule
engine's ``disbursement_plan`` — the public calculator's own code, so that the portal and the calculator give
identical answers — on the facts of the case's contract, its releases and its latest progress report. Besides
the edition's conditions the portal pays instalments in their order (outcome ``earlier_instalments_settled``).
Reads only."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from applications.models import CaseStatus
from portal.language import text_in_language
from programs.rules import ERROR, Outcome, RuleSet, disbursement_plan

from .models import Contract, Instalment, InstalmentStatus, ProgressReport, ReportKind

# Statuses in which an instalment may be released: from the contract to the final acceptance and after it.
RELEASE_STATUSES = (CaseStatus.CONTRACTED, CaseStatus.IN_PROGRESS, CaseStatus.CLOSING, CaseStatus.CLOSED)


@dataclass
class MoneyState:
    """What the conditions are judged on: the contract, its instalments (with their releases) and the latest
    progress report (cumulative, so the latest is also the highest)."""

    contract: Contract
    instalments: list[Instalment]
    latest: ProgressReport | None

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
    return {
        "approved_gov": state.contract.gov_amount,
        "signed": True,
        "progress": latest.progress if latest else Decimal(0),
        "disbursed": state.disbursed,
        "spent": latest.spent_gov if latest else 0,
        "accepted": state.contract.accepted_on is not None,
        # the final report's spending is the settled spending at closing
        "actual_spent_total": final.spent_gov if final else None,
    }


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
            plan.amount = row["amount"]
            plan.payable = status in RELEASE_STATUSES and not plan.failing
        plans.append(plan)
    return plans
