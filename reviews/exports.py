"""The panel and every score sheet of an edition's round as Excel workbooks, for the review meeting."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from programs.rules.text import pick
from programs.rulesets import ruleset_for

FONT = "Microsoft JhengHei"
HEAD_FILL = PatternFill("solid", fgColor="DCE6F2")
FLAG_FILL = PatternFill("solid", fgColor="FFF4E0")
SCORE = "0.00"


def _head(sheet, row: int, titles: list[str]) -> None:
    for column, text in enumerate(titles, start=1):
        cell = sheet.cell(row=row, column=column, value=text)
        cell.font = Font(name=FONT, bold=True)
        cell.fill = HEAD_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _widths(sheet, widths: list[int]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _number(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _save(book: Workbook) -> bytes:
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def panel_workbook(*, code: str, round: int, rows: list[dict], lang: str) -> bytes:
    """One row per case: rank, reference, title, company, request, each reviewer's total, mean, spread."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Panel")[:31]
    sheet["A1"] = _("Review panel %(code)s, round %(round)s") % {"code": code, "round": round}
    sheet["A1"].font = Font(name=FONT, size=14, bold=True)
    width = max((len(r["sheets"]) for r in rows), default=0)
    titles = [_("Ranking"), _("Reference"), _("Project title"), _("Company"), _("Government funds requested (NT$)")]
    titles += [_("Reviewer %(no)s") % {"no": n} for n in range(1, width + 1)]
    titles += [_("Mean"), _("Spread"), _("Spread above the threshold")]
    _head(sheet, 3, titles)
    for index, row in enumerate(rows, start=4):
        totals = [_number(s["total"]) for s in row["sheets"]] + [None] * (width - len(row["sheets"]))
        values = [
            row["rank"],
            row["reference"],
            row["title"],
            row["company"],
            row["requested_gov"],
            *totals,
            _number(row["mean"]),
            _number(row["spread"]),
            _("Yes") if row["flagged"] else "",
        ]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=index, column=column, value=value)
            cell.font = Font(name=FONT)
            if isinstance(value, Decimal):
                cell.number_format = SCORE
            elif column == 5:
                cell.number_format = "#,##0"
            if row["flagged"]:
                cell.fill = FLAG_FILL
    _widths(sheet, [8, 22, 40, 30, 16] + [12] * width + [10, 10, 12])
    sheet.freeze_panes = "C4"
    return _save(book)


def sheets_workbook(*, code: str, round: int, cases, lang: str) -> bytes:
    """One row per submitted sheet: the case, the reviewer, each criterion's score and weighted score, the
    bonus counted, the total and the comments."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Score sheets")[:31]
    sheet["A1"] = _("Score sheets %(code)s, round %(round)s") % {"code": code, "round": round}
    sheet["A1"].font = Font(name=FONT, size=14, bold=True)
    rows, labels = [], {}
    for case in cases:
        rubric = ruleset_for(case.edition).rubric
        for criterion in rubric.criteria if rubric else ():
            labels.setdefault(criterion.code, pick(criterion.label, lang, criterion.code))
        for assignment in case.sheets_shown:
            score = getattr(assignment, "sheet", None)
            if score is not None and score.submitted:
                rows.append((case, assignment, score))
    codes = list(labels)
    titles = [_("Reference"), _("Project title"), _("Reviewer")]
    for code in codes:
        titles += [
            _("%(criterion)s: score") % {"criterion": labels[code]},
            _("%(criterion)s: weighted") % {"criterion": labels[code]},
        ]
    titles += [_("Bonus counted"), _("Total"), _("Comments")]
    _head(sheet, 3, titles)
    for index, (case, assignment, score) in enumerate(rows, start=4):
        by_code = {item["code"]: item for item in score.criteria}
        values = [case.reference, case.title, assignment.reviewer.full_name]
        for criterion in codes:
            item = by_code.get(criterion)
            values += [_number(item["score"]) if item else None, _number(item["weighted"]) if item else None]
        comments = [f"{labels.get(c, c)}：{t}" for c, t in score.comments.items()] + [score.comment] * bool(
            score.comment
        )
        values += [score.bonus_counted, score.total, "\n".join(comments)]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=index, column=column, value=value)
            cell.font = Font(name=FONT)
            cell.alignment = Alignment(vertical="top", wrap_text=column == len(values))
            if isinstance(value, Decimal):
                cell.number_format = SCORE
    _widths(sheet, [22, 40, 16] + [11] * (2 * len(codes)) + [10, 10, 60])
    sheet.freeze_panes = "D4"
    return _save(book)
