"""The answers to errors that reach Django's handlers. The API (/api/v1/…) always answers with its JSON envelope
(``{"errors": {"detail": [message]}}``), whatever went wrong and wherever; a page gets the HTML error page. An
unreachable database is not a bug of ours but an outage: 503 with Retry-After, in a page that needs no database
(no session, no menu), instead of a 500."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIX = "/api/v"
RETRY_AFTER_SECONDS = 30


def _is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def api_error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"errors": {"detail": [str(message)]}}, status=status)


def database_unavailable(exc: BaseException | None) -> bool:
    """The exception (or one it was raised from) says the database cannot be reached."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, (OperationalError, InterfaceError)):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def bad_request(request, exception):
    if _is_api(request):
        return api_error(400, _("The request is not valid."))
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if _is_api(request):
        return api_error(403, _("You do not have permission to perform this action."))
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if _is_api(request):
        return api_error(404, _("Not found."))
    return defaults.page_not_found(request, exception)


def server_error(request):
    if database_unavailable(sys.exception()):
        if _is_api(request):
            response = api_error(503, _("The database is unavailable just now. Try again in a minute."))
        else:
            response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if _is_api(request):
        return api_error(500, _("Something went wrong on our side. The error has been logged."))
    return defaults.server_error(request)
