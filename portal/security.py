"""Response headers and logging that the settings name: the Permissions-Policy (Django has none built in; its
Content-Security-Policy middleware sends the CSP), and the logging of refusals that are routine."""

import logging
import time

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


class SessionIdleMiddleware:
    """A session ends SESSION_COOKIE_AGE after its last request (idle), not after its first: each request pushes
    the end further. The session is written again only when REFRESH seconds have passed since it last was, so
    that a page costs no session write (and no queries) in between."""

    REFRESH = 5 * 60
    KEY = "_refreshed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key and getattr(request, "user", None) is not None:
            now = int(time.time())
            if request.user.is_authenticated and now - session.get(self.KEY, 0) >= self.REFRESH:
                session[self.KEY] = now  # modified: SessionMiddleware saves it with a new expiry
        return response


def session_started(sender, request, user, **kwargs) -> None:
    """Signing in writes the session anyway: it counts as its last refresh."""
    if getattr(request, "session", None) is not None:
        request.session[SessionIdleMiddleware.KEY] = int(time.time())


class RoutineRefusalFilter(logging.Filter):
    """A 403 or a 404 is routine (a bookmark, a probe): logged as one line, without the traceback Django attaches."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], (PermissionDenied, Http404)):
            record.exc_info, record.exc_text = None, None
        return True
