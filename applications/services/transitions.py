"""The one service that changes a case's status. Every move is checked against ``TRANSITIONS`` (who, from
where, to where), made on the locked row, and recorded as a ``CaseEvent`` in the same transaction; the
people on the case are told by e-mail once it commits. An action's own work (submission runs the edition's
rules, a supplement request sets its due date) is its handler; actions that belong to a higher floor
(the decision, contracts) have their handlers registered by that floor (``register_handler``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.validators import ProhibitNullCharactersValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.models import Case, CaseEvent, CaseStatus
from portal.audit import audit_context
from portal.jobs import task_send_quietly
from portal.models import Role, User
from programs.rules import Outcome

S = CaseStatus
APPLICANT, COUNSELLOR, OFFICER, ADMIN = Role.APPLICANT, Role.COUNSELLOR, Role.OFFICER, Role.ADMIN
SYSTEM = "system"  # the scheduled tasks, acting for nobody
PARTIES = frozenset({APPLICANT, COUNSELLOR})
OFFICE = frozenset({OFFICER, ADMIN})


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    targets: frozenset[str]
    roles: frozenset[str]


def _t(sources, targets, roles) -> Transition:
    return Transition(frozenset(sources), frozenset(targets), frozenset(roles))


# action → from which statuses, to which, by whom (design.md "Case workflow"; cases-api.md "Actions")
TRANSITIONS: dict[str, Transition] = {
    "consent": _t({S.DRAFT}, {S.DRAFT}, {APPLICANT}),
    "submit": _t({S.DRAFT}, {S.SUBMITTED}, PARTIES),
    "start_screening": _t({S.SUBMITTED}, {S.SCREENING}, OFFICE),
    "request_supplement": _t({S.SCREENING}, {S.SUPPLEMENT_REQUESTED}, OFFICE),
    "supplement": _t({S.SUPPLEMENT_REQUESTED}, {S.SCREENING}, PARTIES),
    "pass_screening": _t({S.SCREENING}, {S.UNDER_REVIEW}, OFFICE),
    "decide": _t({S.UNDER_REVIEW}, {S.APPROVED, S.REJECTED}, OFFICE),
    "contract": _t({S.APPROVED}, {S.CONTRACTED}, OFFICE),
    "start": _t({S.CONTRACTED}, {S.IN_PROGRESS}, OFFICE),
    "close": _t({S.IN_PROGRESS}, {S.CLOSING}, OFFICE),
    "accept": _t({S.CLOSING}, {S.CLOSED}, OFFICE),
    "withdraw": _t({S.DRAFT, S.SUBMITTED, S.SCREENING, S.SUPPLEMENT_REQUESTED}, {S.WITHDRAWN}, PARTIES),
    "terminate": _t({S.CONTRACTED, S.IN_PROGRESS, S.CLOSING}, {S.TERMINATED}, OFFICE),
    "lapse": _t({S.SUPPLEMENT_REQUESTED}, {S.LAPSED}, {SYSTEM}),
}


class TransitionNotAllowed(Exception):
    """The action is not allowed from the case's status (409)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class CaseRefused(Exception):
    """A rule or a missing input refused the action (400): field messages and the failing outcomes."""

    def __init__(self, errors: Mapping[str, list[str]], outcomes: list[Outcome] | None = None):
        super().__init__(errors)
        self.errors = dict(errors)
        self.outcomes = outcomes or []


@dataclass
class Step:
    """What an action's handler decided: the status to move to and what the event keeps."""

    to: str
    reason: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    on_commit: list[Callable[[], None]] = field(default_factory=list)


