"""Workbooks built with openpyxl for the import tests (and the benchmark's shape)."""

import datetime
from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = ["排放源", "類別", "排放係數代碼", "月份", "活動數據", "單位", "備註"]
ELECTRICITY, DIESEL, WATER = "tw-electricity-113", "epa-6.0.4-diesel-mobile", "dmmap-water"
FACTOR_CODES = (ELECTRICITY, DIESEL, WATER, "tw-electricity-112")

GOOD_ROWS = [
    ("廠區用電", "2.1", ELECTRICITY, "2024-01", 41800, "度", "電費單 1 月"),
    ("廠區用電", "2.1", ELECTRICITY, "2024-02", 38200.5, "kWh", None),
    ("堆高機柴油", "1.2", DIESEL, datetime.datetime(2024, 3, 1), 320, "L", ""),
    ("自來水", 4.5, WATER, "2024-03", "1.25", "千立方公尺", "水費單"),
]


def xlsx(rows, *, header=HEADER, above=(), sheet_title=None) -> bytes:
    """A workbook whose first sheet holds ``above`` (title lines), the header and the rows."""
    book = Workbook()
    sheet = book.active
    if sheet_title:
        sheet.title = sheet_title
    for line in above:
        sheet.append(list(line))
    if header is not None:
        sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def big_xlsx(*, sources: int, months: int, year: int = 2024, factor: str = ELECTRICITY) -> tuple[bytes, Decimal]:
    """``sources`` × ``months`` rows (write-only openpyxl, as fast as it writes) and the sum of the quantities."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("活動數據 Activity data")
    sheet.append(HEADER)
    total = Decimal(0)
    for s in range(sources):
        for m in range(1, months + 1):
            quantity = Decimal(1000 + (s * 37 + m * 11) % 5000) + Decimal("0.25") * (m % 4)
            total += quantity
            sheet.append(
                [
                    f"電錶 {s:04d}",
                    "2.1",
                    factor,
                    f"{year}-{m:02d}",
                    float(quantity),
                    "kWh" if m % 2 else "度",
                    f"抄表 {s}-{m}",
                ]
            )
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue(), total


def upload(content: bytes, name: str = "activity.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX)
