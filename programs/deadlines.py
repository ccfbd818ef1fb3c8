"""An edition's deadlines as dates on the government working-day calendar (with the administrators'
overrides): the bridge from the pure ``programs.rules.deadlines.deadline_due`` to the calendar."""

import datetime

from portal.services import deadline_compute
from programs.rules import RuleSet
from programs.rules.deadlines import deadline_due


def _working_days(start: datetime.date, count: int) -> datetime.date:
    return deadline_compute(start=start, working_days=count)


def edition_deadline(ruleset: RuleSet, code: str, *, anchor: datetime.date) -> datetime.date | None:
    """The due day of the edition's deadline ``code`` counted from ``anchor``; None when the edition has no
    such deadline (the caller decides what that means)."""
    item = next((d for d in ruleset.deadlines if d.code == code), None)
    if item is None:
        return None
    return deadline_due(item, anchor, working_days=_working_days)


def edition_deadline_label(ruleset: RuleSet, code: str):
    """The label (Text) of the edition's deadline ``code``, or None."""
    item = next((d for d in ruleset.deadlines if d.code == code), None)
    return item.label if item else None
