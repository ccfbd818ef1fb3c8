"""Read an uploaded activity-data workbook and check every row of it.

``read_workbook`` opens the .xlsx (openpyxl, read-only, streaming) and finds the header row;
``rows.check_rows`` validates every data row against the inventory (period, sources) and the factor library,
collecting every problem with its row and column; ``parse_workbook`` does both with the lookups from the
database. Nothing here writes: ``carbon.imports.services.activity_import_apply`` does, once no row has a
problem.
"""

from __future__ import annotations

import zipfile
from typing import IO

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from carbon.models import Inventory

from .columns import COLUMNS, expected_headings, heading_column
from .problems import MAX_BYTES, MAX_ROWS, MAX_SHEET_ROW, MAX_UNCOMPRESSED_BYTES, ImportFileError, Problem
from .rows import PROGRESS_EVERY, Parsed, Period, Progress, Sheet, check_rows, is_empty
from .selectors import import_factors, import_sources

DATA_SHEET = "活動數據 Activity data"  # the template's data sheet; other workbooks: the first sheet
HEADER_SCAN_ROWS = 10  # the header row is looked for in the first rows (a title may come first)
MAX_COLUMNS = 30


# --- reading ------------------------------------------------------------------------------------------


def _size_of(file: IO[bytes]) -> int:
    file.seek(0, 2)
    size = file.tell()
    file.seek(0)
    return size


def _check_container(file: IO[bytes]) -> None:
    """A .xlsx is a zip holding an Office Open XML workbook; say so plainly when it is not one."""
    size = _size_of(file)
    if size == 0:
        raise ImportFileError("file_empty")
    if size > MAX_BYTES:
        raise ImportFileError("file_too_large", limit=MAX_BYTES // (1024 * 1024))
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ImportFileError("not_xlsx") from None
    finally:
        file.seek(0)
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or not any(name.startswith("xl/") for name in names):
        raise ImportFileError("not_xlsx")
    if sum(entry.file_size for entry in entries) > MAX_UNCOMPRESSED_BYTES:
        raise ImportFileError("unpacked_too_large", limit=MAX_UNCOMPRESSED_BYTES // (1024 * 1024))


def _find_header(candidates: list[tuple[int, tuple]]) -> tuple[int, tuple]:
    """The first of the top rows naming the most known columns (the first non-empty row if none does)."""
    best, best_count = None, 0
    for number, values in candidates:
        count = len({col.key for v in values if not is_empty(v) and (col := heading_column(v))})
        if count > best_count:
            best, best_count = (number, values), count
    if best is not None:
        return best
    for number, values in candidates:
        if any(not is_empty(v) for v in values):
            return number, values
    raise ImportFileError("no_rows")


def _header_columns(number: int, values: tuple) -> tuple[dict[str, int], list[Problem]]:
    columns: dict[str, int] = {}
    problems: list[Problem] = []
    expected = expected_headings()
    for index, value in enumerate(values):
        if is_empty(value):
            continue
        letter = get_column_letter(index + 1)
        column = heading_column(value)
        if column is None:
            problems.append(
                Problem("unknown_column", number, letter, {"heading": str(value).strip()[:60], "expected": expected})
            )
        elif column.key in columns:
            problems.append(Problem("duplicate_column", number, letter, {"heading": str(value).strip()[:60]}))
        else:
            columns[column.key] = index
    missing = [f"{c.zh} ({c.en})" for c in COLUMNS if c.required and c.key not in columns]
    if missing:
        problems.insert(
            0, Problem("missing_columns", number, "", {"missing": "、".join(missing), "expected": expected})
        )
    return columns, problems


def read_workbook(file: IO[bytes], *, progress: Progress | None = None) -> Sheet:
    """The data sheet's header and its non-empty rows; ImportFileError when the file cannot be read."""
    _check_container(file)
    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 — openpyxl fails on damaged files with many kinds of exception
        raise ImportFileError("corrupt") from None
    try:
        names = book.sheetnames
        if not names:
            raise ImportFileError("no_rows")
        sheet = book[DATA_SHEET] if DATA_SHEET in names else book[names[0]]
        if not hasattr(sheet, "iter_rows"):  # a chart sheet
            raise ImportFileError("no_rows")
        expected = max((sheet.max_row or 0) - 1, 0)
        sheet.reset_dimensions()  # a wrong <dimension> must not hide rows
        return _read_rows(sheet, expected, progress)
    except ImportFileError:
        raise
    except Exception:  # noqa: BLE001 — a damaged sheet fails while it is streamed
        raise ImportFileError("corrupt") from None
    finally:
        book.close()


def _read_rows(sheet, expected: int, progress: Progress | None) -> Sheet:
    top: list[tuple[int, tuple]] = []
    rows: list[tuple[int, tuple]] = []
    header: tuple[int, tuple] | None = None
    for number, values in enumerate(sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True), start=1):
        if number > MAX_SHEET_ROW:
            raise ImportFileError("sheet_too_long", limit=f"{MAX_SHEET_ROW:,}")
        if progress and number % PROGRESS_EVERY == 0:  # by row number: blank rows take time to read too
            progress("read", min(number, expected), max(expected, number))
        if header is None:
            top.append((number, values))
            if number < HEADER_SCAN_ROWS:
                continue
            header = _find_header(top)
            rows.extend(item for item in top if item[0] > header[0] and not all(is_empty(v) for v in item[1]))
            continue
        if all(is_empty(v) for v in values):
            continue
        rows.append((number, values))
        if len(rows) > MAX_ROWS:
            raise ImportFileError("too_many_rows", limit=f"{MAX_ROWS:,}")
    if header is None:
        header = _find_header(top)
        rows = [item for item in top if item[0] > header[0] and not all(is_empty(v) for v in item[1])]
    if len(rows) > MAX_ROWS:
        raise ImportFileError("too_many_rows", limit=f"{MAX_ROWS:,}")
    columns, problems = _header_columns(*header)
    return Sheet(header_row=header[0], columns=columns, rows=rows, problems=problems)


def parse_workbook(file: IO[bytes], *, inventory: Inventory, progress: Progress | None = None) -> Parsed:
    """Read and check the workbook against the inventory (two queries). Raises ImportFileError."""
    sheet = read_workbook(file, progress=progress)
    return check_rows(
        sheet,
        period=Period.of(inventory),
        factors=import_factors(),
        sources=import_sources(inventory=inventory),
        progress=progress,
    )
