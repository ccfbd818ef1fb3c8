"""Typed values out of an action's payload (JSON from the API, text from a page's form already parsed): a
refusal names the field, as every refusal of the case services does."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _

from applications.services import CaseRefused
from portal.limits import MONEY_MAX


def parse_day(value: Any, name: str) -> datetime.date:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise CaseRefused({name: [_("Enter a date as YYYY-MM-DD.")]})


def parse_money(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise CaseRefused({name: [_("Enter a whole number of NT$ (an integer, not a string or a decimal).")]})
    if value < 0:
        raise CaseRefused({name: [_("An amount cannot be negative.")]})
    if value > MONEY_MAX:
        raise CaseRefused({name: [_("This amount is too large.")]})
    return value
