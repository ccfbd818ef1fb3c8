from . import audit_context


class AuditContextMiddleware:
    """Every row change made while serving a request is attributed to its user and path."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
        with audit_context(actor=actor, path=request.path[:200], method=request.method):
            return self.get_response(request)
