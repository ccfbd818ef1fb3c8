"""The OpenAPI schema's account of errors: every operation documents each error answer it can give, each with
the envelope every API error uses (portal/api/errors.py): ``{"errors": {field: [message, ...]}}``.

Which answers an operation can give follows from its view, as DRF decides them: a body can be refused (400,
415); a path names an object that may not exist (404); authentication can fail (401) and permissions refuse
(403); a rate-limited view says 429; content negotiation 406; and any answer may be 503 when the database is
unavailable (portal/views/errors.py)."""

from decimal import Decimal

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.permissions import AllowAny

from portal.limits import MONEY_MAX

ERRORS_COMPONENT = "Errors"
ERRORS_SCHEMA = {
    "type": "object",
    "description": 'Every error: `{"errors": {field: [message, ...]}}`; a message not about one field is under '
    '"detail" or "non_field_errors"; nested fields are dotted ("lines.2.gov").',
    "properties": {
        "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}
    },
    "required": ["errors"],
}
DESCRIPTIONS = {
    "400": "Invalid input: the message of each field that is wrong.",
    "401": "Not authenticated, or the token is invalid or expired.",
    "403": "Authenticated, but not allowed to do this (or to change these fields).",
    "404": "No such object, or one the caller may not see.",
    "406": "The Accept header asks for a format the API does not give (it answers JSON).",
    "409": "The object's state does not allow this now.",
    "412": "The object changed since the version named in If-Match.",
    "415": "The body is not in a supported format (JSON, or multipart for uploads).",
    "429": "Too many requests: try again after the time in Retry-After.",
    "503": "A service the API needs (the database) is unavailable just now.",
}


class PortalAutoSchema(AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        registry.register_on_missing(
            ResolvedComponent(
                name=ERRORS_COMPONENT, type=ResolvedComponent.SCHEMA, object=ERRORS_COMPONENT, schema=ERRORS_SCHEMA
            )
        )
        content = {"application/json": {"schema": {"$ref": f"#/components/schemas/{ERRORS_COMPONENT}"}}}
        responses = operation["responses"]
        for code in self._error_codes(operation):
            answer = responses.setdefault(code, {"description": DESCRIPTIONS[code]})
            answer.setdefault("content", content)
        return operation

    def _error_codes(self, operation: dict) -> list[str]:
        view = self.view
        parameters = operation.get("parameters", [])
        codes = ["406", "503"]
        if "requestBody" in operation or any(p["in"] == "query" for p in parameters):
            codes.append("400")
        if "requestBody" in operation:
            codes.append("415")
        if any(p["in"] == "path" for p in parameters) or self._is_list_view():
            codes.append("404")  # a list: a page number past the end
        if view.authentication_classes:
            codes.append("401")  # a bad or expired token, even where anyone may call
        open_to_all = all(issubclass(p, AllowAny) for p in view.permission_classes)
        if not open_to_all or (view.authentication_classes and self.method not in ("GET", "HEAD", "OPTIONS")):
            codes.append("403")  # refused, or a session without its CSRF token
        if view.throttle_classes:
            codes.append("429")
        for code in ("409", "412"):  # documented by the view itself (@extend_schema) when it can answer them
            if code in operation["responses"]:
                codes.append(code)
        return codes


# --- constraints the server enforces, said in the schema ------------------------------------------------------

UBN_PATTERN = r"^[0-9]{8}$"  # and the checksum, which a pattern cannot say (portal.validators.validate_ubn)


class MoneyFieldExtension(OpenApiSerializerFieldExtension):
    """Money (and counts): an integer from 0 (or -MONEY_MAX where negative amounts are allowed) to MONEY_MAX."""

    target_class = "portal.api.fields.MoneyField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        low = -MONEY_MAX if self.target.allow_negative else 0
        return {"type": "integer", "minimum": low, "maximum": MONEY_MAX}


class ExactNumberFieldExtension(OpenApiSerializerFieldExtension):
    """A JSON number, or a decimal string of at most its digits, within the field's range."""

    target_class = "portal.api.fields.ExactNumberField"

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        number: dict = {"type": "number"}
        bound = Decimal(10) ** field.INTEGER_DIGITS
        number["minimum"] = float(field.min_value) if field.min_value is not None else -float(bound)
        number["maximum"] = float(field.max_value) if field.max_value is not None else float(bound)
        if field.min_value is None:
            number["exclusiveMinimum"], number["minimum"] = True, -float(bound)
        if field.max_value is None:
            number["exclusiveMaximum"] = True
        return {"oneOf": [number, {"type": "string", "pattern": field.string_pattern()}]}


def document_constraints(result, generator, request, public):
    """drf-spectacular postprocessing hook: request bodies refuse unknown keys (RefusesUnknownFields); a UBN is
    eight digits."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        properties = component.get("properties", {})
        if properties.get("ubn", {}).get("type") == "string":
            properties["ubn"]["pattern"] = UBN_PATTERN
        if name.endswith("Request") and component.get("type") == "object":
            component["additionalProperties"] = False
    return result
