"""The ledger as an Excel workbook: of one case (its instalments and releases) or of an edition (one row per
contract, with the totals above). Written row by row in openpyxl's write-only mode with the queue export's
cells, so that text typed by applicants is never read as a formula."""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from applications.models import Case, CaseStatus
from applications.queue_export import CONTENT_TYPE, sheet_cell
from programs.exports import FONT, HEAD_FILL, MONEY

from .models import InstalmentStatus
from .selectors import Ledger, Totals

DATE = "yyyy-mm-dd"
__all__ = ["CONTENT_TYPE", "case_ledger_workbook", "edition_ledger_workbook"]


def _sheet(book: Workbook, title: str, columns: list[tuple[str, int]], heading: list[str]):
    sheet = book.create_sheet(title[:31])
    for index, (_text, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    first = sheet_cell(sheet, heading[0], bold=True)
    first.font = Font(name=FONT, size=14, bold=True)
    sheet.append([first])
    for line in heading[1:]:
        sheet.append([sheet_cell(sheet, line)])
    header = []
    for text, _width in columns:
        cell = sheet_cell(sheet, text, bold=True)
        cell.fill = HEAD_FILL
        header.append(cell)
    sheet.append(header)
    return sheet


def _row(sheet, values: Iterable[tuple[object, str | None]]) -> list:
    return [sheet_cell(sheet, value, number_format=fmt if value is not None else None) for value, fmt in values]


def _save(book: Workbook) -> bytes:
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _exported() -> str:
    return _("Exported %(when)s") % {"when": timezone.localtime().strftime("%Y-%m-%d %H:%M")}


def case_ledger_workbook(*, case: Case, ledger: Ledger) -> bytes:
    book = Workbook(write_only=True)
    statuses = dict(InstalmentStatus.choices)
    columns = [
        (_("Instalment"), 12),
        (_("Share (%)"), 10),
        (_("Status"), 12),
        (_("Amount (NT$)"), 16),
        (_("Released on"), 13),
        (_("Released by"), 20),
        (_("Why it is withheld"), 40),
    ]
    figures = [
        _("Approved government funds (NT$): %(n)s") % {"n": f"{ledger.approved_gov:,}"},
        _("Disbursed (NT$): %(n)s") % {"n": f"{ledger.disbursed:,}"},
        _("Remaining (NT$): %(n)s") % {"n": f"{ledger.remaining:,}"},
        _("Clawback (NT$): %(n)s") % {"n": f"{ledger.clawback:,}"},
        (
            _("Spent (verified expenses): government NT$%(gov)s, self-funding NT$%(self)s")
            if ledger.verified
            else _("Spent: government NT$%(gov)s, self-funding NT$%(self)s")
        )
        % {"gov": f"{ledger.spent_gov:,}", "self": f"{ledger.spent_self:,}"},
    ]
    if ledger.declared_differs:
        figures.append(
            _("Declared in the latest progress report: government NT$%(gov)s, self-funding NT$%(self)s")
            % {"gov": f"{ledger.declared_gov:,}", "self": f"{ledger.declared_self:,}"}
        )
    sheet = _sheet(book, _("Ledger"), columns, [f"{case.reference} {case.title}", *figures, _exported()])
    for plan in ledger.plans:
        instalment = plan.instalment
        release = getattr(instalment, "release", None) if instalment.status == InstalmentStatus.RELEASED else None
        sheet.append(
            _row(
                sheet,
                [
                    (instalment.no, None),
                    (instalment.share, "0.00"),
                    (str(statuses[instalment.status]), None),
                    (plan.amount, MONEY),
                    (release.released_on if release else None, DATE),
                    (release.released_by.full_name if release else "", None),
                    (instalment.withheld_reason, None),
                ],
            )
        )
    return _save(book)


def edition_ledger_workbook(*, title: str, rows: Iterable[dict], totals: Totals) -> bytes:
    book = Workbook(write_only=True)
    statuses = {value: str(label) for value, label in CaseStatus.choices}
    columns = [
        (_("Reference"), 22),
        (_("Project title"), 36),
        (_("Company"), 30),
        (_("Status"), 12),
        (_("Approved (NT$)"), 15),
        (_("Disbursed (NT$)"), 15),
        (_("Remaining (NT$)"), 15),
        (_("Withheld (NT$)"), 14),
        (_("Clawback (NT$)"), 14),
        (_("Spent, government (NT$)"), 16),
        (_("Spent, self-funding (NT$)"), 16),
        (_("Spent from"), 16),
        (_("Declared, government (NT$)"), 16),
        (_("Declared, self-funding (NT$)"), 16),
        (_("Signed on"), 12),
        (_("Latest report"), 12),
    ]
    heading = [
        title,
        _("Contracts: %(n)s; approved NT$%(approved)s; disbursed NT$%(disbursed)s; clawback NT$%(clawback)s")
        % {
            "n": totals.cases,
            "approved": f"{totals.approved:,}",
            "disbursed": f"{totals.disbursed:,}",
            "clawback": f"{totals.clawback:,}",
        },
        _exported(),
    ]
    sheet = _sheet(book, _("Ledger"), columns, heading)
    for row in rows:
        sheet.append(
            _row(
                sheet,
                [
                    (row["case__reference"], None),
                    (row["case__title"], None),
                    (row["case__company__name"], None),
                    (statuses.get(row["case__status"], ""), None),
                    (row["gov_amount"], MONEY),
                    (row["disbursed"], MONEY),
                    (row["remaining"], MONEY),
                    (row["withheld"], MONEY),
                    (row["clawback"], MONEY),
                    (row["spent_gov"], MONEY),
                    (row["spent_self"], MONEY),
                    (str(_("verified expenses") if row.get("verified") else _("progress report")), None),
                    (row.get("declared_gov", row["spent_gov"]), MONEY),
                    (row.get("declared_self", row["spent_self"]), MONEY),
                    (row["signed_on"], DATE),
                    (row["last_report"], DATE),
                ],
            )
        )
    return _save(book)
