"""Background work of the case apps: e-mail to the people on a case, and lapsing overdue supplements."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.audit import audit_context

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def case_event_notify(self, event_id: int) -> int:
    """Tell the company's and the counselling unit's people what happened to their case."""
    from applications.models import CaseEvent, CaseStatus
    from applications.selectors import case_people
    from applications.services import action_label

    event = CaseEvent.objects.select_related("case", "actor").filter(pk=event_id).first()
    if event is None:
        return 0
    case = event.case
    people = [u for u in case_people(case=case) if u.email and (event.actor_id is None or u.pk != event.actor_id)]
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[%(reference)s] %(action)s: %(status)s") % {
            "reference": case.reference,
            "action": action_label(event.action),
            "status": CaseStatus(event.to_status).label,
        }
        lines = [
            _("Case %(reference)s “%(title)s” is now: %(status)s.")
            % {"reference": case.reference, "title": case.title, "status": CaseStatus(event.to_status).label}
        ]
        if event.reason:
            lines.append(_("Reason: %(reason)s") % {"reason": event.reason})
        if case.due and event.to_status == CaseStatus.SUPPLEMENT_REQUESTED:
            lines.append(_("Due: %(due)s") % {"due": case.due.isoformat()})
        body = "\n\n".join(lines)
        for person in people:
            messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [person.email]))
    if messages:
        send_mass_mail(messages, fail_silently=False)
    return len(messages)


@shared_task(acks_late=True)
def cases_lapse_overdue() -> int:
    """Move every case whose supplement was due before today to ``lapsed``, through the transition service."""
    from applications.models import Case, CaseStatus
    from applications.services import TransitionNotAllowed, case_transition

    today = timezone.localdate()
    lapsed = 0
    overdue = Case.objects.filter(status=CaseStatus.SUPPLEMENT_REQUESTED, due__lt=today).values_list("pk", flat=True)
    with audit_context(actor=None, action="cases_lapse_overdue"):
        for pk in list(overdue):
            try:
                case_transition(actor=None, case=Case(pk=pk), action="lapse")
            except TransitionNotAllowed:
                continue  # supplied in the meantime
            lapsed += 1
    logger.info("lapsed %s overdue case(s)", lapsed)
    return lapsed


# Celery's autodiscovery imports ``applications.tasks``: the proposal PDF's task lives in its sub-package.
from applications.proposals.tasks import proposal_render  # noqa: E402, F401
