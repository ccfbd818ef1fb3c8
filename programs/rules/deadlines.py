"""When an edition's deadline falls, from the day of its anchor (the notice, the approval, the review
meeting, the project's end, the closing). Pure: working days are counted by the caller's calendar."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from .kinds_dates import add_months
from .ruleset import Item

# (start, n) → the n-th working day counting from start (start itself is day 1 when it is a working day)
WorkingDayCounter = Callable[[datetime.date, int], datetime.date]


def deadline_due(
    deadline: Item, anchor_day: datetime.date, *, working_days: WorkingDayCounter | None = None
) -> datetime.date:
    """The last day on which the deadline is met.

    - no count, ``before``: the anchor day itself (自籌款應於計畫結案日前入帳 → by the end date);
    - ``calendar_days`` before: that many days earlier (變更最遲應於結束 30 天前 → end − 30 days;
      簡報應於審查日前一週寄達 → review − 7 days); after: that many days later;
    - ``months``: the same day of the month that many months later (or earlier), clipped to the month's end;
    - ``working_days`` (after only): the n-th working day counting the anchor day as day 1 (補件 10 個工作天
      含通知當日), on the calendar of ``working_days``.
    """
    extra = deadline.extra
    before = bool(extra.get("before"))
    if extra.get("calendar_days") is not None:
        days = datetime.timedelta(days=extra["calendar_days"])
        return anchor_day - days if before else anchor_day + days
    if extra.get("months") is not None:
        return add_months(anchor_day, -extra["months"] if before else extra["months"])
    if extra.get("working_days") is not None:
        if working_days is None:
            raise ValueError(f"{deadline.code} counts working days: give the calendar's counter")
        return working_days(anchor_day, extra["working_days"])
    return anchor_day


__all__ = ["WorkingDayCounter", "deadline_due"]
