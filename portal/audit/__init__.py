"""Audit trail of row changes: who, when, what changed.

Models opt in with ``@audited(...)``. Who acts is carried by ``audit_context`` (the request
middleware opens one per request; tasks and commands open their own).
"""

from .context import audit_actor_update, audit_context, current_audit_state
from .middleware import audit_stores_nothing
from .registry import audited, audited_models

__all__ = [
    "audit_actor_update",
    "audit_context",
    "audit_stores_nothing",
    "audited",
    "audited_models",
    "current_audit_state",
]
