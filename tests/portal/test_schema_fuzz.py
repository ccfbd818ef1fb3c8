"""Schemathesis over the whole API (issue 15): requests generated from the live schema (/api/schema/) — valid
ones and ones that break it — sent anonymously and as each role, and every answer checked: no server error,
a status code the schema documents, the documented content type and body, and input that breaks the schema
refused. At least 1,000 cases a run, in a couple of minutes.

Runs in-process through Django's WSGI handler on the test database. The cases are the same every run
(derandomized) unless FUZZ_RANDOM=1 is set, which explores new ones."""

import collections
import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from portal.models import Role
from tests.applications.builders import machinery_case
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
ROLES = [None, Role.APPLICANT, Role.COUNSELLOR, Role.REVIEWER, Role.OFFICER, Role.ADMIN]
EXAMPLES = 4  # per operation, role and kind of data (valid / schema-breaking)
MIN_CASES = 1_000


@pytest.fixture
def wsgi_app():
    """Django's WSGI handler, without the request signals that would close the test's database connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def world() -> dict:
    """Headers of each caller (anonymous, and a token per role: the case's own parties see a real case), and the
    path parameters naming real objects, so that requests also reach past the 404 of a random id."""
    case = machinery_case(consent=False, documents=True)
    users = {role: UserFactory(role=role) for role in ROLES if role}
    users[Role.APPLICANT], users[Role.COUNSELLOR] = case.applicant, case.counsellor
    headers = {"anonymous": {}}
    for role, user in users.items():
        headers[role.value] = {"Authorization": f"Token {Token.objects.create(user=user).key}"}
    real = {
        "/api/v1/cases/": {"id": case.pk, "doc": case.documents.first().pk, "name": "consent"},
        "/api/v1/companies/": {"id": case.company_id},
        "/api/v1/counselling-units/": {"id": case.unit_id},
        "/api/v1/editions/": {"code": "machinery-2025"},
    }
    return {"headers": headers, "real": real}


def real_parameters(operation, real: dict) -> dict | None:
    """The real objects' ids for the operation's path parameters (None when it has none)."""
    names = {p.name for p in operation.path_parameters}
    if not names:
        return None
    for prefix, values in real.items():
        if operation.path.startswith(prefix) and names <= set(values):
            return {name: values[name] for name in names}
    return None


def _problem(operation, who: str, failure) -> str:
    return f"{operation.label} as {who}: {getattr(failure, 'title', type(failure).__name__)}"


def test_the_api_answers_every_generated_request_within_its_schema(wsgi_app, world):
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)
    failures: dict[str, str] = {}
    counts = collections.Counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        pinned = real_parameters(operation, world["real"])
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            for who, headers in world["headers"].items():
                _fuzz(operation.as_strategy(generation_mode=mode), operation, who, headers, failures, counts)
                if pinned and mode == GenerationMode.POSITIVE:  # the same, on real objects
                    strategy = operation.as_strategy(generation_mode=mode, path_parameters=pinned)
                    _fuzz(strategy, operation, who, headers, failures, counts)
    assert counts["cases"] >= MIN_CASES, counts
    assert not failures, f"{len(failures)} kinds of failure in {counts['cases']} cases:\n\n" + "\n\n".join(
        f"{key}\n{detail}" for key, detail in sorted(failures.items())
    )


def _fuzz(strategy, operation, who: str, headers: dict, failures: dict, counts: collections.Counter) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=not os.environ.get("FUZZ_RANDOM"),
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        counts["cases"] += 1
        try:
            case.call_and_validate(headers=headers, checks=CHECKS)
        except FailureGroup as group:
            for failure in group.exceptions:
                failures.setdefault(_problem(operation, who, failure), str(group)[:2000])

    try:
        run()
    except Exception as exc:  # noqa: BLE001 — the generator itself failed: report it like a failure
        if type(exc).__name__ != "Unsatisfiable":  # an operation without parameters to vary
            failures.setdefault(f"{operation.label} as {who}: {type(exc).__name__}", str(exc)[:2000])
