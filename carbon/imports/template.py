"""The activity-data workbook to download, fill in and upload again: a data sheet pre-filled with the
inventory's sources for every month of its reporting period (the quantities left to fill), bilingual
instructions, and the lists the drop-downs use (factors, categories, sources, units).

Like programs/exports.py, the workbook is bilingual (zh-Hant and English side by side), so its text is
written here in both languages rather than translated into one.
"""

import datetime
from io import BytesIO

from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from carbon.calc.units import UNITS
from carbon.models import FactorKind, Inventory, Subcategory
from portal.spreadsheets import workbook_text_only

from .columns import COLUMNS
from .parse import DATA_SHEET
from .problems import MAX_BYTES, MAX_ROWS
from .selectors import import_template_factors, import_template_sources

FONT = "Microsoft JhengHei"
THIN = Side(style="thin", color="8A94A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="DCE6F2")
INPUT_FILL = PatternFill("solid", fgColor="FFF8DC")
TITLE = Font(name=FONT, size=14, bold=True, color="1D3F72")
BOLD = Font(name=FONT, bold=True)
PLAIN = Font(name=FONT)
MUTED = Font(name=FONT, size=10, color="5F6B7A")
WRAP = Alignment(wrap_text=True, vertical="top")
HEADER_ROW = 3
BLANK_ROWS = 50  # formatted empty rows after the pre-filled ones
VALIDATED_ROWS = 5_000  # rows the drop-downs and checks cover after the header

INSTRUCTIONS_SHEET = "說明 Instructions"
FACTORS_SHEET = "排放係數 Factors"
CATEGORIES_SHEET = "類別 Categories"
SOURCES_SHEET = "排放源 Sources"
UNITS_SHEET = "單位 Units"

COLUMN_HELP = {
    "source": ("排放源名稱。盤查中已有的排放源請照「排放源 Sources」工作表填寫；新名稱會新增為排放源。",
               "The source's name. Existing sources are listed on the Sources sheet; a new name creates a source."),
    "subcategory": ("ISO 14064-1:2018 類別代碼 1.1 至 6.1（見「類別 Categories」）。新排放源必填；既有排放源可留空。",
                    "ISO 14064-1:2018 sub-category code, 1.1 to 6.1 (see Categories). Required for a new source; "
                    "may be left empty for an existing one."),
    "factor": ("排放係數代碼（見「排放係數 Factors」）。既有排放源須與盤查中的係數相同。",
               "Emission factor code (see Factors). For an existing source it must be the factor it already uses."),
    "month": ("月份，格式 YYYY-MM（例：2024-01），須在盤查期間內；亦可輸入 Excel 日期。每個排放源每月一列。",
              "The month as YYYY-MM (e.g. 2024-01), inside the reporting period; an Excel date also works. One row "
              "per source per month."),
    "quantity": ("活動數據（不可為負數，最多 4 位小數）。留空的列不匯入。",
                 "The quantity (not negative, at most 4 decimals). Rows left without a quantity are skipped."),
    "unit": ("單位，須可換算為係數的單位：kWh、度、MWh、千度；L、公升、kL、公秉；m3、立方公尺、度（水）；kg、公斤、t、公噸…",  # noqa: E501
             "A unit that converts to the factor's unit: kWh, 度, MWh, 千度; L, kL, 公秉; m3, 千立方公尺, 度 (water); kg, t, 公噸…"),  # noqa: E501
    "note": ("備註（選填，最多 200 字），例如單據編號或估算方式。", "Note (optional, up to 200 characters), e.g. the invoice number."),  # noqa: E501
}  # fmt: skip

RULES = [
    ("請勿更改第 3 列的欄位名稱，也不要增加欄位；標題列之上的說明可以保留。",
     "Do not rename the headings on row 3 or add columns; the title lines above them may stay."),
    ("已有資料的同一排放源、同一月份，匯入後以本檔的數值取代。",
     "Data already entered for the same source and month is replaced by this file's values."),
    ("任何一列有錯誤時，整份檔案都不會匯入；頁面會列出每個錯誤的列號與欄位，修正後再上傳即可。",
     "If any row has a problem, nothing of the file is imported: the page lists each problem with its row and "
     "column; correct them and upload the file again."),
    (f"檔案上限 {MAX_BYTES // (1024 * 1024)} MB、{MAX_ROWS:,} 列；請以 .xlsx 格式儲存。",
     f"At most {MAX_BYTES // (1024 * 1024)} MB and {MAX_ROWS:,} rows; save the file as .xlsx."),
    ("黃色欄位為待填寫的活動數據；其餘欄位已依盤查的排放源與盤查期間預先填好。",
     "The yellow column is the quantity to fill in; the other columns are pre-filled from the inventory's "
     "sources and reporting period."),
]  # fmt: skip


SPELLED = {"kwh": "kWh", "mwh": "MWh", "gwh": "GWh", "l": "L", "kl": "kL", "gj": "GJ", "mj": "MJ", "tj": "TJ"}


def _units_for(canonical: str) -> list[str]:
    """The spellings of a unit the import accepts, as people write them (kWh, MWh, 度, 千度)."""
    spelled = {SPELLED.get(s, s) for s in UNITS.get(canonical, {})} | {canonical}
    return sorted(spelled, key=lambda s: (not s.isascii(), s.lower()))


def _months(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return months


def _in(lang: str, lazy) -> str:
    with translation.override(lang):
        return str(lazy)


def _heading(sheet, row: int, headings: list[str], widths: list[int]) -> None:
    for column, (text, width) in enumerate(zip(headings, widths, strict=True), start=1):
        cell = sheet.cell(row=row, column=column, value=text)
        cell.font, cell.fill, cell.border = BOLD, HEAD_FILL, BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=row + 1, column=1)


def _table(sheet, first_row: int, rows: list[tuple]) -> int:
    for r, values in enumerate(rows, start=first_row):
        for c, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            cell.font, cell.border, cell.alignment = PLAIN, BOX, WRAP
    return first_row + len(rows) - 1


def _list_validation(sheet, target: str, source_sheet: str, last_row: int, *, strict: bool, prompt: tuple[str, str]):
    check = DataValidation(
        type="list",
        formula1=f"{quote_sheetname(source_sheet)}!$A$2:$A${max(last_row, 2)}",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop" if strict else "warning",
        showInputMessage=True,
        promptTitle=prompt[0][:32],
        prompt=prompt[1][:255],
        errorTitle="請由清單選擇 Choose from the list"[:32],
        error=f"{prompt[1]}"[:255],
    )
    sheet.add_data_validation(check)
    check.add(target)


def import_template(*, inventory: Inventory) -> bytes:
    """The workbook for ``inventory`` as .xlsx bytes (three queries: the company, factors, sources)."""
    factors = list(import_template_factors().prefetch_related("gases"))
    sources = list(import_template_sources(inventory=inventory))
    months = _months(inventory.period_start, inventory.period_end)
    book = Workbook()
    book.properties.title = f"{inventory.title} — 活動數據匯入 Activity data import"
    book.properties.creator = "產業升級輔導與補助計畫入口網"

    data = book.active
    data.title = DATA_SHEET
    _data_sheet(data, inventory, sources, months)
    _instructions_sheet(book.create_sheet(INSTRUCTIONS_SHEET), inventory)
    last_factor = _factors_sheet(book.create_sheet(FACTORS_SHEET), factors)
    last_category = _categories_sheet(book.create_sheet(CATEGORIES_SHEET))
    last_source = _sources_sheet(book.create_sheet(SOURCES_SHEET), sources)
    last_unit = _units_sheet(book.create_sheet(UNITS_SHEET))

    first, last = HEADER_ROW + 1, HEADER_ROW + VALIDATED_ROWS
    if sources:
        _list_validation(
            data,
            f"A{first}:A{last}",
            SOURCES_SHEET,
            last_source,
            strict=False,
            prompt=(
                "排放源 Source",
                "既有排放源可由清單選擇；新名稱會新增排放源。Pick an existing source or type a new name.",
            ),
        )
    _list_validation(
        data,
        f"B{first}:B{last}",
        CATEGORIES_SHEET,
        last_category,
        strict=True,
        prompt=("類別 Category", "1.1 至 6.1，見類別工作表。A code from 1.1 to 6.1 (see Categories)."),
    )
    _list_validation(
        data,
        f"C{first}:C{last}",
        FACTORS_SHEET,
        last_factor,
        strict=True,
        prompt=("排放係數代碼 Factor code", "請由清單選擇係數代碼（見排放係數工作表）。Choose a code (see Factors)."),
    )
    _list_validation(
        data,
        f"F{first}:F{last}",
        UNITS_SHEET,
        last_unit,
        strict=False,
        prompt=("單位 Unit", "須可換算為係數的單位。A unit that converts to the factor's unit."),
    )
    month_check = DataValidation(
        type="custom",
        formula1=f'AND(LEN(D{first})=7,MID(D{first},5,1)="-")',
        allow_blank=True,
        errorStyle="warning",
        showErrorMessage=True,
        errorTitle="月份 Month",
        error="月份請填 YYYY-MM，例如 2024-01。Write the month as YYYY-MM.",
        showInputMessage=True,
        promptTitle="月份 Month",
        prompt="YYYY-MM，例：2024-01",
    )
    data.add_data_validation(month_check)
    month_check.add(f"D{first}:D{last}")
    quantity_check = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="活動數據 Quantity",
        error="請填不小於 0 的數字。Enter a number of at least 0.",
    )
    data.add_data_validation(quantity_check)
    quantity_check.add(f"E{first}:E{last}")

    workbook_text_only(book)  # source names, titles and company names are typed by people
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _data_sheet(sheet, inventory: Inventory, sources: list, months: list[datetime.date]) -> None:
    width = len(COLUMNS)
    end = get_column_letter(width)
    sheet["A1"] = f"{inventory.title} — 活動數據匯入 Activity data import"
    sheet["A1"].font = TITLE
    sheet.merge_cells(f"A1:{end}1")
    period = f"{inventory.period_start:%Y-%m} – {inventory.period_end:%Y-%m}"
    sheet["A2"] = (
        f"{inventory.company.name}　盤查期間 Reporting period：{period}　"
        "請先閱讀「說明 Instructions」工作表 · Read the Instructions sheet first"
    )
    sheet["A2"].font = MUTED
    sheet.merge_cells(f"A2:{end}2")
    _heading(sheet, HEADER_ROW, [f"{c.zh}\n{c.en}" for c in COLUMNS], [c.width for c in COLUMNS])
    sheet.row_dimensions[HEADER_ROW].height = 36
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{end}{HEADER_ROW}"
    row = HEADER_ROW + 1
    for source in sources:
        for month in months:
            values = (
                source.name,
                source.subcategory,
                source.factor.code,
                f"{month:%Y-%m}",
                None,
                source.factor.unit,
                None,
            )
            _data_row(sheet, row, values)
            row += 1
    for _ in range(BLANK_ROWS):
        _data_row(sheet, row, (None,) * width)
        row += 1
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _data_row(sheet, row: int, values: tuple) -> None:
    for column, (spec, value) in enumerate(zip(COLUMNS, values, strict=True), start=1):
        cell = sheet.cell(row=row, column=column, value=value)
        cell.font, cell.border = PLAIN, BOX
        if spec.key == "quantity":
            cell.number_format, cell.fill = "#,##0.00##", INPUT_FILL
        else:
            cell.number_format = "@"  # text: Excel must not turn 2024-01 or 1.1 into a date or a number


