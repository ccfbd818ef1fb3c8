"""The 經費累計表 as an Excel workbook, laid out as its printed form (``report_print``): the title block (計畫名稱,
計畫編號, 執行單位, 計畫期間, 填表日期 in ROC dates, the approved funds), one row per budget line with the approved
budget and the accumulated spending each as government funds / self-funding / total, the execution rate and the
balance, the totals, the notes and the signature row (製表、會計、負責人、單位印章). Amounts are numbers (NT$) and
the rate a percent, so that the unit's accountant can add to it. Headings are bilingual, as the portal's other
workbooks are."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from applications.models import Case
from portal.dates import roc_date
from portal.language import text_in_language
from portal.spreadsheets import workbook_text_only
from programs.exports import FONT, HEAD_FILL, MONEY
from programs.rules import RuleSet

from .report_print import accumulated_context
from .selectors import LedgerFigures, LineFigures

COLUMNS = 9  # line | approved gov, self, total | spent gov, self, total | rate | balance
WIDTHS = (26, 15, 15, 15, 15, 15, 15, 12, 15)
THIN = Side(style="thin", color="333333")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(name=FONT, bold=True)
UNTAXED, TAXED = "（未稅 without business tax）", "（含稅 with tax）"
SIGNATURES = (
    (1, "製表 Prepared by"),
    (3, "會計 Accountant"),
    (5, "負責人 Person in charge"),
    (7, "單位印章 Unit seal"),
)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _both(label, fallback: str) -> str:
    """An edition's label in both languages ("政府輔導經費 Government funds")."""
    zh, en = text_in_language(label, "zh-hant"), text_in_language(label, "en")
    return f"{zh} {en}".strip() if label else fallback


def _title_block(sheet, context: dict, figures: LedgerFigures) -> None:
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=COLUMNS)
    sheet["A1"] = "經費累計表 Accumulated spending report"
    sheet["A1"].font, sheet["A1"].alignment = Font(name=FONT, size=14, bold=True), CENTRE
    case, total = context["case"], figures.total
    executing = context["executing"] + (f"（受輔導業者 {context['company']}）" if context["company"] else "")
    rows = [
        ("計畫名稱 Project title", case.title, "計畫編號 Project number", case.reference),
        ("執行單位 Executing unit", executing, "填表日期 Date filled in", roc_date(context["filled_on"], "zh-hant")),
        (
            "計畫期間 Project period",
            f"{roc_date(context['period_start'], 'zh-hant')} ～ {roc_date(context['period_end'], 'zh-hant')}",
            "單位 Unit",
            "新臺幣元 NT$"
            + ("（未稅 without business tax）" if context["tax_basis"] == "untaxed" else "（含稅 with tax）"),
        ),
        ("核定經費 Approved funds", total.approved, context["gov_both"], total.approved_gov),
        ("", "", context["self_both"], total.approved_self),
    ]
    for offset, (label, value, label2, value2) in enumerate(rows, start=3):
        for column, text in ((1, label), (2, value), (5, label2), (6, value2)):
            cell = sheet.cell(row=offset, column=column, value=text)
            cell.font = BOLD if column in (1, 5) else Font(name=FONT)
            if isinstance(text, int):
                cell.number_format = MONEY
        sheet.merge_cells(start_row=offset, start_column=2, end_row=offset, end_column=4)
        sheet.merge_cells(start_row=offset, start_column=6, end_row=offset, end_column=COLUMNS)


def _headings(sheet, row: int, context: dict) -> None:
    """Two rows: the groups (核定經費, 累計實支) over their gov / self / total columns."""
    merged = [(1, "經費科目 Budget line"), (8, "執行率 Execution rate"), (9, "餘額 Balance")]
    for column, text in merged:
        sheet.merge_cells(start_row=row, start_column=column, end_row=row + 1, end_column=column)
        sheet.cell(row=row, column=column, value=text)
    for column, text in ((2, "核定經費 Approved budget"), (5, "累計實支 Accumulated spending")):
        sheet.merge_cells(start_row=row, start_column=column, end_row=row, end_column=column + 2)
        sheet.cell(row=row, column=column, value=text)
        for offset, part in enumerate((context["gov_both"], context["self_both"], "合計 Total")):
            sheet.cell(row=row + 1, column=column + offset, value=part)
    for r in (row, row + 1):
        for column in range(1, COLUMNS + 1):
            cell = sheet.cell(row=r, column=column)
            cell.font, cell.fill, cell.alignment, cell.border = BOLD, HEAD_FILL, CENTRE, BOX


def _line_row(sheet, row: int, line: LineFigures, label: str, *, bold: bool = False) -> None:
    share = None if line.share == "—" else Decimal(line.share) / 100
    values = [label, line.approved_gov, line.approved_self, line.approved, line.spent_gov, line.spent_self]
    for column, value in enumerate([*values, line.spent, share, line.remaining], start=1):
        cell = sheet.cell(row=row, column=column, value=value)
        cell.border, cell.font = BOX, BOLD if bold else Font(name=FONT)
        if column > 1:
            cell.number_format = "0.00%" if column == 8 else MONEY


def accumulated_workbook(*, case: Case, ruleset: RuleSet, figures: LedgerFigures, lang: str) -> bytes:
    context = accumulated_context(case=case, ruleset=ruleset, figures=figures, lang=lang)
    context["gov_both"] = _both(ruleset.labels.get("gov_total"), "政府補助款 Government funds")
    context["self_both"] = _both(ruleset.labels.get("self_total"), "自籌款 Self-funding")
    book = Workbook()
    sheet = book.active
    sheet.title = "經費累計表"
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    _title_block(sheet, context, figures)
    row = 9
    _headings(sheet, row, context)
    row += 2
    sheet.freeze_panes = sheet.cell(row=row, column=2)
    for line in figures.lines:
        _line_row(sheet, row, line, line.label)
        row += 1
    _line_row(sheet, row, figures.total, "合計 Total", bold=True)
    total = figures.total
    notes = [
        f"一、累計實支為已登錄且未退件之支出：已核銷 {total.verified:,} 元，待核銷 {total.pending:,} 元。"
        f" Accumulated spending counts every expense recorded and not rejected: NT${total.verified:,} verified, "
        f"NT${total.pending:,} awaiting verification.",
        "二、各項支出依核定經費預算表該科目之政府款與自籌款比率分攤。"
        " Each expense is shared between government funds and self-funding in the ratio of its approved line.",
        "三、執行率＝累計實支÷核定經費；餘額＝核定經費－累計實支。"
        " Execution rate: spending as a share of the approved line; balance: approved less spent.",
    ]
    for note in notes:
        row += 1
        sheet.cell(row=row, column=1, value=note).font = Font(name=FONT, size=9)
    row += 2
    for column, text in (
        (1, "製表 Prepared by"),
        (3, "會計 Accountant"),
        (5, "負責人 Person in charge"),
        (7, "單位印章 Unit seal"),
    ):
        sheet.cell(row=row, column=column, value=text).font = BOLD
    sheet.print_options.horizontalCentered = True
    sheet.page_setup.orientation, sheet.page_setup.fitToWidth = "landscape", 1
    workbook_text_only(book)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
