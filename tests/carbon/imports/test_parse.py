"""Reading and checking activity workbooks: every row checked, every problem with its row and column."""

import datetime
import io
import os
import zipfile
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import Workbook

from carbon.imports.parse import parse_workbook
from carbon.imports.problems import MAX_BYTES, MAX_ROWS, ImportFileError
from tests.carbon.factories import EmissionSourceFactory

from .workbooks import DIESEL, ELECTRICITY, GOOD_ROWS, HEADER, WATER, xlsx

pytestmark = pytest.mark.django_db


def parse(inventory, content: bytes):
    return parse_workbook(io.BytesIO(content), inventory=inventory)


def found(parsed) -> list[tuple]:
    return [(p.row, p.column, p.code) for p in parsed.problems]


def file_error(inventory, content: bytes) -> str:
    with pytest.raises(ImportFileError) as caught:
        parse(inventory, content)
    return caught.value.problem.code


def test_a_good_workbook_gives_every_row_exactly(inventory):
    existing = EmissionSourceFactory(inventory=inventory, name="廠區用電", subcategory="2.1", factor_code=ELECTRICITY)
    parsed = parse(inventory, xlsx(GOOD_ROWS))
    assert parsed.ok, parsed.problems
    assert parsed.rows_total == 4 and parsed.skipped == 0
    rows = {(r.source, r.month): r for r in parsed.rows}
    january = rows["廠區用電", datetime.date(2024, 1, 1)]
    assert (january.row, january.quantity, january.unit) == (2, Decimal("41800.0000"), "度")
    assert january.note == "電費單 1 月"
    assert january.source_id == existing.pk
    assert rows["廠區用電", datetime.date(2024, 2, 1)].quantity == Decimal("38200.5")
    diesel = rows["堆高機柴油", datetime.date(2024, 3, 1)]  # an Excel date is a month too
    assert (diesel.source_id, diesel.subcategory, diesel.factor_code) == (None, "1.2", DIESEL)
    water = rows["自來水", datetime.date(2024, 3, 1)]
    assert water.subcategory == "4.5"  # typed as a number
    assert (water.quantity, water.unit) == (Decimal("1.25"), "千立方公尺")


def test_title_lines_above_the_header_english_headings_and_any_column_order(inventory):
    header = ["Month (YYYY-MM)", "Quantity", "Unit", "Source name", "Factor code", "Subcategory"]
    rows = [
        ("2024-04", 12, "kWh", "辦公室用電", ELECTRICITY, "2.1"),
        ("2024-13", 5, "kWh", "辦公室用電", ELECTRICITY, "2.1"),
    ]
    parsed = parse(inventory, xlsx(rows, header=header, above=[("某公司 活動數據",), ("盤查期間 2024",), ()]))
    assert found(parsed) == [(6, "A", "bad_month")]  # header on row 4; the month is column A of this file


def test_rows_without_a_quantity_are_skipped_and_empty_rows_ignored(inventory):
    rows = [GOOD_ROWS[0], ("廠區用電", "2.1", ELECTRICITY, "2024-02", None, "度", ""), (), GOOD_ROWS[2]]
    parsed = parse(inventory, xlsx(rows))
    assert parsed.ok and len(parsed.rows) == 2 and parsed.skipped == 1 and parsed.rows_total == 3


def test_wrong_columns_say_which_are_expected(inventory):
    header = ["排放源", "類別", "排放係數代碼", "月份", "數值", "單位", "備註", "備註"]
    parsed = parse(inventory, xlsx([GOOD_ROWS[0]], header=header))
    assert found(parsed) == [(1, "", "missing_columns"), (1, "E", "unknown_column"), (1, "H", "duplicate_column")]
    with translation.override("en"):
        missing, unknown, _twice = (p.message() for p in parsed.problems)
    assert missing.startswith("Columns missing: 活動數據 (Quantity).")
    assert "排放源 (Source name)、類別 (Subcategory (1.1 … 6.1))" in missing
    assert unknown.startswith("Unknown column “數值”. The expected columns are: 排放源 (Source name)")
    assert parsed.rows == []


def test_a_sheet_without_any_known_heading(inventory):
    parsed = parse(inventory, xlsx([("a", 1)], header=["name", "value"]))
    assert found(parsed) == [(1, "", "missing_columns"), (1, "A", "unknown_column"), (1, "B", "unknown_column")]


def test_text_in_numbers(inventory):
    rows = [
        GOOD_ROWS[0],
        ("廠區用電", "2.1", ELECTRICITY, "2024-02", "abc", "度", ""),
        ("廠區用電", "2.1", ELECTRICITY, "2024-03", "十二", "度", ""),
        ("廠區用電", "2.1", ELECTRICITY, "2024-04", "1,234.5", "度", ""),
    ]
    parsed = parse(inventory, xlsx(rows))
    assert found(parsed) == [(3, "E", "not_number"), (4, "E", "not_number")]
    assert parsed.problems[0].params == {"value": "abc"}
    assert parsed.rows == []
    assert parse(inventory, xlsx([rows[0], rows[3]])).rows[1].quantity == Decimal("1234.5")


