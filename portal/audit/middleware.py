from contextlib import ExitStack

from . import audit_context


def audit_stores_nothing(view_func):
    """Mark a view that writes no row: the middleware opens no audit context for it."""
    view_func.audit_stores_nothing = True
    return view_func


def stores_nothing(view_func) -> bool:
    """A view that declares it writes no row (``audit_stores_nothing = True`` on the function or, for a class-based
    view, on its class): the public calculators."""
    view_class = getattr(view_func, "view_class", None) or getattr(view_func, "cls", None)
    return bool(getattr(view_func, "audit_stores_nothing", False) or getattr(view_class, "audit_stores_nothing", False))


class AuditContextMiddleware:
    """Every row change made while serving a request is attributed to its user and path. The context is opened
    once the view is known, and not at all for a view that stores nothing (the anonymous calculators): opening it
    costs a round trip to PostgreSQL on the way in and one on the way out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with ExitStack() as stack:
            request._audit_stack = stack
            return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        stack = getattr(request, "_audit_stack", None)
        if stack is None or stores_nothing(view_func):
            return None
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
        stack.enter_context(audit_context(actor=actor, path=request.path[:200], method=request.method))
        return None
