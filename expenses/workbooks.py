"""Excel of the expense ledger: the import template (a data sheet with the case's budget lines as a drop-down,
bilingual headings and instructions), reading an uploaded workbook into rows. The 經費累計表 workbook is in
``report_workbook``.

Headings are bilingual (zh-Hant and English side by side), as the other workbooks of the portal, so that the
same file works for whoever fills it in."""

from __future__ import annotations

import datetime
import zipfile
from io import BytesIO

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from applications.models import Case
from applications.queue_export import CONTENT_TYPE
from portal.spreadsheets import workbook_text_only
from programs.exports import FONT, HEAD_FILL

__all__ = ["CONTENT_TYPE", "COLUMN_OF", "import_check_file", "import_rows", "import_template"]

DATA_SHEET = "經費支出 Expenses"
LINES_SHEET = "經費科目 Lines"
HEADER_ROW = 3
MAX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # what the .xlsx (a zip) unpacks to
# (key of the service's data, heading, width)
COLUMNS = [
    ("spent_on", "支出日期\nDate (YYYY-MM-DD)", 16),
    ("receipt_kind", "憑證種類（發票／收據）\nKind (invoice / receipt)", 18),
    ("receipt_no", "發票或收據號碼\nInvoice / receipt no.", 18),
    ("vendor_ubn", "廠商統一編號\nVendor UBN", 14),
    ("item", "品名（完整填寫）\nItem (in full)", 32),
    ("line", "經費科目\nBudget line", 22),
    ("amount_untaxed", "未稅金額\nAmount without tax (NT$)", 18),
    ("amount_taxed", "含稅金額\nAmount with tax (NT$)", 18),
]
COLUMN_OF = {key: get_column_letter(index) for index, (key, _h, _w) in enumerate(COLUMNS, start=1)}
PROGRESS_EVERY = 500  # rows read between two reports of the progress


def max_rows() -> int:
    """The most rows one import may hold (the setting EXPENSE_IMPORT_MAX_ROWS)."""
    return settings.EXPENSE_IMPORT_MAX_ROWS


class WorkbookRefused(ValueError):
    """The file is not the template. Its message is worded when it is read, in the language active then."""

    def __init__(self, text, **params):
        super().__init__(text)
        self.text, self.params = text, params

    def __str__(self) -> str:
        return str(self.text) % self.params if self.params else str(self.text)


def import_template(*, case: Case, lines: dict[str, str]) -> bytes:
    """The workbook to fill in for ``case``; ``lines``: {code: label} of its budget."""
    book = Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    sheet["A1"] = f"{case.reference} {case.title} — 經費支出匯入 Expense import"
    sheet["A1"].font = Font(name=FONT, size=14, bold=True)
    sheet["A2"] = (
        "任何一列有錯誤時整份檔案不會匯入；請修正後再上傳。If any row has a problem nothing is imported: correct "
        "it and upload the file again."
    )
    for index, (_key, heading, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=heading)
        cell.font, cell.fill = Font(name=FONT, bold=True), HEAD_FILL
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    options = book.create_sheet(LINES_SHEET)
    options.append(["經費科目 Line", "代碼 Code"])
    for code, label in lines.items():
        options.append([label, code])
    last = HEADER_ROW + max_rows()
    check = DataValidation(
        type="list", formula1=f"{quote_sheetname(LINES_SHEET)}!$A$2:$A${max(len(lines) + 1, 2)}", allow_blank=True
    )
    sheet.add_data_validation(check)
    check.add(f"F{HEADER_ROW + 1}:F{last}")
    kinds = DataValidation(type="list", formula1='"發票,收據"', allow_blank=True)
    sheet.add_data_validation(kinds)
    kinds.add(f"B{HEADER_ROW + 1}:B{last}")
    workbook_text_only(book)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, str):
        return value.strip()
    return value


def _sheet(upload):
    """The data sheet of the uploaded workbook (read only), its headings checked; WorkbookRefused otherwise."""
    if getattr(upload, "size", 0) > MAX_BYTES:
        raise WorkbookRefused(_("The file is larger than %(max)s MB."), max=MAX_BYTES // 1024 // 1024)
    try:
        with zipfile.ZipFile(upload) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
        upload.seek(0)
        if unpacked > MAX_UNPACKED_BYTES:
            raise WorkbookRefused(
                _("The workbook unpacks to more than %(limit)s MB; it cannot be read."),
                limit=MAX_UNPACKED_BYTES // 1024 // 1024,
            )
        book = load_workbook(upload, read_only=True, data_only=True)
    except WorkbookRefused:
        raise
    except Exception:  # noqa: BLE001 — openpyxl fails on damaged files with many kinds of exception
        raise WorkbookRefused(_("The file is not an Excel workbook (.xlsx).")) from None
    if DATA_SHEET not in book.sheetnames:
        book.close()
        raise WorkbookRefused(_("The workbook has no sheet “%(sheet)s”: use the template."), sheet=DATA_SHEET)
    sheet = book[DATA_SHEET]
    headings = next(sheet.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW, values_only=True), ())
    if [str(v or "").strip() for v in headings[: len(COLUMNS)]] != [heading for _k, heading, _w in COLUMNS]:
        book.close()
        raise WorkbookRefused(_("The headings on row 3 were changed: use the template."))
    return book, sheet


def import_check_file(upload) -> None:
    """Refuse at once (WorkbookRefused) a file that is not the template: not an .xlsx, too large, its sheet or
    headings changed. Reads the first rows only; the rows themselves are the worker's."""
    book, _data = _sheet(upload)
    book.close()
    upload.seek(0)


def import_rows(upload, progress=None) -> list[tuple[int, dict]]:
    """(row number, data) of every filled row of the data sheet; WorkbookRefused when the file is not the
    template or holds more rows than EXPENSE_IMPORT_MAX_ROWS. ``progress(done, expected)`` is told every
    PROGRESS_EVERY rows (``expected``: the sheet's own count of its rows, 0 when it keeps none)."""
    book, sheet = _sheet(upload)
    limit = max_rows()
    expected = max((sheet.max_row or 0) - HEADER_ROW, 0)
    rows = []
    try:
        for number, values in enumerate(sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True), HEADER_ROW + 1):
            if number > HEADER_ROW + 2 * limit:  # millions of empty rows are not walked to their end
                raise WorkbookRefused(
                    _("The sheet goes on past row %(last)s (empty rows count too): delete the rows below your data."),
                    last=f"{HEADER_ROW + 2 * limit:,}",
                )
            if progress is not None and number % PROGRESS_EVERY == 0:
                progress(number - HEADER_ROW, expected)
            values = [_cell(v) for v in values[: len(COLUMNS)]]
            if all(v in (None, "") for v in values):
                continue
            if len(rows) >= limit:
                raise WorkbookRefused(_("At most %(max)s rows at a time."), max=f"{limit:,}")
            rows.append((number, {key: value for (key, _h, _w), value in zip(COLUMNS, values, strict=False)}))
    finally:
        book.close()
    return rows
