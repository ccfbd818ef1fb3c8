"""The OpenAPI schema documents every error answer with the envelope and the constraints the server enforces
(issue 15, point 11); every endpoint refuses JSON nested 2,000 deep with the envelope (point 1)."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
ENVELOPE = {"$ref": "#/components/schemas/Errors"}


@pytest.fixture
def schema(client) -> dict:
    return client.get("/api/schema/?format=json").json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_every_error_answer_is_documented_with_the_envelope(schema):
    components = schema["components"]["schemas"]
    assert schema["components"]["schemas"]["Errors"]["required"] == ["errors"]
    for path, method, operation in operations(schema):
        responses = operation["responses"]
        errors = {code for code in responses if code.startswith(("4", "5"))}
        assert {"406", "503"} <= errors, (path, method)
        if "requestBody" in operation:
            assert {"400", "415"} <= errors, (path, method)
        if "{" in path:
            assert "404" in errors, (path, method)
        if operation.get("security") and {} not in operation["security"]:
            assert {"401", "403"} <= errors, (path, method)
        for code in errors:
            schemas = [media["schema"] for media in responses[code].get("content", {}).values()]
            assert schemas, (path, method, code)
            # the envelope, or an operation's own answer that holds it (a refused case action adds the outcomes)
            component = components[schemas[0]["$ref"].rsplit("/", 1)[-1]]
            assert schemas[0] == ENVELOPE or "errors" in component["required"], (path, method, code)


def test_the_constraints_the_server_enforces_are_in_the_schema(schema):
    components = schema["components"]["schemas"]
    requests = [name for name in components if name.endswith("Request")]
    assert requests and all(components[name]["additionalProperties"] is False for name in requests)
    for name in ("CompanyRequest", "CounsellingUnitRequest", "CompanyFactsRequest"):
        assert components[name]["properties"]["ubn"]["pattern"] == "^[0-9]{8}$", name
    assert components["LineRequest"]["properties"]["gov"] == {"type": "integer", "minimum": 0, "maximum": 10**12}
    quantity = components["ActivityRequest"]["properties"]["quantity"]["oneOf"]
    assert quantity[0]["minimum"] == 0 and quantity[0]["maximum"] == 10**12
    assert re.fullmatch(quantity[1]["pattern"], "41800.5") and not re.fullmatch(quantity[1]["pattern"], "1e3")


def test_nested_json_is_refused_by_every_endpoint_with_the_envelope(schema, admin_user):
    """2,000 levels deep (the probe's RecursionError), and 1,400 (parsed, then refused)."""
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=admin_user).key
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    for depth in (2_000, 1_400):
        body = "[" * depth + "]" * depth
        for path, method, _operation in operations(schema):
            if method not in ("post", "put", "patch"):
                continue
            url = re.sub(r"\{(\w+)\}", lambda m: "machinery-2025" if m.group(1) == "code" else "1", path)
            response = getattr(client, method)(url, body, content_type="application/json")
            assert response.status_code in (400, 403, 404, 415), (url, method, response.status_code)
            assert list(response.json()) == ["errors"], (url, method)
