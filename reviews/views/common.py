"""What the review pages share: the visible case, role checks, putting service messages on forms."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from applications import selectors as case_selectors
from applications.models import Case
from applications.services import CaseConflict


def visible_case(request, pk: int) -> Case:
    """The case, if the user may see it; 404 as for a case that does not exist otherwise."""
    try:
        return case_selectors.case_for_user(user=request.user, pk=pk)
    except Case.DoesNotExist:
        raise Http404 from None


def require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def messages_of(exc: ValidationError) -> dict[str, list[str]]:
    return exc.message_dict if hasattr(exc, "message_dict") else {"": list(exc.messages)}


def add_service_errors(form, errors: dict[str, list[str]], field_for=None) -> None:
    """Put a service's messages on the form field a key names (``field_for(key)``), else on the form."""
    for key, texts in errors.items():
        target = field_for(key) if field_for else (key if key in form.fields else None)
        for text in texts:
            form.add_error(target if target in form.fields else None, text)


def flash_errors(request, exc: ValidationError) -> None:
    """A service's messages as page messages (for forms that redirect)."""
    for texts in messages_of(exc).values():
        for text in texts:
            messages.error(request, text)


def attempt[T](request, write: Callable[[], T]) -> T | None:
    """Run a service's write for a form that redirects: a refusal — the state forbids it (409 in the API) or
    the input is wrong (400) — becomes the page's messages, and the result None."""
    try:
        return write()
    except CaseConflict as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        flash_errors(request, exc)
    return None
