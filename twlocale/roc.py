"""Dates in the ROC (Minguo) calendar: ROC year 1 is 1912."""

import datetime

from .languages import ZH

ROC_OFFSET = 1911


def roc_year(day: datetime.date) -> int:
    return day.year - ROC_OFFSET


def roc_date_zh(day: datetime.date) -> str:
    """2025-03-05 → 民國 114 年 3 月 5 日; 1911-12-31 → 民國前 1 年 12 月 31 日."""
    year = roc_year(day)
    era, shown = ("民國", year) if year > 0 else ("民國前", 1 - year)
    return f"{era} {shown} 年 {day.month} 月 {day.day} 日"


def roc_date_text(day: datetime.date, lang: str) -> str:
    """The ROC date in zh-Hant, the ISO date (2025-03-05) in English."""
    return roc_date_zh(day) if lang == ZH else day.isoformat()
