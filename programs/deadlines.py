"""An edition's deadlines as dates: each ``deadlines`` item counts working days (the government calendar,
the anchor day being day 1), calendar days or months from its anchor, or before it."""

import calendar
import datetime

from portal.services import deadline_compute
from programs.rules import RuleSet


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (or earlier), on the month's last day when it has no such day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def edition_deadline(ruleset: RuleSet, code: str, *, anchor: datetime.date) -> datetime.date | None:
    """The due day of the edition's deadline ``code`` counted from ``anchor``; None when the edition has no
    such deadline (the caller decides what that means)."""
    item = next((d for d in ruleset.deadlines if d.code == code), None)
    if item is None:
        return None
    extra = item.extra
    sign = -1 if extra.get("before") else 1
    if extra.get("working_days"):
        if sign < 0:
            raise ValueError(f"deadline {code}: working days before an anchor are not supported")
        return deadline_compute(start=anchor, working_days=extra["working_days"])
    if extra.get("calendar_days"):
        return anchor + sign * datetime.timedelta(days=extra["calendar_days"])
    if extra.get("months"):
        return add_months(anchor, sign * extra["months"])
    return anchor  # "by the anchor day" with no count


def edition_deadline_label(ruleset: RuleSet, code: str):
    item = next((d for d in ruleset.deadlines if d.code == code), None)
    return item.label if item else None
