"""The rows of an activity-data workbook, checked: every data row against the inventory (its period and
sources) and the factor library, collecting every problem with its row and column (parse.py reads the file).
Nothing here writes: ``services.activity_import_apply`` does, once no row has a problem."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from openpyxl.utils import column_index_from_string, get_column_letter

from carbon.factor_checks import unit_problem
from carbon.models import ActivityRecord, EmissionSource, Inventory, Subcategory
from portal.limits import QUANTITY_MAX, QUANTITY_QUANTUM

from .problems import Problem
from .selectors import FactorInfo, SourceInfo

MONTH_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:[-/.](\d{1,2}))?$")  # 2024-01, 2024/1, 2024年1月
SUBCATEGORY_TEXT = re.compile(r"^(\d)\s*\.\s*(\d)(?!\d)")
SUBCATEGORIES = frozenset(Subcategory.values)
SOURCE_NAME_MAX = EmissionSource._meta.get_field("name").max_length
NOTE_MAX = ActivityRecord._meta.get_field("note").max_length
UNIT_MAX = ActivityRecord._meta.get_field("unit").max_length

Progress = Callable[[str, int, int], None]  # (phase "read" | "check", rows done, rows expected)
PROGRESS_EVERY = 2_000


@dataclass(frozen=True)
class Period:
    start: datetime.date  # first day of the first month
    end: datetime.date

    @classmethod
    def of(cls, inventory: Inventory) -> Period:
        return cls(start=inventory.period_start.replace(day=1), end=inventory.period_end)

    def __contains__(self, month: datetime.date) -> bool:
        return self.start <= month <= self.end


@dataclass(frozen=True)
class ImportRow:
    """One valid row, ready to be written."""

    row: int
    source: str
    subcategory: str
    factor_id: int
    factor_code: str
    month: datetime.date
    quantity: Decimal
    unit: str
    note: str
    source_id: int | None  # None: a source the import creates


@dataclass
class Sheet:
    header_row: int
    columns: dict[str, int]  # column key → 0-based position
    rows: list[tuple[int, tuple]]  # (worksheet row number, values) of non-empty data rows
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Parsed:
    rows: list[ImportRow]
    problems: list[Problem]
    rows_total: int  # non-empty data rows
    skipped: int  # rows without a quantity

    @property
    def ok(self) -> bool:
        return not self.problems


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _shown(value) -> str:
    """A cell's value as the error message shows it."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    return _text(value)[:60]


def _quantity(value) -> Decimal:
    """The cell as an exact number: InvalidOperation for text that is not a number."""
    if isinstance(value, bool | datetime.date | datetime.time | datetime.timedelta):
        raise InvalidOperation
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))  # the shortest text that is this float: what Excel shows
    else:
        text = str(value).strip().replace(",", "").replace("，", "").replace(" ", "").replace("\u3000", "")
        number = Decimal(text)
    if not number.is_finite():
        raise InvalidOperation
    return number


def _month(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime | datetime.date):
        return datetime.date(value.year, value.month, 1)
    if isinstance(value, str):
        match = MONTH_TEXT.match(value.strip())
        if match:
            year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
            try:
                datetime.date(year, month, day)
            except ValueError:
                return None
            return datetime.date(year, month, 1) if year >= 1900 else None
    return None


def _subcategory(value) -> str:
    """The code in the cell: "1.1", 1.1 (a number), "1.1 固定燃燒" → "1.1"; "" when empty."""
    if isinstance(value, float):
        return f"{value:.1f}" if round(value, 1) == value else repr(value)
    text = _text(value)
    match = SUBCATEGORY_TEXT.match(text)
    return f"{match[1]}.{match[2]}" if match else text


@dataclass
class _SourceSeen:
    first_row: int
    factor_code: str | None = None
    factor_row: int = 0
    subcategory: str | None = None
    subcategory_row: int = 0