def _instructions_sheet(sheet, inventory: Inventory) -> None:
    sheet["A1"] = "活動數據匯入說明 · How to fill in the activity data"
    sheet["A1"].font = TITLE
    sheet.merge_cells("A1:C1")
    sheet["A2"] = (
        f"{inventory.title}（{inventory.company.name}）盤查期間 Reporting period "
        f"{inventory.period_start:%Y-%m} – {inventory.period_end:%Y-%m}"
    )
    sheet["A2"].font = MUTED
    sheet.merge_cells("A2:C2")
    _heading(sheet, 4, ["欄位 Column", "說明（中文）", "Explanation (English)"], [22, 64, 64])
    rows = [(f"{c.zh}\n{c.en}", *COLUMN_HELP[c.key]) for c in COLUMNS]
    last = _table(sheet, 5, rows)
    _heading(sheet, last + 2, ["規則 Rules", "說明（中文）", "Explanation (English)"], [22, 64, 64])
    last = _table(sheet, last + 3, [(str(n), zh, en) for n, (zh, en) in enumerate(RULES, start=1)])
    sheet.freeze_panes = None
    example = last + 2
    sheet.cell(row=example, column=1, value="範例 Example").font = BOLD
    example_rows = [
        ("廠區用電", "2.1", "tw-electricity-113", "2024-01", 41800, "度", "電費單 1 月"),
        ("堆高機柴油", "1.2", "epa-6.0.4-diesel-mobile", "2024-01", 320, "L", ""),
        ("自來水", "4.5", "dmmap-water", "2024-01", 310, "m3", "水費單"),
    ]
    for offset, text in enumerate([c.zh for c in COLUMNS]):
        cell = sheet.cell(row=example + 1, column=offset + 4, value=text)
        cell.font, cell.fill, cell.border = BOLD, HEAD_FILL, BOX
    for r, values in enumerate(example_rows, start=example + 2):
        for c, value in enumerate(values, start=4):
            cell = sheet.cell(row=r, column=c, value=value)
            cell.font, cell.border = PLAIN, BOX
    for letter in "DEFGHIJ":
        sheet.column_dimensions[letter].width = 16
    sheet.protection.sheet = True


