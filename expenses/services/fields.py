"""One expense's fields out of a payload (JSON from the API, a page's form, a row of an import): typed and
checked, each refusal naming its field."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from portal.limits import MONEY_MAX
from portal.validators import validate_ubn
from programs.rules.money import round_half_up

from ..models import ReceiptKind

INVOICE_NO = re.compile(r"^[A-Z]{2}[0-9]{8}$")
RECEIPT_NO = re.compile(r"^[0-9A-Za-z\-/]{1,30}$")
ITEM_MAX = 200


@dataclass
class ExpenseInput:
    spent_on: datetime.date
    receipt_kind: str
    receipt_no: str
    vendor_ubn: str
    item: str
    line: str
    amount_untaxed: int
    amount_taxed: int

    @property
    def claim_key(self) -> str:
        if self.receipt_kind == ReceiptKind.INVOICE:
            return f"invoice:{self.receipt_no}"
        return f"receipt:{self.vendor_ubn}:{self.receipt_no.upper()}"


def _text(value: Any) -> str:
    return str(value if value is not None else "").replace("\x00", "").strip()


def _day(value: Any, errors: dict) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    if len(text) == 10:
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            pass
    errors["spent_on"] = [_("Enter a date as YYYY-MM-DD.")]
    return None


def _money(value: Any, name: str, errors: dict) -> int | None:
    if isinstance(value, str) and re.fullmatch(r"[0-9][0-9,]*", value.strip()):
        value = int(value.strip().replace(",", ""))
    elif isinstance(value, float) and value.is_integer():
        value = int(value)  # a whole number as a spreadsheet keeps it
    if isinstance(value, bool) or not isinstance(value, int):
        errors[name] = [_("Enter a whole number of NT$.")]
        return None
    if value <= 0:
        errors[name] = [_("An amount must be more than 0.")]
        return None
    if value > MONEY_MAX:
        errors[name] = [_("This amount is too large.")]
        return None
    return value


def _kind(value: Any, errors: dict) -> str | None:
    text = _text(value).lower()
    aliases = {
        "invoice": ReceiptKind.INVOICE,
        "發票": ReceiptKind.INVOICE,
        "統一發票": ReceiptKind.INVOICE,
        "receipt": ReceiptKind.RECEIPT,
        "收據": ReceiptKind.RECEIPT,
    }
    if text not in aliases:
        errors["receipt_kind"] = [_("Choose a uniform invoice or a receipt.")]
        return None
    return aliases[text]


def _number(kind: str | None, value: Any, errors: dict) -> str:
    text = re.sub(r"[\s\-]", "", _text(value)).upper() if kind == ReceiptKind.INVOICE else _text(value)
    if kind == ReceiptKind.INVOICE and not INVOICE_NO.match(text):
        errors["receipt_no"] = [_("A uniform invoice number is two letters and eight digits, e.g. AB12345678.")]
    elif kind == ReceiptKind.RECEIPT and not RECEIPT_NO.match(text):
        errors["receipt_no"] = [_("Enter the receipt's number (letters, digits, - or /; at most 30).")]
    return text


def expense_input(data: dict[str, Any], *, lines: dict[str, str]) -> tuple[ExpenseInput | None, dict]:
    """(the expense, {}) or (None, field errors). ``lines``: {code: label} of the case's budget lines; a line
    is given by its code or its label."""
    errors: dict[str, list[str]] = {}
    spent_on = _day(data.get("spent_on"), errors)
    kind = _kind(data.get("receipt_kind"), errors)
    number = _number(kind, data.get("receipt_no"), errors)
    ubn = _text(data.get("vendor_ubn"))
    try:
        validate_ubn(ubn)
    except ValidationError as exc:
        errors["vendor_ubn"] = [str(m) for m in exc.messages]
    item = _text(data.get("item"))
    if not item:
        errors["item"] = [_("Name the item in full, as the receipt does.")]
    elif len(item) > ITEM_MAX:
        errors["item"] = [_("At most %(max)s characters.") % {"max": ITEM_MAX}]
    line = _text(data.get("line"))
    by_label = {label: code for code, label in lines.items()}
    line = line if line in lines else by_label.get(line, "")
    if not line:
        errors["line"] = [_("Choose a line of the case's approved budget.")]
    untaxed = _money(data.get("amount_untaxed"), "amount_untaxed", errors)
    taxed = _money(data.get("amount_taxed"), "amount_taxed", errors)
    if untaxed is not None and taxed is not None and taxed < untaxed:
        errors["amount_taxed"] = [_("The amount with tax cannot be less than the amount without tax.")]
    if errors:
        return None, errors
    return ExpenseInput(spent_on, kind, number, ubn, item, line, untaxed, taxed), {}


def split(amount: int, gov: int, own: int) -> tuple[int, int]:
    """``amount`` split in the line's government : self ratio, the government share rounded half up to NT$1
    and the self-funding the rest (so the two add up to the amount exactly)."""
    if gov + own == 0:
        return 0, amount
    share = round_half_up(Fraction(amount * gov, gov + own))
    return share, amount - share
