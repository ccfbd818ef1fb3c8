"""Response headers and logging that the settings name: the Permissions-Policy (Django has none built in; its
Content-Security-Policy middleware sends the CSP), and the logging of refusals that are routine."""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404

# No page of the portal uses a device or a payment API: say so, so that nothing embedded can ask for them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
        "microphone", "midi", "payment", "publickey-credentials-get", "screen-wake-lock", "usb", "xr-spatial-tracking",
    )
)  # fmt: skip


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class RoutineRefusalFilter(logging.Filter):
    """A 403 or a 404 is routine (a bookmark, a probe): logged as one line, without the traceback Django attaches."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], (PermissionDenied, Http404)):
            record.exc_info, record.exc_text = None, None
        return True