def test_negative_values(inventory):
    parsed = parse(inventory, xlsx([GOOD_ROWS[0], ("廠區用電", "2.1", ELECTRICITY, "2024-02", -5, "度", "")]))
    assert found(parsed) == [(3, "E", "negative")]
    with translation.override("en"):
        assert parsed.problems[0].message() == "A quantity cannot be negative."


def test_unknown_factor_codes(inventory):
    parsed = parse(inventory, xlsx([("鍋爐", "1.1", "epa-9.9-unobtainium", "2024-01", 10, "kg", "")]))
    assert found(parsed) == [(2, "C", "unknown_factor")]
    assert parsed.problems[0].params == {"value": "epa-9.9-unobtainium"}


def test_a_unit_that_does_not_convert_to_the_factor_unit(inventory):
    parsed = parse(
        inventory,
        xlsx(
            [("堆高機柴油", "1.2", DIESEL, "2024-01", 320, "kWh", ""), ("自來水", "4.5", WATER, "2024-01", 3, "度", "")]
        ),
    )
    assert found(parsed) == [(2, "F", "unit_mismatch")]  # 度 is a cubic metre for water
    with translation.override("en"):
        assert parsed.problems[0].message() == f"kWh does not convert to L, the unit of factor {DIESEL}."


def test_unknown_subcategory_and_a_new_source_without_one(inventory):
    parsed = parse(
        inventory,
        xlsx(
            [
                ("鍋爐", "7.1", DIESEL, "2024-01", 10, "L", ""),
                ("冷媒", None, "refrigerant-r-410a", "2024-01", 3, "kg", ""),
            ]
        ),
    )
    assert found(parsed) == [(2, "B", "unknown_subcategory"), (3, "B", "subcategory_required")]


def test_an_existing_source_may_leave_the_category_empty(inventory):
    EmissionSourceFactory(inventory=inventory, name="廠區用電", subcategory="2.1", factor_code=ELECTRICITY)
    parsed = parse(inventory, xlsx([("廠區用電", None, ELECTRICITY, "2024-01", 10, "kWh", "")]))
    assert parsed.ok and parsed.rows[0].subcategory == "2.1"


@pytest.mark.parametrize(
    ("month", "code"),
    [("2024-13", "bad_month"), ("Jan 2024", "bad_month"), (202401, "bad_month"), ("2023-12", "month_outside"),
     ("2025-01", "month_outside"), (datetime.datetime(2025, 1, 1), "month_outside"), (None, "required")],
)  # fmt: skip
def test_bad_months(inventory, month, code):
    parsed = parse(inventory, xlsx([GOOD_ROWS[0], ("廠區用電", "2.1", ELECTRICITY, month, 10, "度", "")]))
    assert found(parsed) == [(3, "D", code)]


def test_months_in_other_spellings_and_excel_dates(inventory):
    rows = [
        ("廠區用電", "2.1", ELECTRICITY, month, 1, "度", "")
        for month in ("2024/2", "2024年3月", "2024-04-01", datetime.datetime(2024, 5, 17), datetime.date(2024, 6, 30))
    ]
    parsed = parse(inventory, xlsx(rows))
    assert parsed.ok, parsed.problems
    assert [r.month.month for r in parsed.rows] == [2, 3, 4, 5, 6]


def test_outside_the_period_names_the_period(inventory):
    parsed = parse(inventory, xlsx([("廠區用電", "2.1", ELECTRICITY, "2023-12", 10, "度", "")]))
    with translation.override("en"):
        assert parsed.problems[0].message() == "2023-12 is outside the reporting period (2024-01 to 2024-12)."


def test_the_same_source_and_month_twice(inventory):
    rows = [GOOD_ROWS[0], GOOD_ROWS[1], ("廠區用電", "2.1", ELECTRICITY, datetime.datetime(2024, 1, 1), 5, "度", "")]
    parsed = parse(inventory, xlsx(rows))
    assert found(parsed) == [(4, "D", "duplicate_row")]
    assert parsed.problems[0].params == {"source": "廠區用電", "month": "2024-01", "first": 2}


def test_an_existing_source_with_another_factor(inventory):
    EmissionSourceFactory(inventory=inventory, name="廠區用電", subcategory="2.1", factor_code=ELECTRICITY)
    parsed = parse(
        inventory,
        xlsx(
            [
                ("廠區用電", "2.1", "tw-electricity-112", "2024-01", 10, "度", ""),
                ("廠區用電", "2.2", ELECTRICITY, "2024-02", 10, "度", ""),
            ]
        ),
    )
    assert found(parsed) == [(2, "C", "factor_differs"), (3, "B", "subcategory_differs")]
    assert parsed.problems[0].params == {"source": "廠區用電", "existing": ELECTRICITY, "value": "tw-electricity-112"}


def test_a_new_source_given_two_factors_in_the_file(inventory):
    parsed = parse(
        inventory,
        xlsx(
            [
                ("新廠用電", "2.1", ELECTRICITY, "2024-01", 10, "度", ""),
                ("新廠用電", "2.1", "tw-electricity-112", "2024-02", 10, "度", ""),
            ]
        ),
    )
    assert found(parsed) == [(3, "C", "factor_inconsistent")]