def _factors_sheet(sheet, factors: list) -> int:
    _heading(
        sheet,
        1,
        [
            "代碼 Code",
            "名稱",
            "Name",
            "單位 Unit",
            "可用單位 Units accepted",
            "類型 Kind",
            "係數 kg / 單位 (per gas)",
            "係數集 Set",
            "公告年 Announced",
            "資料年度 Data year",
        ],
        [34, 30, 34, 10, 34, 18, 30, 18, 10, 10],
    )
    kinds = dict(FactorKind.choices)
    rows = []
    for factor in factors:
        gases = "；".join(f"{g.gas} {g.value.normalize():f}" for g in factor.gases.all())
        name = factor.name if isinstance(factor.name, dict) else {}
        rows.append(
            (
                factor.code,
                name.get("zh-hant", ""),
                name.get("en", ""),
                factor.unit,
                "、".join(_units_for(factor.unit)),
                " / ".join(_in(lang, kinds.get(factor.kind, factor.kind)) for lang in ("zh-hant", "en")),
                gases,
                factor.factor_set.code,
                factor.factor_set.year,
                factor.factor_set.data_year,
            )
        )
    sheet.protection.sheet = True
    return _table(sheet, 2, rows) if rows else 1


def _categories_sheet(sheet) -> int:
    _heading(sheet, 1, ["代碼 Code", "類別", "Category"], [10, 40, 56])
    rows = [(code, _in("zh-hant", label), _in("en", label)) for code, label in Subcategory.choices]
    sheet.protection.sheet = True
    return _table(sheet, 2, rows)


def _sources_sheet(sheet, sources: list) -> int:
    _heading(
        sheet,
        1,
        ["排放源 Source", "類別 Category", "排放係數代碼 Factor code", "單位 Unit", "納入 Included"],
        [34, 14, 34, 10, 12],
    )
    rows = [(s.name, s.subcategory, s.factor.code, s.factor.unit, "是 yes" if s.included else "否 no") for s in sources]
    sheet.protection.sheet = True
    return _table(sheet, 2, rows) if rows else 1


def _units_sheet(sheet) -> int:
    _heading(sheet, 1, ["單位 Unit", "換算為 Converts to"], [16, 16])
    rows = []
    for canonical in UNITS:
        rows.extend((spelling, canonical) for spelling in _units_for(canonical))
    sheet.protection.sheet = True
    return _table(sheet, 2, rows)
