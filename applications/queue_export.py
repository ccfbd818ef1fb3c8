"""The programme office's case queue as an Excel workbook: every case the filters match, streamed row by
row through openpyxl's write-only mode, headers and labels in the language of the page it came from.

Text typed by applicants (titles, company names) is written as text that Excel never evaluates, however it
begins: a cell starting with = + - @ would otherwise be read as a formula (formula injection)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from applications.models import CaseStatus
from portal.language import text_in_language
from portal.spreadsheets import text_only
from programs.exports import FONT, HEAD_FILL, MONEY

DATE = "yyyy-mm-dd"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _columns() -> list[tuple[str, int]]:
    """(heading, width) of each column, in the active language."""
    return [
        (_("Reference"), 20),
        (_("Project title"), 40),
        (_("Company"), 32),
        (_("UBN"), 11),
        (_("Counselling / executing unit"), 28),
        (_("Edition"), 44),
        (_("Year"), 7),
        (_("Status"), 14),
        (_("Requested government funds (NT$)"), 18),
        (_("Self-funding (NT$)"), 16),
        (_("Submitted on"), 12),
        (_("Supplement due"), 12),
        (_("Ready to submit"), 10),
    ]


def sheet_cell(sheet, value, *, bold: bool = False, number_format: str | None = None) -> WriteOnlyCell:
    """A write-only cell in the house font; text is never a formula (other floors' exports use it too)."""
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(name=FONT, bold=bold)
    text_only(cell)  # never a formula, whatever the text
    if number_format:
        cell.number_format = number_format
    return cell


def _local_day(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date()
    return value


def _ready(case: dict) -> str:
    if case["ready"] is None:
        return ""
    return _("Yes") if case["ready"] else _("No")


def _row(sheet, case: dict, statuses: dict[str, str]) -> list[WriteOnlyCell]:
    values = [
        (case["reference"], None),
        (case["title"], None),
        (case["company__name"], None),
        (case["company__ubn"], None),
        (case["unit__name"] or "", None),
        (text_in_language(case["edition__track"]), None),
        (case["edition__year"], None),
        (statuses.get(case["status"], ""), None),
        (case["requested_gov"], MONEY),
        (case["requested_self"], MONEY),
        (_local_day(case["submitted_at"]), DATE),
        (case["due"], DATE),
        (_ready(case), None),
    ]
    return [sheet_cell(sheet, value, number_format=fmt if value is not None else None) for value, fmt in values]


def queue_workbook(*, cases: Iterable[dict], filters: list[str]) -> bytes:
    """``cases``: the queue's rows (``selectors.case_queue``); ``filters``: the applied filters in words,
    written above the table."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Case queue")[:31])
    columns = _columns()
    for index, (_heading, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "B5"
    generated = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    title = sheet_cell(sheet, _("Case queue"), bold=True)
    title.font = Font(name=FONT, size=14, bold=True)
    sheet.append([title])
    sheet.append([sheet_cell(sheet, _("Filters: %(filters)s") % {"filters": "; ".join(filters) or _("none")})])
    sheet.append([sheet_cell(sheet, _("Exported %(when)s") % {"when": generated})])
    header = []
    for heading, _width in columns:
        cell = sheet_cell(sheet, heading, bold=True)
        cell.fill = HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        header.append(cell)
    sheet.append(header)
    statuses = {value: str(label) for value, label in CaseStatus.choices}
    for case in cases:
        sheet.append(_row(sheet, case, statuses))
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
