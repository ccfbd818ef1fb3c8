"""What submission would decide for a case: the edition's rules on the stored proposal (``proposal_check``)
plus what the portal itself requires of every filing — the application window, the company's consent to a
plan its counselling unit drafted, a unit where the edition has one, a period, the required documents and a
checkpoint table that reaches 100 %. Reads only; the services store the result."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applications.facts import company_facts, proposal_facts, unit_facts
from applications.models import Case, CaseDocument, StaffMember
from applications.validation import DECLARATIONS
from portal.dates import roc_date
from programs.models import Edition, EditionStatus
from programs.rules import EN, ERROR, ZH, Outcome, RuleSet
from programs.rules.proposal import ProposalResult, proposal_check
from programs.rulesets import ruleset_for

LANGUAGES = (ZH, EN)


@dataclass
class CaseCheck:
    result: ProposalResult
    portal: list[Outcome] = field(default_factory=list)

    @property
    def outcomes(self) -> list[Outcome]:
        return [*self.portal, *self.result.outcomes]

    @property
    def ready(self) -> bool:
        return not any(o.blocking for o in self.outcomes)

    def blocking(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.blocking]

    def section(self, name: str) -> list[Outcome]:
        return self.result.sections.get(name, [])


def _outcome(rule: str, passed: bool, message: str, **values) -> Outcome:
    return Outcome(rule, passed, ERROR, message, {k: str(v) for k, v in values.items()})


def _call(case: Case) -> Edition | None:
    """The published version of the case's edition: the office opens and closes a call by publishing a
    version, so its window holds also for cases drafted under an earlier one. None: no version is published."""
    if case.edition.status == EditionStatus.PUBLISHED:
        return case.edition
    return Edition.objects.filter(code=case.edition_code, status=EditionStatus.PUBLISHED).first()


def window_outcome(case: Case, today: datetime.date) -> Outcome:
    edition = _call(case)
    if edition is None:
        return _outcome("application_window", False, _("This call is no longer open."), opens="", closes="")
    opens, closes = edition.application_opens, edition.application_closes
    if edition.is_open_on(today):
        if closes is None:
            message = _("Applications are open; the closing date is still to be announced.")
        else:
            message = _("Applications are open until %(closes)s.") % {"closes": roc_date(closes)}
        return _outcome("application_window", True, message)
    if opens is not None and today < opens:
        message = _("Applications open on %(opens)s.") % {"opens": roc_date(opens)}
    else:
        message = _("Applications closed on %(closes)s.") % {"closes": roc_date(closes)}
    return _outcome("application_window", False, message, opens=opens or "", closes=closes or "")


def _portal_outcomes(case: Case, ruleset: RuleSet, documents: list[CaseDocument], today) -> list[Outcome]:
    outcomes = [window_outcome(case, today)]
    if case.drafted_by_unit:
        given = case.consented_at is not None
        outcomes.append(
            _outcome(
                "company_consent",
                given,
                _("The company has consented to the plan drafted by its counselling unit.")
                if given
                else _("The company must consent to the plan its counselling unit drafted before it is submitted."),
            )
        )
    if ruleset.unit_rules:
        outcomes.append(
            _outcome(
                "unit_chosen",
                case.unit_id is not None,
                _("Counselling / executing unit: %(unit)s.") % {"unit": case.unit.name}
                if case.unit_id
                else _("Choose the counselling / executing unit of this programme."),
            )
        )
    declared = all(case.declarations.get(name) is True for name in DECLARATIONS)
    outcomes.append(
        _outcome(
            "declarations_given",
            declared,
            _("The declarations are made.")
            if declared
            else _("Make the declarations: the information is true and complete, and the personal data consent."),
        )
    )
    has_period = case.period_start is not None and case.period_end is not None
    outcomes.append(
        _outcome(
            "period_given",
            has_period,
            _("Project period: %(start)s to %(end)s.")
            % {"start": roc_date(case.period_start), "end": roc_date(case.period_end)}
            if has_period
            else _("Enter the project period (start and end)."),
        )
    )
    uploaded = {d.kind for d in documents}
    filing = [d for d in ruleset.documents if d.extra.get("stage", "application") == "application"]
    missing = [d for d in filing if d.extra.get("required", True) and d.code not in uploaded]
    if filing:
        lang = translation.get_language()
        names = "、".join(_label(d.label, lang) for d in missing)
        outcomes.append(
            _outcome(
                "documents_uploaded",
                not missing,
                _("Every required document is uploaded.")
                if not missing
                else _("Upload the required documents: %(documents)s.") % {"documents": names},
                missing=",".join(d.code for d in missing),
            )
        )
    if case.checkpoints:
        last = case.checkpoints[-1].get("percent")
        complete = last is not None and str(last) in ("100", "100.00", "100.0")
        outcomes.append(
            _outcome(
                "checkpoints_reach_100",
                complete,
                _("The checkpoints reach 100 %.") if complete else _("The last checkpoint must reach 100 %."),
            )
        )
    return outcomes


def _label(text, lang: str | None) -> str:
    from portal.language import text_in_language

    return text_in_language(text, lang)


def case_check(
    case: Case,
    *,
    lang: str,
    staff: list[StaffMember] | None = None,
    documents: list[CaseDocument] | None = None,
    today: datetime.date | None = None,
    facts: dict | None = None,
) -> CaseCheck:
    """Evaluate the case as submission would, with messages in ``lang`` (``facts``: the case's proposal
    facts when the caller has them already)."""
    ruleset = ruleset_for(case.edition)
    documents = list(case.documents.all()) if documents is None else documents
    facts = proposal_facts(case, ruleset, staff) if facts is None else facts
    with translation.override(lang):
        result = proposal_check(
            ruleset,
            company=company_facts(case.company),
            unit=unit_facts(case.unit, project_start=case.period_start),
            facts=facts,
            lines=case.budget_lines,
            lang=lang,
        )
        portal = _portal_outcomes(case, ruleset, documents, today or timezone.localdate())
    return CaseCheck(result, portal)


def check_snapshot(case: Case) -> dict:
    """The stored form of the check, in every language (lists show it without evaluating)."""
    staff = list(case.staff.all())
    documents = list(case.documents.all())
    facts = proposal_facts(case, ruleset_for(case.edition), staff)
    outcomes, budget_outcomes, check = {}, {}, None
    for lang in LANGUAGES:
        check = case_check(case, lang=lang, staff=staff, documents=documents, facts=facts)
        outcomes[lang] = [o.as_dict() for o in check.outcomes]
        budget_outcomes[lang] = [o.as_dict() for o in check.section("budget")]
    budget = check.result.budget
    snapshot = {
        "ready": check.ready,
        "outcomes": outcomes,
        "budget": {
            "valid": budget["valid"],
            "totals": budget["totals"],
            "derived": budget.get("derived", {}),
            "outcomes": budget_outcomes,
        },
    }
    return json.loads(json.dumps(snapshot, cls=DjangoJSONEncoder))
