"""The facts each section of a rule set may judge, with their types (used to validate inputs)."""

import datetime
from decimal import Decimal

COMPANY_FACTS = {
    "registration": "str",
    "factory_registered": "bool",
    "industry_codes": "str_list",
    "business_items": "str_list",
    "employees": "int",
    "paid_in_capital": "money",
    "net_worth": "signed_money",
    "prc_capital": "bool",
    "bank_refused": "bool",
    "tax_arrears_3y": "bool",
    "pcc_refused": "bool",
    "serious_violation_3y": "bool",
    "site_in_roc": "bool",
}

UNIT_FACTS = {
    "kind": "str",
    "registration": "str",
    "factory_registered": "bool",
    "industry_codes": "str_list",
    "net_worth": "signed_money",
    "prc_capital": "bool",
    "bank_refused": "bool",
    "tax_arrears_3y": "bool",
    "pcc_refused": "bool",
    "moe_accredited": "bool",
    "qualifications": "qualifications",
    "project_start": "date",
}

PERIOD_FACTS = {"project_start": "date", "project_end": "date"}

INSTALMENT_FACTS = {
    "approved_gov": "money",
    "signed": "bool",
    "progress": "percent",
    "disbursed": "money",
    "spent": "money",
    "accepted": "bool",
    "actual_spent_total": "money",
}

# one expense of a case's ledger, as the edition's expense rules judge it (the line's spending counts the expense)
EXPENSE_FACTS = {
    "expense_date": "date",
    "project_start": "date",
    "project_end": "date",
    "expense_line": "str",
    "amount": "money",
    "line_spent": "money",
    "line_approved": "money",
}

FACT_TYPES = (
    "str",
    "bool",
    "int",
    "number",
    "money",
    "signed_money",
    "percent",
    "date",
    "str_list",
    "number_list",
    "qualifications",
)


def stored_value(kind: str, value):
    """A typed fact value as JSON keeps it: exact numbers as strings, dates as ISO days (``engine_value``'s
    inverse)."""
    if value is None:
        return None
    if kind in ("number", "percent"):
        return str(value)
    if kind == "number_list":
        return [str(v) for v in value]
    if kind == "date":
        return value.isoformat()
    return value


def engine_value(kind: str, raw):
    """A fact value as JSON keeps it (exact numbers as strings, dates as ISO days) as the engine judges it."""
    if raw is None:
        return None
    if kind in ("number", "percent"):
        return Decimal(str(raw))
    if kind == "number_list":
        return [Decimal(str(v)) for v in raw]
    if kind == "date" and isinstance(raw, str):
        return datetime.date.fromisoformat(raw)
    return raw
