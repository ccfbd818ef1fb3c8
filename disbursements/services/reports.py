"""Progress reports, filed by the case's company or counselling unit while the contract runs. Figures are
cumulative: a report never shows less progress, spending or visits than the one before it, nor an earlier
day. The final report (one per case) is the last, and its spending is what the final instalment is settled
on."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Case, CaseStatus
from applications.services import CaseRefused, TransitionNotAllowed
from portal.audit import audit_context
from portal.models import User

from ..models import Contract, ProgressReport, ReportKind
from .followups import case_kpi_keys, clean_kpi_actuals
from .inputs import parse_day, parse_money

REPORT_STATUSES = (CaseStatus.CONTRACTED, CaseStatus.IN_PROGRESS, CaseStatus.CLOSING)
TEXT_MAX = 4000
VISITS_MAX = 10000


def edition_counts_visits(case: Case) -> bool:
    """Whether the edition asks for on-site visits (it declares the fact ``site_visits``)."""
    from programs.rulesets import ruleset_for

    return "site_visits" in ruleset_for(case.edition).facts


def _progress(value: Any) -> Decimal:
    try:
        number = Decimal(str(value).strip()) if isinstance(value, (int, str, Decimal)) and value != "" else None
    except ArithmeticError:
        number = None
    if isinstance(value, bool) or number is None or not number.is_finite():
        raise CaseRefused({"progress": [_("Enter the work progress as a percentage, e.g. 60.00.")]})
    if not Decimal(0) <= number <= Decimal(100):
        raise CaseRefused({"progress": [_("Work progress is a percentage from 0 to 100.")]})
    return number.quantize(Decimal("0.01"))


def _checkpoints(case: Case, raw: Any) -> list[dict]:
    """``[{"index": n, "done": bool, "evidence": text}]`` against the case's checkpoint table."""
    if raw in (None, ""):
        return []
    if not isinstance(raw, list) or len(raw) > len(case.checkpoints):
        raise CaseRefused({"checkpoints": [_("Report on the checkpoints of the plan, each at most once.")]})
    clean, seen = [], set()
    for position, row in enumerate(raw):
        index = row.get("index") if isinstance(row, dict) else None
        if (
            isinstance(index, bool)
            or not isinstance(index, int)
            or not 0 <= index < len(case.checkpoints)
            or index in seen
        ):
            raise CaseRefused({f"checkpoints.{position}": [_("Not a checkpoint of the plan.")]})
        seen.add(index)
        evidence = str(row.get("evidence") or "").replace("\x00", "").strip()
        done = row.get("done") is True
        if done and not evidence:
            raise CaseRefused({f"checkpoints.{position}.evidence": [_("Name the evidence of a checkpoint done.")]})
        clean.append({"index": index, "done": done, "evidence": evidence[:TEXT_MAX]})
    return sorted(clean, key=lambda row: row["index"])


def _backwards(previous: ProgressReport | None, report: ProgressReport) -> dict[str, list[str]]:
    if previous is None:
        return {}
    errors: dict[str, list[str]] = {}
    figures = [
        ("as_of", _("the day")),
        ("progress", _("work progress")),
        ("spent_gov", _("spending of government funds")),
        ("spent_self", _("spending of self-funding")),
        ("site_visits", _("on-site visits")),
    ]
    for name, words in figures:
        before, now = getattr(previous, name), getattr(report, name)
        if before is not None and (now is None or now < before):
            errors[name] = [
                _("Reports are cumulative: %(what)s cannot go back from %(before)s (report of %(day)s).")
                % {"what": words, "before": _figure(before), "day": previous.as_of.isoformat()}
            ]
    return errors


def _figure(value) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


@transaction.atomic
def progress_report_file(*, actor: User, case: Case, data: dict[str, Any]) -> ProgressReport:
    """``data``: as_of, progress, spent_gov, spent_self, and optionally kind, site_visits, checkpoints,
    kpi_actuals, note. Raises PermissionDenied, TransitionNotAllowed (status, a final report already in) or
    CaseRefused (field messages); nothing is stored when it raises."""
    if not actor.has_perm("disbursements.report_progress", case):
        raise PermissionDenied(_("Only the case's company and counselling unit report its progress."))
    with audit_context(actor=actor, action="progress_report_file", case=case.pk):
        case = Case.objects.select_for_update(of=("self",)).select_related("edition").get(pk=case.pk)
        contract = Contract.objects.filter(case=case).first()
        if contract is None or case.status not in REPORT_STATUSES:
            raise TransitionNotAllowed(_("Progress is reported from the contract until the case is closing."))
        previous = ProgressReport.objects.filter(case=case).order_by("-as_of", "-id").first()
        if previous is not None and previous.kind == ReportKind.FINAL:
            raise TransitionNotAllowed(_("The final report is in: no report follows it."))
        report = _report(case, contract, data, actor)
        errors = _backwards(previous, report)
        if errors:
            raise CaseRefused(errors)
        report.save()
        return report


def _report(case: Case, contract: Contract, data: dict[str, Any], actor: User) -> ProgressReport:
    kind = data.get("kind") or ReportKind.PROGRESS
    if kind not in ReportKind.values:
        raise CaseRefused({"kind": [_("Choose the kind of report.")]})
    as_of = parse_day(data.get("as_of"), "as_of")
    if as_of > timezone.localdate():
        raise CaseRefused({"as_of": [_("A report is as of today or an earlier day.")]})
    if as_of < contract.signed_on:
        raise CaseRefused({"as_of": [_("A report is as of the contract's signing day or later.")]})
    spent_gov = parse_money(data.get("spent_gov"), "spent_gov")
    if spent_gov > contract.gov_amount:
        raise CaseRefused(
            {
                "spent_gov": [
                    _("Spending of government funds cannot exceed the NT$%(gov)s of the contract.")
                    % {"gov": f"{contract.gov_amount:,}"}
                ]
            }
        )
    visits = data.get("site_visits")
    if visits in ("", None):
        visits = None
    elif not edition_counts_visits(case):
        raise CaseRefused({"site_visits": [_("This programme does not count on-site visits.")]})
    elif isinstance(visits, bool) or not isinstance(visits, int) or not 0 <= visits <= VISITS_MAX:
        raise CaseRefused({"site_visits": [_("Enter the number of visits so far.")]})
    note = str(data.get("note") or "").replace("\x00", "").strip()
    if len(note) > TEXT_MAX:
        raise CaseRefused({"note": [_("At most %(max)s characters.") % {"max": TEXT_MAX}]})
    return ProgressReport(
        case=case,
        kind=kind,
        as_of=as_of,
        progress=_progress(data.get("progress")),
        spent_gov=spent_gov,
        spent_self=parse_money(data.get("spent_self"), "spent_self"),
        site_visits=visits,
        checkpoints=_checkpoints(case, data.get("checkpoints")),
        kpi_actuals=clean_kpi_actuals(data.get("kpi_actuals"), case_kpi_keys(case)),
        note=note,
        filed_by=actor,
    )
