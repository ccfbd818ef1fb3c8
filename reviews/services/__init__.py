"""Writes of the reviews. Each is keyword-only, named ``<noun>_<verb>``, one transaction, audited. Importing
this package registers the ``decide`` action's work with the case transition service."""

from . import decisions  # noqa: F401  (registers the decide handler)
from .errors import NotAssigned, NotConfirmed, ReviewConflict
from .letters import letter_request, letter_retry
from .pool import (
    assignment_confirm,
    assignment_create,
    assignment_withdraw,
    conflict_declare,
    reviewer_profile_save,
)
from .revisions import comment_replies_save, revised_plan_upload, revision_accept
from .sheets import active_assignment, sheet_save, sheet_score

__all__ = [
    "NotAssigned",
    "NotConfirmed",
    "ReviewConflict",
    "active_assignment",
    "assignment_confirm",
    "assignment_create",
    "assignment_withdraw",
    "comment_replies_save",
    "conflict_declare",
    "letter_request",
    "letter_retry",
    "revised_plan_upload",
    "revision_accept",
    "reviewer_profile_save",
    "sheet_save",
    "sheet_score",
]