def test_required_cells_and_lengths(inventory):
    rows = [
        (None, "2.1", ELECTRICITY, "2024-01", 10, "度", ""),
        ("甲", "2.1", None, "2024-01", 10, "度", ""),
        ("乙", "2.1", ELECTRICITY, "2024-01", 10, None, ""),
        ("丙", "2.1", ELECTRICITY, "2024-01", 10, "度", "長" * 201),
        ("丁" * 201, "2.1", ELECTRICITY, "2024-01", 10, "度", ""),
    ]
    parsed = parse(inventory, xlsx(rows))
    assert found(parsed) == [
        (2, "A", "required"),
        (3, "C", "required"),
        (4, "F", "required"),
        (5, "G", "too_long"),
        (6, "A", "too_long"),
    ]


def test_every_row_is_checked_and_all_problems_listed(inventory):
    rows = [("廠區用電", "2.1", ELECTRICITY, f"2024-{m:02d}", -m, "度", "") for m in range(1, 13)]
    rows.append(("廠區用電", "2.1", "nope", "2024-13", "x", "度", ""))
    parsed = parse(inventory, xlsx(rows))
    assert found(parsed)[:2] == [(2, "E", "negative"), (3, "E", "negative")]
    assert found(parsed)[-3:] == [(14, "C", "unknown_factor"), (14, "D", "bad_month"), (14, "E", "not_number")]
    assert len(parsed.problems) == 15


def test_quantities_are_exact_and_rounded_to_four_decimals(inventory):
    rows = [
        ("廠區用電", "2.1", ELECTRICITY, "2024-01", 0.1 + 0.2, "度", ""),
        ("廠區用電", "2.1", ELECTRICITY, "2024-02", "2.00005", "度", ""),
        ("廠區用電", "2.1", ELECTRICITY, "2024-03", 10**15, "度", ""),
    ]
    parsed = parse(inventory, xlsx(rows))
    assert found(parsed) == [(4, "E", "number_too_large")]
    parsed = parse(inventory, xlsx(rows[:2]))
    assert [r.quantity for r in parsed.rows] == [Decimal("0.3000"), Decimal("2.0001")]


def test_the_template_data_sheet_is_read_even_when_not_first(inventory):
    book = Workbook()
    book.active.append(["說明"])
    data = book.create_sheet("活動數據 Activity data")
    data.append(HEADER)
    data.append(list(GOOD_ROWS[0]))
    buffer = io.BytesIO()
    book.save(buffer)
    assert parse(inventory, buffer.getvalue()).ok


# --- files that are not workbooks ------------------------------------------------------------------


def test_random_bytes(inventory):
    assert file_error(inventory, os.urandom(4096)) == "not_xlsx"


def test_a_csv_renamed(inventory):
    assert file_error(inventory, "排放源,類別,排放係數代碼\n廠區用電,2.1,tw-electricity-113\n".encode()) == "not_xlsx"


def test_a_zip_that_is_not_a_workbook(inventory):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert file_error(inventory, buffer.getvalue()) == "not_xlsx"


def test_a_damaged_workbook(inventory):
    content = xlsx(GOOD_ROWS)
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(buffer, "w") as damaged:
        for item in source.infolist():
            data = source.read(item)
            damaged.writestr(item, data[: len(data) // 2] if item.filename.endswith("sheet1.xml") else data)
    assert file_error(inventory, buffer.getvalue()) == "corrupt"
    truncated = content[: len(content) // 2]
    assert file_error(inventory, truncated) in {"not_xlsx", "corrupt"}


def test_an_empty_file_and_an_empty_sheet(inventory):
    assert file_error(inventory, b"") == "file_empty"
    assert file_error(inventory, xlsx([], header=None)) == "no_rows"


def test_an_oversized_file(inventory):
    assert file_error(inventory, b"PK\x03\x04" + b"\0" * MAX_BYTES) == "file_too_large"


def test_a_workbook_that_unpacks_too_large(inventory):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = b" " * (1024 * 1024)
            for _ in range(201):
                member.write(chunk)
    assert len(buffer.getvalue()) < MAX_BYTES
    assert file_error(inventory, buffer.getvalue()) == "unpacked_too_large"


def test_too_many_rows(inventory):
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for n in range(MAX_ROWS + 1):
        sheet.append(["甲", "2.1", ELECTRICITY, "2024-01", n])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(ImportFileError) as caught:
        parse(inventory, buffer.getvalue())
    assert caught.value.problem.code == "too_many_rows"
    with translation.override("en"):
        message = caught.value.problem.message()
    assert message == "The workbook has more than 50,000 rows of data. Split it into several files."


def test_a_workbook_without_any_quantity_has_nothing_to_import(inventory):
    parsed = parse(inventory, xlsx([("廠區用電", "2.1", ELECTRICITY, "2024-01", None, "度", "")]))
    assert found(parsed) == [(None, "", "no_rows")] and parsed.skipped == 1