class _RowChecker:
    """Checks one data row after another against the period, the factor library and the inventory's sources,
    remembering what earlier rows said of each source (one factor, one category, one row per month)."""

    def __init__(
        self, columns: dict[str, int], *, period: Period, factors: dict[str, FactorInfo], sources: dict[str, SourceInfo]
    ):
        self.columns, self.period, self.factors, self.sources = columns, period, factors, sources
        self.letter = {key: get_column_letter(index + 1) for key, index in columns.items()}
        self.seen: dict[str, _SourceSeen] = {}
        self.months: dict[tuple[str, datetime.date], int] = {}
        self.number, self.own = 0, []

    def cell(self, values: tuple, key: str):
        index = self.columns.get(key)
        return None if index is None or index >= len(values) else values[index]

    def problem(self, key: str, code: str, **params) -> None:
        self.own.append(Problem(code, self.number, self.letter.get(key, ""), params))

    def check(self, number: int, values: tuple) -> tuple[list[Problem], dict | None]:
        """The row's problems, and the row as read when it has none (before the per-source checks)."""
        self.number, self.own = number, []
        name = self._source_name(values)
        quantity = self._quantity(values)
        factor = self._factor(values)
        unit = self._unit(values, factor)
        subcategory = self._subcategory(values)
        month = self._month(values)
        note = _text(self.cell(values, "note"))
        if len(note) > NOTE_MAX:
            self.problem("note", "too_long", limit=NOTE_MAX)
        if name:
            self._remember(name, factor, subcategory, month)
        if self.own:
            return self.own, None
        return [], {
            "row": number,
            "source": name,
            "subcategory": subcategory,
            "factor": factor,
            "month": month,
            "quantity": quantity,
            "unit": unit,
            "note": note,
        }

    def _source_name(self, values: tuple) -> str:
        name = _text(self.cell(values, "source"))
        if not name:
            self.problem("source", "required")
        elif len(name) > SOURCE_NAME_MAX:
            self.problem("source", "too_long", limit=SOURCE_NAME_MAX)
        return name

    def _quantity(self, values: tuple) -> Decimal | None:
        raw = self.cell(values, "quantity")
        try:
            quantity = _quantity(raw)
        except (InvalidOperation, ValueError, TypeError):
            self.problem("quantity", "not_number", value=_shown(raw))
            return None
        if quantity < 0:
            self.problem("quantity", "negative")
            return None
        if quantity > QUANTITY_MAX:
            self.problem("quantity", "number_too_large")
            return None
        return quantity.quantize(QUANTITY_QUANTUM, rounding=ROUND_HALF_UP)

    def _factor(self, values: tuple) -> FactorInfo | None:
        code = _text(self.cell(values, "factor"))
        factor = self.factors.get(code) if code else None
        if not code:
            self.problem("factor", "required")
        elif factor is None:
            self.problem("factor", "unknown_factor", value=code[:80])
        return factor

    def _unit(self, values: tuple, factor: FactorInfo | None) -> str:
        unit = _text(self.cell(values, "unit"))
        if not unit:
            self.problem("unit", "required")
        elif factor is not None:
            if unit_problem(unit=unit, factor_code=factor.code, factor_unit=factor.unit):
                self.problem("unit", "unit_mismatch", unit=unit[:40], wanted=factor.unit, factor=factor.code)
            elif len(unit) > UNIT_MAX:
                self.problem("unit", "too_long", limit=UNIT_MAX)
        return unit

    def _subcategory(self, values: tuple) -> str:
        subcategory = _subcategory(self.cell(values, "subcategory"))
        if subcategory and subcategory not in SUBCATEGORIES:
            self.problem("subcategory", "unknown_subcategory", value=subcategory[:40])
            return ""
        return subcategory

    def _month(self, values: tuple) -> datetime.date | None:
        raw = self.cell(values, "month")
        if is_empty(raw):
            self.problem("month", "required")
            return None
        month = _month(raw)
        if month is None:
            self.problem("month", "bad_month", value=_shown(raw))
        elif month not in self.period:
            self.problem(
                "month",
                "month_outside",
                month=f"{month:%Y-%m}",
                start=f"{self.period.start:%Y-%m}",
                end=f"{self.period.end:%Y-%m}",
            )
            return None
        return month

    def _remember(self, name: str, factor: FactorInfo | None, subcategory: str, month: datetime.date | None) -> None:
        """What this row says of its source must agree with the inventory and with the source's earlier rows."""
        existing, number = self.sources.get(name), self.number
        state = self.seen.setdefault(name, _SourceSeen(first_row=number))
        if factor is not None:
            if existing is not None and existing.factor_code != factor.code:
                self.problem("factor", "factor_differs", source=name, existing=existing.factor_code, value=factor.code)
            elif state.factor_code is None:
                state.factor_code, state.factor_row = factor.code, number
            elif state.factor_code != factor.code:
                self.problem(
                    "factor", "factor_inconsistent", source=name, first=state.factor_row, other=state.factor_code
                )
        if subcategory:
            if existing is not None and existing.subcategory != subcategory:
                self.problem(
                    "subcategory", "subcategory_differs", source=name, existing=existing.subcategory, value=subcategory
                )
            elif state.subcategory is None:
                state.subcategory, state.subcategory_row = subcategory, number
            elif state.subcategory != subcategory:
                self.problem(
                    "subcategory",
                    "subcategory_inconsistent",
                    source=name,
                    first=state.subcategory_row,
                    other=state.subcategory,
                )
        if month is not None:
            first = self.months.setdefault((name, month), number)
            if first != number:
                self.problem("month", "duplicate_row", source=name, month=f"{month:%Y-%m}", first=first)

    def import_rows(self, pending: list[dict], problems: list[Problem]) -> list[ImportRow]:
        """The rows without problems of their own, once every row is read: a new source needs its category on
        one of its rows at least."""
        rows: list[ImportRow] = []
        for item in pending:
            name = item["source"]
            existing = self.sources.get(name)
            subcategory = existing.subcategory if existing else (self.seen[name].subcategory or "")
            if not subcategory:
                problems.append(Problem("subcategory_required", item["row"], self.letter.get("subcategory", ""), {}))
                continue
            factor = item["factor"]
            rows.append(
                ImportRow(
                    row=item["row"],
                    source=name,
                    subcategory=subcategory,
                    factor_id=factor.id,
                    factor_code=factor.code,
                    month=item["month"],
                    quantity=item["quantity"],
                    unit=item["unit"],
                    note=item["note"],
                    source_id=existing.id if existing else None,
                )
            )
        return rows


