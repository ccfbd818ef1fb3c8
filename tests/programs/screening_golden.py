"""The screening answers captured from main before the hot-path work (issue 12): inputs, and how to (re)write
the golden file. ``python -m tests.programs.screening_golden`` with DJANGO_SETTINGS_MODULE and a migrated test
database writes tests/programs/screening_golden.json; the test compares every answer byte for byte."""

import json
from pathlib import Path

GOLDEN = Path(__file__).with_name("screening_golden.json")

BASE = {
    "ubn": "22099131", "name": "鴻昇金屬工業股份有限公司", "registration": "company", "factory_registered": True,
    "industry_codes": ["2912"], "business_items": ["CB01"], "employees": 48, "paid_in_capital": 30000000,
    "net_worth": 12000000, "prc_capital": False, "bank_refused": False, "tax_arrears_3y": False,
    "pcc_refused": False, "serious_violation_3y": False, "site_in_roc": True,
}  # fmt: skip

VARIANTS = [
    {},
    {"industry_codes": ["2599"], "business_items": ["CA02"]},
    {"prc_capital": True},
    {"bank_refused": True, "tax_arrears_3y": True},
    {"employees": 250, "paid_in_capital": 900_000_000},
    {"employees": 3, "paid_in_capital": 1_000_000, "net_worth": -500_000},
    {"registration": "business", "factory_registered": False},
    {"site_in_roc": False, "serious_violation_3y": True, "pcc_refused": True},
    {"industry_codes": ["1011", "2620"], "business_items": ["F401010", "I301010"]},
    {"employees": 0, "paid_in_capital": 0, "net_worth": 0},
]


def requests() -> list[tuple[str, dict]]:
    """(language, body) pairs: every variant against every published edition in both languages, and one
    variant against a chosen list of editions."""
    out = []
    for lang in ("zh-hant", "en"):
        for change in VARIANTS:
            out.append((lang, {"company": {**BASE, **change}}))
    out.append(("zh-hant", {"company": BASE, "editions": ["machinery-2025"]}))
    return out


def answers(client) -> list[dict]:
    rows = []
    for lang, body in requests():
        response = client.post(
            "/api/v1/screening/", json.dumps(body), content_type="application/json", HTTP_ACCEPT_LANGUAGE=lang
        )
        rows.append({"lang": lang, "request": body, "status": response.status_code, "body": response.content.decode()})
    return rows
