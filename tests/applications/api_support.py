"""Helpers of the case API tests: JSON requests, proposal bodies as a client sends them, and a picture of
everything a refused request must leave as it was."""

import json
import re

from applications.models import Case, CaseDocument, CaseEvent, StaffMember, SupplementRequest
from portal.models import AuditEvent
from programs.models import RuleEvaluation
from tests.applications.builders import MACHINERY_FACTS, MACHINERY_LINES

CASES = "/api/v1/cases/"
CASE_KEYS = {
    "id", "reference", "edition", "edition_version", "status", "company", "unit", "title", "period", "budget",
    "facts", "check", "requested_gov", "approved_gov", "due",
}  # fmt: skip
# Besides the contract's keys the case carries its edit counter, the value its ETag names.
EXTRA_KEYS = {"version"}
OUTCOME_KEYS = {"rule", "passed", "level", "message", "values"}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def case_url(case, *rest) -> str:
    pk = case if isinstance(case, int) else case.pk
    return f"{CASES}{pk}/" + "".join(f"{part}/" for part in rest)


def action_url(case, action: str) -> str:
    return case_url(case, "actions", action)


def send(client, method: str, url: str, data=None, **extra):
    """A JSON request; ``data`` is sent as given when it is already a str (raw, possibly broken JSON)."""
    body = data if isinstance(data, (str, bytes)) else json.dumps(data if data is not None else {})
    return getattr(client, method)(url, body, content_type="application/json", **extra)


def machinery_body(**overrides) -> dict:
    """A complete machinery-2025 proposal as a client posts it (JSON types only)."""
    body = {
        "edition": "machinery-2025",
        "title": "智慧化產線能耗監控導入",
        "period": {"start": "2025-03-01", "end": "2025-10-31"},
        "budget": {"lines": [dict(line) for line in MACHINERY_LINES]},
        "facts": dict(MACHINERY_FACTS),
        "needs": "產線換線時間長，能耗無法即時掌握。",
        "solution": "導入設備聯網與能耗模組，第三方驗證節能成效。",
        "declarations": {"truthful": True, "personal_data": True},
        "checkpoints": [
            {"date": "2025-06-30", "item": "設備聯網完成", "percent": "50"},
            {"date": "2025-10-31", "item": "第三方驗證完成", "percent": "100"},
        ],
        "staff": [
            {"name": "王大明", "email": "pi@unit.example.tw", "role": "pi", "person_months": "4"},
            {"name": "林小華", "email": "eng@unit.example.tw", "role": "staff", "person_months": "6"},
        ],
    }
    body.update(overrides)
    return body


def errors_of(response) -> dict:
    body = response.json()
    assert set(body) >= {"errors"}, body
    return body["errors"]


def state(case=None) -> dict:
    """Everything a refused request must leave as it was: the case row and its children, and the counts of
    cases, events, evaluations, documents and audit rows."""
    picture = {
        "cases": Case.objects.count(),
        "events": CaseEvent.objects.count(),
        "evaluations": RuleEvaluation.objects.count(),
        "documents": CaseDocument.objects.count(),
        "supplements": SupplementRequest.objects.count(),
        "audit": AuditEvent.objects.count(),
    }
    if case is not None:
        picture["case"] = Case.objects.filter(pk=case.pk).values().get()
        picture["staff"] = list(StaffMember.objects.filter(case_id=case.pk).order_by("position").values())
    return picture
