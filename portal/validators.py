"""Field validators: UBN checksum, industry and business-item codes (organisations); calendar days and
working-day counts (the working-day calendar)."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal import calendar

UBN_WEIGHTS = (1, 2, 1, 2, 1, 2, 4, 1)
INDUSTRY_CODE_RE = re.compile(r"^\d{2,4}$")
BUSINESS_ITEM_RE = re.compile(r"^[A-Z][A-Z0-9]\d{2}(\d{3})?$")
FACTORY_REGISTRATION_RE = re.compile(r"^[0-9A-Z]\d{7}$")


def ubn_checksum_ok(ubn: str) -> bool:
    """統一編號 checksum (Ministry of Finance rule since 2023: divisible by 5)."""
    if len(ubn) != 8 or not ubn.isascii() or not ubn.isdigit():
        return False
    total = 0
    for digit, weight in zip(ubn, UBN_WEIGHTS, strict=True):
        product = int(digit) * weight
        total += product // 10 + product % 10
    if total % 5 == 0:
        return True
    return ubn[6] == "7" and (total + 1) % 5 == 0


def validate_ubn(value: str) -> None:
    if not isinstance(value, str) or len(value) != 8:
        raise ValidationError(_("A Unified Business Number has exactly 8 digits."), code="ubn_length")
    if not (value.isascii() and value.isdigit()):
        raise ValidationError(_("A Unified Business Number contains digits only."), code="ubn_digits")
    if value == "00000000":
        raise ValidationError(_("00000000 is not a valid Unified Business Number."), code="ubn_zero")
    if not ubn_checksum_ok(value):
        raise ValidationError(
            _("%(ubn)s fails the Unified Business Number checksum; please check the digits."),
            code="ubn_checksum",
            params={"ubn": value},
        )


def _validate_code_list(value, pattern: re.Pattern, message, code: str) -> None:
    if not isinstance(value, list):
        raise ValidationError(_("Enter a list of codes."), code="not_a_list")
    bad = [str(item) for item in value if not isinstance(item, str) or not pattern.match(item)]
    if bad:
        raise ValidationError(message, code=code, params={"codes": "、".join(bad)})
    if len(set(value)) != len(value):
        raise ValidationError(_("Each code may appear only once."), code="duplicate_code")


def validate_industry_codes(value) -> None:
    _validate_code_list(
        value,
        INDUSTRY_CODE_RE,
        _("Industry codes are ROC standard industrial classification codes of 2 to 4 digits: %(codes)s"),
        "industry_code",
    )


def validate_business_items(value) -> None:
    _validate_code_list(
        value,
        BUSINESS_ITEM_RE,
        _(
            "Business-item codes are a capital letter, a letter or digit, then 2 or 5 digits "
            "(e.g. CB01, CA01010, F401010): %(codes)s"
        ),
        "business_item",
    )


def validate_factory_registration_no(value: str) -> None:
    if value and not FACTORY_REGISTRATION_RE.match(value):
        raise ValidationError(
            _("A factory registration number has 8 characters: digits, the first may be a capital letter."),
            code="factory_registration_no",
        )


def validate_calendar_day(value: datetime.date) -> None:
    """A day the working-day calendar covers."""
    if not calendar.FIRST_DAY <= value <= calendar.LAST_DAY:
        raise ValidationError(
            _("Enter a date from %(first)s to %(last)s, the years the working-day calendar covers."),
            code="outside_calendar",
            params={"first": calendar.FIRST_DAY.isoformat(), "last": calendar.LAST_DAY.isoformat()},
        )


def validate_working_days(value: int) -> None:
    if not 1 <= value <= calendar.MAX_WORKING_DAYS:
        raise ValidationError(
            _("Enter a whole number of working days from 1 to %(max)s."),
            code="working_days_range",
            params={"max": calendar.MAX_WORKING_DAYS},
        )
