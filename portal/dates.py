"""The one ROC-date function of the portal: pages (the ``roc_date`` template filter), the PDF report and
anything else that prints a date for a reader. The calendar arithmetic is floor zero's (twlocale.roc), which
the rule engine uses too; this adds what needs Django: the active language, Taipei time, English month names."""

import datetime
from typing import Literal

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from twlocale import ZH, normalise_lang, roc_date_zh, roc_year
from twlocale.roc import ROC_OFFSET


def _day(value: datetime.date | datetime.datetime) -> datetime.date:
    """A datetime's day in Taipei (an aware one is converted first); a date as it is."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def roc_date(value, lang: str | None = None, *, english: Literal["long", "iso"] = "long") -> str:
    """2025-03-05 → 民國 114 年 3 月 5 日 in Chinese; in English "5 March 2025 (ROC 114)", or "2025-03-05" with
    ``english="iso"`` (the report). ``value`` is a date, a datetime or an ISO date string; None and "" give
    "", and a string that is not a date comes back as it is. ``lang`` defaults to the active language."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            return value
    day = _day(value)
    if normalise_lang(lang or get_language()) == ZH:
        return roc_date_zh(day)
    if english == "iso":
        return day.isoformat()
    return _("%(date)s (ROC %(year)s)") % {"date": date_format(day, "j F Y"), "year": roc_year(day)}


def roc_datetime(value, lang: str | None = None) -> str:
    """A moment in Taipei time: 民國 114 年 3 月 5 日 14:30 in Chinese, "5 March 2025 (ROC 114), 14:30" in English.
    A date has no time; None and "" give ""."""
    if value in (None, ""):
        return ""
    if not isinstance(value, datetime.datetime):
        return roc_date(value, lang)
    moment = timezone.localtime(value) if timezone.is_aware(value) else value
    day = roc_date(moment, lang)
    return f"{day} {moment:%H:%M}" if normalise_lang(lang or get_language()) == ZH else f"{day}, {moment:%H:%M}"


def roc_year_text(value, english: Literal["long", "iso"] = "long") -> str:
    """A year (2023, as the data keep it) as the reader counts it: 民國 112 年 in Chinese; in English
    "2023 (ROC 112)", or "2023" with ``english="iso"`` (the report). Anything not a year comes back as it is."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return "" if value is None else str(value)
    roc = year - ROC_OFFSET
    if normalise_lang(get_language()) == ZH:
        return f"民國 {roc} 年" if roc > 0 else f"民國前 {1 - roc} 年"
    if english == "iso":
        return str(year)
    return _("%(year)s (ROC %(roc)s)") % {"year": year, "roc": roc}


def roc_month(value: datetime.date, lang: str | None = None) -> str:
    """A month: 民國 114 年 2 月 in Chinese, "February 2025" in English."""
    if normalise_lang(lang or get_language()) == ZH:
        return roc_date_zh(value).rsplit(" ", 2)[0]
    with translation.override(lang or get_language()):
        return date_format(value, "F Y")
