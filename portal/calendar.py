"""The Taiwan government working-day calendar (政府行政機關辦公日曆表) — pure functions, no database.

The ``holidays`` package knows the calendar of the Directorate-General of Personnel Administration:
weekends (before 2001 also the 2nd and 4th Saturdays), national holidays and their observed days,
bridge days off and the make-up working Saturdays (``weekend_workdays``). Administrator overrides,
loaded by the caller as ``{date: DAY_OFF | WORKING_DAY}``, win over the package.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

import holidays

DAY_OFF = "day_off"
WORKING_DAY = "working_day"

# The package's Taiwan calendar starts in 1998 and its lunar calendar ends in 2100: outside these
# years it would silently know weekends only.
FIRST_YEAR = 1998
LAST_YEAR = 2100
FIRST_DAY = datetime.date(FIRST_YEAR, 1, 1)
LAST_DAY = datetime.date(LAST_YEAR, 12, 31)
MAX_WORKING_DAYS = 3650  # about fifteen years: far beyond any programme deadline

# Government offices: the public holidays plus the government-only days off (1998–2000).
CATEGORIES = ("government", "public")
_BLOCK_YEARS = 10  # holidays objects are built and cached per decade

Overrides = Mapping[datetime.date, str]
NO_OVERRIDES: Overrides = MappingProxyType({})
ONE_DAY = datetime.timedelta(days=1)


class OutsideCalendar(ValueError):
    """A day before ``FIRST_DAY`` or after ``LAST_DAY``, which the calendar does not cover."""


@lru_cache(maxsize=32)
def government_holidays(first_year: int, last_year: int) -> holidays.HolidayBase:
    """The package's calendar for a range of years, built once per range. ``expand=False`` keeps the
    cached object read-only (a lookup outside its years never populates it), so threads can share it."""
    return holidays.TW(years=range(first_year, last_year + 1), categories=CATEGORIES, expand=False)


def _block(year: int) -> holidays.HolidayBase:
    """The cached calendar of the decade holding ``year`` (clamped to the supported years)."""
    first = max(FIRST_YEAR, year - year % _BLOCK_YEARS)
    last = min(LAST_YEAR, year - year % _BLOCK_YEARS + _BLOCK_YEARS - 1)
    return government_holidays(first, last)


def _check_covered(day: datetime.date) -> None:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise OutsideCalendar(f"{day.isoformat()} is outside {FIRST_DAY.isoformat()}–{LAST_DAY.isoformat()}")


def _working(day: datetime.date, calendar: holidays.HolidayBase, overrides: Overrides) -> bool:
    kind = overrides.get(day)
    if kind == DAY_OFF:
        return False
    if kind == WORKING_DAY:
        return True
    return calendar.is_working_day(day)


def is_working_day(day: datetime.date, overrides: Overrides = NO_OVERRIDES) -> bool:
    """Whether government offices work on ``day``: an override if there is one, else the package."""
    _check_covered(day)
    return _working(day, _block(day.year), overrides)


def deadline_due(*, start: datetime.date, working_days: int, overrides: Overrides = NO_OVERRIDES) -> datetime.date:
    """The ``working_days``-th working day counting from ``start``: ``start`` itself is day 1 when it is a
    working day, otherwise counting starts at the next working day. Raises ``OutsideCalendar`` when
    ``start`` or the due day falls outside the supported years."""
    if working_days < 1:
        raise ValueError(f"working_days must be at least 1, not {working_days}")
    _check_covered(start)
    day, remaining = start, working_days
    year, calendar = day.year, _block(day.year)
    while True:
        if day.year != year:
            if day > LAST_DAY:
                raise OutsideCalendar(f"the deadline falls after {LAST_DAY.isoformat()}")
            year, calendar = day.year, _block(day.year)
        if _working(day, calendar, overrides):
            remaining -= 1
            if remaining == 0:
                return day
        day += ONE_DAY


# --- a month as the calendar page shows it ----------------------------------------------------------------

WORKING = "working"  # a weekday offices work
WEEKEND = "weekend"  # a Saturday or Sunday off
HOLIDAY = "holiday"  # a weekday off: a national holiday, a bridge day, or an administrator's override
MAKE_UP = "make_up"  # a Saturday (or Sunday) offices work, to make up for a bridge day
_LANGUAGES = {"zh-hant": "zh_TW", "en": "en_US"}


@dataclass(frozen=True, slots=True)
class CalendarDay:
    day: datetime.date
    kind: str
    name: str = ""  # the holiday's or make-up day's name, in the language asked for
    override: bool = False  # set by an administrator, not by the published calendar

    @property
    def working(self) -> bool:
        return self.kind in (WORKING, MAKE_UP)


@lru_cache(maxsize=64)
def _named_holidays(year: int, language: str) -> holidays.HolidayBase:
    return holidays.TW(years=year, categories=CATEGORIES, language=language)


def month_days(year: int, month: int, *, lang: str, overrides: Overrides = NO_OVERRIDES) -> list[CalendarDay]:
    """Every day of the month with what it is on the government calendar; the names in ``lang``
    (zh-hant or en). Raises ``OutsideCalendar`` for a month the calendar does not cover."""
    first = datetime.date(year, month, 1)
    _check_covered(first)
    named = _named_holidays(year, _LANGUAGES.get(lang, "zh_TW"))
    calendar = _block(year)
    days, day = [], first
    while day.month == month:
        working, weekend = _working(day, calendar, overrides), day.weekday() >= 5
        if working:
            kind = MAKE_UP if weekend else WORKING
        else:
            kind = WEEKEND if weekend and day not in named else HOLIDAY
        days.append(CalendarDay(day=day, kind=kind, name=named.get(day) or "", override=day in overrides))
        day += ONE_DAY
    return days
