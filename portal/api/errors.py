"""Every API error answers ``{"errors": {field: [message, ...]}}`` (spec/api.md)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from portal.permissions import FieldsNotWritable

NON_FIELD = "non_field_errors"


class RequestBodyTooLarge(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("The request body is too large.")
    default_code = "body_too_large"


def flatten_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """Nested serializer errors → flat dotted keys: ``company.ubn``, ``lines.2.gov``."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if key == NON_FIELD and prefix:
                name = prefix
            for k, v in flatten_errors(value, name).items():
                out.setdefault(k, []).extend(v)
    elif isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            out[prefix or NON_FIELD] = [str(item) for item in detail]
        else:
            for index, item in enumerate(detail):
                if item in ({}, [], None, ""):
                    continue
                name = f"{prefix}.{index}" if prefix else str(index)
                for k, v in flatten_errors(item, name).items():
                    out.setdefault(k, []).extend(v)
    else:
        out[prefix or "detail"] = [str(detail)]
    return out


def exception_handler(exc, context):
    if isinstance(exc, FieldsNotWritable):  # refused field by field
        response = drf_exception_handler(exceptions.PermissionDenied(), context)
        response.data = {"errors": {field: [str(exc.message)] for field in exc.fields}}
        return response
    if isinstance(exc, RequestDataTooBig):
        exc = RequestBodyTooLarge()
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = flatten_errors(response.data)
    elif isinstance(response.data, dict) and "detail" in response.data:
        errors = {"detail": [str(response.data["detail"])]}
    else:
        errors = flatten_errors(response.data)
    response.data = {"errors": errors}
    return response
