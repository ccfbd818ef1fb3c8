"""Sheets and panel rows as the API and the pages show them (one shape for both)."""

from __future__ import annotations

from decimal import Decimal

from programs.rules import Result
from programs.rulesets import ruleset_for
from reviews.models import Assignment, ScoreSheet
from reviews.selectors import spread_flag
from reviews.services.sheets import sheet_score


def decimals(values: dict[str, str]) -> dict[str, Decimal]:
    return {code: Decimal(value) for code, value in values.items()}


def sheet_result(sheet: ScoreSheet, *, lang: str) -> Result:
    """The rubric's answer for a stored sheet, recomputed on its own edition version (which never changes)."""
    return sheet_score(ruleset_for(sheet.edition), decimals(sheet.scores), decimals(sheet.bonus), lang=lang)


def sheet_view(sheet: ScoreSheet, *, lang: str, result: Result | None = None) -> dict:
    result = result or sheet_result(sheet, lang=lang)
    return {
        **result.data,
        "outcomes": [o.as_dict() for o in result.outcomes],
        "scores": dict(sheet.scores),
        "bonus_given": dict(sheet.bonus),
        "comments": dict(sheet.comments),
        "comment": sheet.comment,
        "submitted": sheet.submitted,
        "submitted_at": sheet.submitted_at,
    }


def _two(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _panel_sheet(assignment: Assignment, *, office: bool) -> dict:
    sheet = getattr(assignment, "sheet", None)
    submitted = sheet is not None and sheet.submitted
    # the office counts submitted sheets only; a reviewer sees their own draft's total too
    shown = sheet is not None and (submitted or not office)
    return {
        "reviewer": assignment.reviewer_id,
        "reviewer_name": assignment.reviewer.full_name,
        "total": _two(sheet.total) if shown else None,
        "submitted": submitted,
    }


def panel_row(case, *, office: bool) -> dict:
    """A case of the panel. Before the decision a reviewer sees only their own sheet: no mean, spread or rank,
    which would reveal the others' scores."""
    scored = office and case.mean is not None
    return {
        "case": case.pk,
        "reference": case.reference,
        "title": case.title,
        "company": case.company.name,
        "requested_gov": case.requested_gov,
        "sheets": [_panel_sheet(a, office=office) for a in case.sheets_shown],
        "mean": _two(case.mean) if scored else None,
        "spread": _two(case.spread) if scored else None,
        "rank": case.rank if scored else None,
        "flagged": bool(scored and case.spread is not None and case.spread > spread_flag()),
    }
