"""Text written into the Excel workbooks people download stays text: a cell beginning with = + - @ (or a tab or
carriage return) would otherwise be read by Excel as a formula — a name typed as ``=cmd|' /C calc'!A0`` would run
on the machine of whoever opens the file (formula injection). openpyxl stores such a string as a formula; these
helpers store it as a string, with Excel's quote prefix so that it stays text when the cell is edited."""

from openpyxl.cell.cell import Cell

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def text_only[C: Cell](cell: C) -> C:
    """Store the cell's text value as text, never as a formula (any cell kind, write-only cells too)."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_START):
            cell.quotePrefix = True
    return cell


def workbook_text_only(book) -> None:
    """Every text of a workbook that has no formulas of its own stored as text (call it before saving)."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    text_only(cell)
