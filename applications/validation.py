"""Checks of a proposal's parts as written by a person (types, codes, order). What the edition's rules
decide — caps, shares, counts — is judged by the rule engine at submission, not here: a draft may be
incomplete or break a rule while it is being written."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from applications.facts import declared_fact_names, is_derived
from applications.models import StaffRole
from portal.limits import MONEY_MAX
from programs.rules import RuleSet
from programs.rules.proposal import fact_choices
from programs.rules.vocabulary import stored_value

DECLARATIONS = ("truthful", "personal_data")
MAX_ROWS = 200
PERCENT_MAX = Decimal(100)
PERSON_MONTHS_MAX = Decimal(600)


class Errors:
    """Collects field messages under dotted keys (``budget.lines.2.gov``) and raises them together."""

    def __init__(self):
        self.messages: dict[str, list[str]] = {}

    def add(self, key: str, message: str) -> None:
        self.messages.setdefault(key, []).append(message)

    def raise_if_any(self) -> None:
        if self.messages:
            raise ValidationError(self.messages)


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _rows(errors: Errors, key: str, rows: Any) -> list:
    if not isinstance(rows, list):
        errors.add(key, _("Enter a list."))
        return []
    if len(rows) > MAX_ROWS:
        errors.add(key, _("At most %(max)s rows.") % {"max": MAX_ROWS})
        return []
    return rows


def clean_budget_lines(errors: Errors, ruleset: RuleSet, lines: Any) -> list[dict]:
    known, seen, clean = set(ruleset.line_codes), set(), []
    for index, line in enumerate(_rows(errors, "budget.lines", lines)):
        key = f"budget.lines.{index}"
        if not isinstance(line, dict):
            errors.add(key, _("Each line needs code, gov and self."))
            continue
        code = line.get("code")
        if code not in known:
            errors.add(
                f"{key}.code",
                _("Unknown budget line %(code)s; this edition's lines: %(known)s.")
                % {"code": code, "known": ", ".join(ruleset.line_codes)},
            )
        elif code in seen:
            errors.add(f"{key}.code", _("This budget line is given twice."))
        seen.add(code)
        amounts = {}
        for side in ("gov", "self"):
            value = line.get(side, 0)
            if not _is_int(value):
                errors.add(f"{key}.{side}", _("Enter a whole number of NT$."))
            elif value < 0:
                errors.add(f"{key}.{side}", _("An amount cannot be negative."))
            elif value > MONEY_MAX:
                errors.add(f"{key}.{side}", _("An amount cannot exceed NT$%(max)s.") % {"max": f"{MONEY_MAX:,}"})
            amounts[side] = value
        clean.append({"code": code, "gov": amounts["gov"], "self": amounts["self"]})
    return clean


_TYPE_CHECKS = {
    "str": lambda v: isinstance(v, str) and len(v) <= 200,
    "bool": lambda v: isinstance(v, bool),
    "int": lambda v: _is_int(v) and 0 <= v <= 10**9,
    "number": lambda v: isinstance(v, (Decimal, int)) and not isinstance(v, bool) and abs(v) <= 10**12,
    "money": lambda v: _is_int(v) and 0 <= v <= MONEY_MAX,
    "signed_money": lambda v: _is_int(v) and abs(v) <= MONEY_MAX,
    "percent": lambda v: isinstance(v, (Decimal, int)) and not isinstance(v, bool) and 0 <= v <= 100,
    "date": lambda v: isinstance(v, datetime.date),
    "str_list": lambda v: (
        isinstance(v, list) and len(v) <= 200 and all(isinstance(x, str) and len(x) <= 100 for x in v)
    ),
    "number_list": lambda v: (
        isinstance(v, list)
        and len(v) <= 200
        and all(isinstance(x, (Decimal, int)) and not isinstance(x, bool) for x in v)
    ),
}
_TYPE_MESSAGES = {
    "str": lambda: _("Enter text (at most 200 characters)."),
    "bool": lambda: _("Answer yes or no."),
    "int": lambda: _("Enter a whole number, 0 or more."),
    "number": lambda: _("Enter a number."),
    "money": lambda: _("Enter a whole number of NT$."),
    "signed_money": lambda: _("Enter a whole number of NT$."),
    "percent": lambda: _("Enter a percentage from 0 to 100."),
    "date": lambda: _("Enter a date."),
    "str_list": lambda: _("Choose from the list."),
    "number_list": lambda: _("Enter numbers."),
}


def clean_facts(errors: Errors, ruleset: RuleSet, facts: Any) -> dict:
    """The edition's declared facts, typed as declared; a derived fact (counted from the database) or a
    name the edition does not declare is refused."""
    if not isinstance(facts, dict):
        errors.add("facts", _("Enter the facts as a mapping of name to value."))
        return {}
    declared, clean = set(declared_fact_names(ruleset)), {}
    for name, value in facts.items():
        if name not in ruleset.facts:
            errors.add(f"facts.{name}", _("Unknown fact for this edition."))
        elif is_derived(name):
            errors.add(f"facts.{name}", _("This is counted by the portal from its records and cannot be entered."))
        elif name in declared:
            kind = ruleset.facts[name]["type"]
            if value is None:
                clean[name] = None
            elif kind not in _TYPE_CHECKS or not _TYPE_CHECKS[kind](value):
                errors.add(f"facts.{name}", str(_TYPE_MESSAGES.get(kind, _TYPE_MESSAGES["str"])()))
            elif _unknown_choice(errors, ruleset, name, value):
                continue
            else:
                clean[name] = stored_value(kind, value)
    return clean


def _unknown_choice(errors: Errors, ruleset: RuleSet, name: str, value: Any) -> bool:
    """A fact the edition lists the codes of (as the form's choices) takes only those codes."""
    choices = fact_choices(ruleset, name)
    if not choices or not isinstance(value, (str, list)):
        return False
    known = [code for code, _label in choices]
    unknown = [code for code in ([value] if isinstance(value, str) else value) if code not in known]
    for code in unknown:
        errors.add(
            f"facts.{name}",
            _("Unknown choice %(code)s; this item's choices: %(known)s.") % {"code": code, "known": ", ".join(known)},
        )
    return bool(unknown)


def _decimal(errors: Errors, key: str, value, *, low: Decimal, high: Decimal, strict_low: bool = False):
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        errors.add(key, _("Enter a number."))
        return None
    value = Decimal(value)
    if value > high or value < low or (strict_low and value == low):
        errors.add(key, _("Enter a number from %(low)s to %(high)s.") % {"low": low, "high": high})
        return None
    return value


def clean_checkpoints(errors: Errors, rows: Any) -> list[dict]:
    """Checkpoints: date, item and cumulative progress rising strictly (reaching 100 % is checked at
    submission); dates in order."""
    clean, last_percent, last_date = [], Decimal(0), None
    for index, row in enumerate(_rows(errors, "checkpoints", rows)):
        key = f"checkpoints.{index}"
        if not isinstance(row, dict):
            errors.add(key, _("Each checkpoint needs a date, an item and a cumulative percentage."))
            continue
        day, item = row.get("date"), str(row.get("item") or "").strip()
        if not isinstance(day, datetime.date):
            errors.add(f"{key}.date", _("Enter a date."))
            day = None
        if not item or len(item) > 300:
            errors.add(f"{key}.item", _("Describe the checkpoint (at most 300 characters)."))
        percent = _decimal(
            errors, f"{key}.percent", row.get("percent"), low=Decimal(0), high=PERCENT_MAX, strict_low=True
        )
        if percent is not None and percent <= last_percent and index:
            errors.add(
                f"{key}.percent",
                _("Cumulative progress must rise at every checkpoint: %(value)s %% is not above %(previous)s %%.")
                % {"value": percent, "previous": last_percent},
            )
        if day and last_date and day < last_date:
            errors.add(f"{key}.date", _("Checkpoints must be in date order."))
        last_percent = percent if percent is not None else last_percent
        last_date = day or last_date
        code = str(row.get("code") or "")[:64]
        clean.append(
            {
                "date": day.isoformat() if day else None,
                "item": item,
                "percent": f"{percent:.2f}" if percent is not None else None,
                "code": code,
            }
        )
    return clean


def clean_kpis(errors: Errors, ruleset: RuleSet, rows: Any) -> list[dict]:
    known = {k.code for k in ruleset.kpis}
    clean, seen = [], set()
    for index, row in enumerate(_rows(errors, "kpis", rows)):
        key = f"kpis.{index}"
        if not isinstance(row, dict):
            errors.add(key, _("Each indicator needs a name, a value before and a target after."))
            continue
        code, name = str(row.get("code") or ""), str(row.get("name") or "").strip()
        if code and code not in known:
            errors.add(f"{key}.code", _("Unknown indicator for this edition."))
        elif code and code in seen:
            errors.add(f"{key}.code", _("This indicator is given twice."))
        seen.add(code or None)
        if not code and not name:
            errors.add(f"{key}.name", _("Name the indicator."))
        values = {}
        for side in ("before", "after"):
            value = row.get(side)
            values[side] = (
                None
                if value is None
                else _decimal(errors, f"{key}.{side}", value, low=Decimal(-(10**12)), high=Decimal(10**12))
            )
        clean.append(
            {
                "code": code,
                "name": name[:200],
                "unit": str(row.get("unit") or "")[:40],
                "before": None if values["before"] is None else str(values["before"]),
                "after": None if values["after"] is None else str(values["after"]),
            }
        )
    return clean


def clean_declarations(errors: Errors, value: Any) -> dict:
    if not isinstance(value, dict):
        errors.add("declarations", _("Enter the declarations as yes or no answers."))
        return {}
    clean = {}
    for name, given in value.items():
        if name not in DECLARATIONS:
            errors.add(f"declarations.{name}", _("Unknown declaration."))
        elif not isinstance(given, bool):
            errors.add(f"declarations.{name}", _("Answer yes or no."))
        else:
            clean[name] = given
    return clean


def clean_staff(errors: Errors, ruleset: RuleSet, rows: Any) -> list[dict]:
    ranks = {item.code for item in ruleset.catalogues.get("staff_ranks", [])}
    clean, emails, pis = [], set(), 0
    for index, row in enumerate(_rows(errors, "staff", rows)):
        key = f"staff.{index}"
        if not isinstance(row, dict):
            errors.add(key, _("Each person needs a name, an e-mail address and person-months."))
            continue
        name, email = str(row.get("name") or "").strip(), str(row.get("email") or "").strip().lower()
        if not name or len(name) > 100:
            errors.add(f"{key}.name", _("Enter the person's name."))
        if "@" not in email or len(email) > 254:
            errors.add(f"{key}.email", _("Enter the person's e-mail address (it identifies the person across cases)."))
        elif email in emails:
            errors.add(f"{key}.email", _("This person is already on the staffing table."))
        emails.add(email)
        role = row.get("role") or StaffRole.STAFF
        if role not in StaffRole.values:
            errors.add(f"{key}.role", _("Choose a role."))
        pis += role == StaffRole.PI
        rank = str(row.get("rank") or "")
        if rank and ranks and rank not in ranks:
            errors.add(f"{key}.rank", _("Choose a rank from the list."))
        months = _decimal(
            errors,
            f"{key}.person_months",
            row.get("person_months"),
            low=Decimal(0),
            high=PERSON_MONTHS_MAX,
            strict_low=True,
        )
        insured = row.get("labour_insured", True)
        if not isinstance(insured, bool):
            errors.add(f"{key}.labour_insured", _("Answer yes or no."))
        clean.append(
            {
                "name": name,
                "email": email,
                "role": role,
                "rank": rank,
                "title": str(row.get("title") or "")[:100],
                "person_months": months,
                "labour_insured": bool(insured),
            }
        )
    if pis > 1:
        errors.add("staff", _("A case has one principal investigator."))
    return clean


def clean_period(errors: Errors, start: Any, end: Any) -> tuple[datetime.date | None, datetime.date | None]:
    for key, value in (("period.start", start), ("period.end", end)):
        if value is not None and not isinstance(value, datetime.date):
            errors.add(key, _("Enter a date."))
            return None, None
    if start and end and end < start:
        errors.add("period.end", _("The project cannot end before it starts."))
    return start, end


def clean_title(errors: Errors, title: Any) -> str:
    title = str(title or "").strip()
    if not title:
        errors.add("title", _("Enter the project title."))
    elif len(title) > 200:
        errors.add("title", _("At most 200 characters."))
    return title