def check_rows(
    sheet: Sheet, *, period: Period, factors: dict[str, FactorInfo], sources: dict[str, SourceInfo],
    progress: Progress | None = None,
) -> Parsed:  # fmt: skip
    """Every row checked; every problem collected (with its row and column); the valid rows."""
    problems = list(sheet.problems)
    if problems:  # without the right columns the rows cannot be read
        return Parsed(rows=[], problems=problems, rows_total=len(sheet.rows), skipped=0)
    checker = _RowChecker(sheet.columns, period=period, factors=factors, sources=sources)
    pending: list[dict] = []  # rows without a problem of their own, before the per-source checks
    skipped, total = 0, len(sheet.rows)
    for done, (number, values) in enumerate(sheet.rows, start=1):
        if progress and done % PROGRESS_EVERY == 0:
            progress("check", done, total)
        if is_empty(checker.cell(values, "quantity")):
            skipped += 1
            continue
        own, row = checker.check(number, values)
        problems.extend(own)
        if row is not None:
            pending.append(row)
    rows = checker.import_rows(pending, problems)
    if not problems and not rows:  # nothing to import is not a success
        problems.append(Problem("no_rows"))
    problems.sort(key=lambda p: (p.row or 0, column_index_from_string(p.column) if p.column else 0))
    return Parsed(rows=rows if not problems else [], problems=problems, rows_total=total, skipped=skipped)
