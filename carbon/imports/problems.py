"""What can be wrong with an uploaded workbook, as stable codes with parameters.

A problem is stored on the job as JSON (``ImportJob.row_errors``) with its code and parameters, so the
page can word it in the reader's language; ``message`` keeps the wording of the language that was active
when it was found (the worker's default) for readers of the raw JSON.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from carbon.factor_checks import MESSAGES as FACTOR_MESSAGES

MAX_BYTES = 5 * 1024 * 1024  # the upload
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024  # what the .xlsx (a zip) unpacks to
MAX_ROWS = 50_000  # rows of data
# The last row number of the sheet that is read: data with blank rows between, far below the header, still fits;
# a sheet of millions of empty rows (a few hundred KB zipped) is refused before it is walked to its end.
MAX_SHEET_ROW = 2 * MAX_ROWS
MAX_STORED_PROBLEMS = 1_000  # problems kept on the job; the rest are counted

MESSAGES = {
    # the file
    "file_empty": _("The file is empty."),
    "file_too_large": _("The file is larger than %(limit)s MB."),
    "not_xlsx": _("This file is not an Excel workbook (.xlsx). Save it as an .xlsx workbook and upload it again."),
    "corrupt": _("The workbook cannot be read; it may be damaged. Open it in Excel, save it as .xlsx and upload it again."),  # noqa: E501
    "unpacked_too_large": _("The workbook unpacks to more than %(limit)s MB; it cannot be read."),
    "too_many_rows": _("The workbook has more than %(limit)s rows of data. Split it into several files."),
    "no_rows": _("The workbook has no rows of activity data."),
    "sheet_too_long": _("The sheet goes on past row %(limit)s (empty rows count too). Delete the rows below your "
                        "data, or split it into several files."),
    # the header row
    "missing_columns": _("Columns missing: %(missing)s. The expected columns are: %(expected)s."),
    "unknown_column": _("Unknown column “%(heading)s”. The expected columns are: %(expected)s."),
    "duplicate_column": _("The column “%(heading)s” appears twice."),
    # a row
    "required": _("This cell is required."),
    "subcategory_required": _("Give the category of this new source (1.1 to 6.1)."),
    "not_number": _("“%(value)s” is not a number."),
    "negative": _("A quantity cannot be negative."),
    "number_too_large": _("The quantity is too large."),
    "unknown_factor": _("Unknown emission factor code “%(value)s”. The Factors sheet of the template lists the codes."),
    "unit_mismatch": FACTOR_MESSAGES["unit_mismatch"],
    "unknown_subcategory": _("Unknown category “%(value)s”: use a code from 1.1 to 6.1 (the Categories sheet lists them)."),  # noqa: E501
    "bad_month": _("“%(value)s” is not a month: write it as YYYY-MM, e.g. 2024-01."),
    "month_outside": _("%(month)s is outside the reporting period (%(start)s to %(end)s)."),
    "duplicate_row": _("“%(source)s” already has a row for %(month)s (row %(first)s)."),
    "factor_differs": _("The source “%(source)s” uses factor %(existing)s in the inventory, not %(value)s."),
    "subcategory_differs": _("The source “%(source)s” is in category %(existing)s in the inventory, not %(value)s."),
    "factor_inconsistent": _("Row %(first)s gives the source “%(source)s” factor %(other)s: a source has one factor."),
    "subcategory_inconsistent": _("Row %(first)s puts the source “%(source)s” in category %(other)s: a source has one category."),  # noqa: E501
    "too_long": _("At most %(limit)s characters."),
    "changed_meanwhile": _("The source “%(source)s” was changed while the file was read: upload the file again."),
    "unexpected": _("The import stopped on an unexpected error. Nothing was imported: try again, or tell the programme office."),  # noqa: E501
    "file_missing": _("The uploaded file is no longer there: upload it again."),
    "more_problems": _("… and %(count)s more problems, not listed. Correct these first."),
}  # fmt: skip


@dataclass(frozen=True)
class Problem:
    code: str
    row: int | None = None  # the worksheet's row number (1-based), None for the whole file
    column: str = ""  # the column letter, "" when the problem is not in one cell
    params: dict = field(default_factory=dict)

    def message(self) -> str:
        return describe(self.code, self.params)

    def as_json(self) -> dict:
        return {
            "row": self.row,
            "column": self.column,
            "code": self.code,
            "params": self.params,
            "message": self.message(),
        }


class ImportFileError(Exception):
    """The file as a whole cannot be read: nothing of it is looked at further."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.problem = Problem(code=code, params=params)


def describe(code: str, params: dict | None = None) -> str:
    """The problem worded in the active language."""
    template = MESSAGES.get(code)
    if template is None:
        return code
    text = str(template)  # translated now, in the active language
    try:
        return text % (params or {})
    except (KeyError, TypeError, ValueError):
        return text


def describe_stored(entry: dict) -> str:
    """A problem as stored on a job, worded in the active language (its stored message if the code is gone)."""
    code = entry.get("code", "")
    if code in MESSAGES:
        return describe(code, entry.get("params") or {})
    return str(entry.get("message", code))


def stored_problems(problems: list[Problem], *, total: int | None = None) -> list[dict]:
    """The first MAX_STORED_PROBLEMS as JSON, and a last entry counting the rest."""
    total = len(problems) if total is None else total
    kept = [p.as_json() for p in problems[:MAX_STORED_PROBLEMS]]
    if total > len(kept):
        kept.append(Problem(code="more_problems", params={"count": f"{total - len(kept):,}"}).as_json())
    return kept
