import contextvars
import json
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from django.db import connections


@dataclass(frozen=True)
class AuditState:
    actor_id: int | None = None
    context: dict = field(default_factory=dict)


_state: contextvars.ContextVar[AuditState | None] = contextvars.ContextVar("portal_audit_state", default=None)


def current_audit_state() -> AuditState | None:
    return _state.get()


def _push_to_postgres(state: AuditState | None) -> None:
    """Make the state visible to the audit trigger of every open PostgreSQL connection."""
    for conn in connections.all(initialized_only=True):
        if conn.vendor != "postgresql" or conn.connection is None:
            continue
        push_state_to_connection(conn, state)


def push_state_to_connection(conn, state: AuditState | None) -> None:
    actor = "" if state is None or state.actor_id is None else str(state.actor_id)
    context = "" if state is None else json.dumps(state.context, ensure_ascii=False, default=str)
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('portal.audit_actor', %s, false), set_config('portal.audit_context', %s, false)",
            [actor, context],
        )


@contextmanager
def audit_context(*, actor=None, **context):
    """Attribute the row changes made inside the block to ``actor`` with extra ``context``."""
    previous = _state.get()
    merged = {**(previous.context if previous else {}), **context}
    actor_id = getattr(actor, "pk", None) if actor is not None else (previous.actor_id if previous else None)
    state = AuditState(actor_id=actor_id, context=merged)
    token = _state.set(state)
    _push_to_postgres(state)
    try:
        yield state
    finally:
        _state.reset(token)
        _push_to_postgres(previous)


def audit_actor_update(user) -> None:
    """Name the actor once it is known late (API token authentication)."""
    current = _state.get()
    if current is None or user is None or not getattr(user, "pk", None):
        return
    state = replace(current, actor_id=user.pk)
    _state.set(state)
    _push_to_postgres(state)