@dataclass
class ActionContext:
    case: Case
    actor: User | None
    payload: Mapping[str, Any]
    lang: str

    def text(self, name: str, *, required: bool, max_length: int = 4000) -> str:
        value = self.payload.get(name, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise CaseRefused({name: [_("Enter text.")]})
        value = value.strip()
        if "\x00" in value:  # PostgreSQL cannot store it
            raise CaseRefused({name: [str(ProhibitNullCharactersValidator.message)]})
        if required and not value:
            raise CaseRefused({name: [_("This field is required.")]})
        if len(value) > max_length:
            raise CaseRefused({name: [_("At most %(max)s characters.") % {"max": max_length}]})
        return value


Handler = Callable[[ActionContext], Step]
_handlers: dict[str, Handler] = {}


def register_handler(action: str, handler: Handler) -> None:
    """An action's work: applications registers its own; reviews registers ``decide``, and so on."""
    if action not in TRANSITIONS:
        raise KeyError(f"unknown case action {action}")
    _handlers[action] = handler


def _single_target(ctx: ActionContext, action: str) -> Step:
    (target,) = TRANSITIONS[action].targets
    return Step(to=target, reason=ctx.text("reason", required=False))


def _actor_role(actor: User | None) -> str:
    return SYSTEM if actor is None else actor.role


def _check_party(actor: User | None, case: Case) -> None:
    """An applicant acts for the case's company only, a counsellor for its unit only."""
    if actor is None or actor.role not in PARTIES:
        return
    if not actor.has_perm("applications.change_case", case):
        raise PermissionDenied(_("Only the company and its counselling unit act on this proposal."))


@transaction.atomic
def case_transition(
    *, actor: User | None, case: Case, action: str, payload: Mapping[str, Any] | None = None, lang: str = "zh-hant"
) -> Case:
    """Move ``case`` by ``action``. Raises KeyError (unknown action), PermissionDenied (role),
    TransitionNotAllowed (status) or CaseRefused (rules, inputs); nothing changes when it raises."""
    spec = TRANSITIONS[action]
    with audit_context(actor=actor, action=f"case_{action}"):
        case = Case.objects.select_for_update(of=("self",)).select_related("edition", "company", "unit").get(pk=case.pk)
        if _actor_role(actor) not in spec.roles:
            raise PermissionDenied(_("Your role cannot do this to a case."))
        _check_party(actor, case)
        before = case.status
        if before not in spec.sources:
            raise TransitionNotAllowed(
                _("“%(action)s” is not possible while the case is “%(status)s”.")
                % {"status": CaseStatus(before).label, "action": action_label(action)}
            )
        handler = _handlers.get(action)
        ctx = ActionContext(case=case, actor=actor, payload=payload or {}, lang=lang)
        if handler is None and len(spec.targets) != 1:
            raise TransitionNotAllowed(_("This action is not available yet."))
        step = handler(ctx) if handler else _single_target(ctx, action)
        if step.to not in spec.targets:
            raise RuntimeError(f"{action} handler moved to {step.to}, not one of {sorted(spec.targets)}")
        case.status = step.to
        case.updated_at = timezone.now()
        case.save()
        event = CaseEvent.objects.create(
            case=case,
            action=action,
            from_status=before,
            to_status=step.to,
            actor=actor,
            reason=step.reason,
            data=step.data,
        )
        from applications.tasks import case_event_notify

        # the e-mail does not undo the step: a broker outage is logged, not a failed request
        transaction.on_commit(lambda: task_send_quietly(case_event_notify, event.pk))
        for callback in step.on_commit:
            transaction.on_commit(callback)
        return case


ACTION_LABELS = {
    "consent": gettext_lazy("Consent"),
    "submit": gettext_lazy("Submit"),
    "start_screening": gettext_lazy("Start screening"),
    "request_supplement": gettext_lazy("Request a supplement"),
    "supplement": gettext_lazy("Supplement sent"),
    "pass_screening": gettext_lazy("Pass screening"),
    "decide": gettext_lazy("Decide"),
    "contract": gettext_lazy("Contract"),
    "start": gettext_lazy("Start"),
    "close": gettext_lazy("Close"),
    "accept": gettext_lazy("Accept"),
    "withdraw": gettext_lazy("Withdraw"),
    "terminate": gettext_lazy("Terminate"),
    "lapse": gettext_lazy("Lapsed"),
    "create": gettext_lazy("Created"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def actions_for(user: User, case: Case) -> list[str]:
    """The actions this user may try on this case in its status (what the page offers)."""
    role = user.role
    if role in PARTIES and not user.has_perm("applications.change_case", case):
        return []
    actions = [a for a, t in TRANSITIONS.items() if role in t.roles and case.status in t.sources]
    if not case.needs_consent:  # only a plan drafted by the unit waits for the company's consent
        actions = [a for a in actions if a != "consent"]
    return actions
