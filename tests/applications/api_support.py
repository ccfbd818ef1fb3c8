"""Helpers of the case API tests: JSON requests, proposal bodies as a client sends them, and a picture of
everything a refused request must leave as it was."""

import json
import re

from django.core.serializers.json import DjangoJSONEncoder

from applications.models import Case, CaseDocument, CaseEvent, StaffMember, SupplementRequest
from portal.models import AuditEvent
from programs.models import RuleEvaluation
from tests.applications.builders import machinery_proposal

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
    """The builders' complete machinery-2025 proposal as a client posts it (JSON types only), with
    checkpoints."""
    body = json.loads(json.dumps(machinery_proposal(), cls=DjangoJSONEncoder))
    body["edition"] = "machinery-2025"
    body["checkpoints"] = [
        {"date": "2025-06-30", "item": "設備聯網完成", "percent": "50"},
        {"date": "2025-10-31", "item": "第三方驗證完成", "percent": "100"},
    ]
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


def refused(client, method, url, body, *, key=None, status=400) -> dict:
    """Send ``body``; require ``status`` with a message on ``key`` (when given); return the errors."""
    response = send(client, method, url, body)
    assert response.status_code == status, (response.status_code, response.content[:500])
    errors = errors_of(response)
    assert errors and all(isinstance(messages, list) and messages for messages in errors.values()), errors
    if key is not None:  # the field itself, or a part of it (``facts.part1_work.0``)
        assert any(name == key or name.startswith(f"{key}.") for name in errors), errors
    return errors


def assert_create_refused(client, user, body, key=None, status=400):
    """``POST /cases/`` by ``user`` is refused with a message on ``key`` and creates nothing."""
    client.force_authenticate(user)
    before = state()
    errors = refused(client, "post", CASES, body, key=key, status=status)
    assert state() == before
    return errors


def assert_patch_refused(client, case, body, key=None, status=400, user=None):
    """``PATCH`` of ``case`` (by its counsellor unless ``user``) is refused and changes nothing."""
    client.force_authenticate(user or case.counsellor)
    before = state(case)
    errors = refused(client, "patch", case_url(case), body, key=key, status=status)
    assert state(case) == before
    return errors
