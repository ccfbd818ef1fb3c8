"""Writes for cases. Each is keyword-only, named ``<noun>_<verb>``, one transaction, audited."""

from . import actions  # noqa: F401  (registers the handlers of the actions up to review)
from .amendments import case_amend, case_amendment_check, case_plan_values
from .cases import CaseConflict, StaleCase, case_create, case_refresh_check, case_update
from .documents import document_check_record, document_upload
from .transitions import (
    TRANSITIONS,
    CaseRefused,
    TransitionNotAllowed,
    action_label,
    actions_for,
    case_transition,
    register_handler,
)

__all__ = [
    "TRANSITIONS",
    "CaseConflict",
    "CaseRefused",
    "StaleCase",
    "TransitionNotAllowed",
    "action_label",
    "actions_for",
    "case_amend",
    "case_amendment_check",
    "case_create",
    "case_plan_values",
    "case_refresh_check",
    "case_transition",
    "case_update",
    "document_check_record",
    "document_upload",
    "register_handler",
]
