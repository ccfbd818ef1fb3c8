"""Background work of contracts and disbursements: telling the people on a case that money moved or that their
plan change was decided, and the daily reminders of the follow-up reports after closing (Celery beat)."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def _send(case, subject: str, lines: list[str], *, skip_user_id: int | None = None) -> int:
    from applications.selectors import case_people

    people = [u for u in case_people(case=case) if u.email and u.pk != skip_user_id]
    body = "\n\n".join(lines)
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email]) for person in people]
    if messages:
        send_mass_mail(messages, fail_silently=False)
    return len(messages)


@shared_task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def release_notify(self, release_id: int) -> int:
    from disbursements.models import Release

    release = Release.objects.select_related("case", "instalment").filter(pk=release_id).first()
    if release is None:
        return 0
    case = release.case
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[%(reference)s] Instalment %(no)s released") % {
            "reference": case.reference,
            "no": release.instalment.no,
        }
        lines = [
            _("Instalment %(no)s of case %(reference)s “%(title)s” was released: NT$%(amount)s.")
            % {
                "no": release.instalment.no,
                "reference": case.reference,
                "title": case.title,
                "amount": f"{release.amount:,}",
            }
        ]
        return _send(case, subject, lines)


@shared_task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def plan_change_notify(self, change_id: int) -> int:
    from disbursements.models import PlanChange

    change = PlanChange.objects.select_related("case").filter(pk=change_id).first()
    if change is None:
        return 0
    case = change.case
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[%(reference)s] Plan change: %(status)s") % {
            "reference": case.reference,
            "status": change.get_status_display(),
        }
        lines = [
            _("The plan change of case %(reference)s requested on %(day)s: %(status)s.")
            % {
                "reference": case.reference,
                "day": timezone.localdate(change.requested_at).isoformat(),
                "status": change.get_status_display(),
            }
        ]
        if change.decision_note:
            lines.append(_("Note: %(note)s") % {"note": change.decision_note})
        return _send(case, subject, lines, skip_user_id=change.decided_by_id)


def _reminder(follow_up) -> tuple[str, list[str]]:
    case = follow_up.case
    subject = _("[%(reference)s] Follow-up report %(no)s due on %(due)s") % {
        "reference": case.reference,
        "no": follow_up.no,
        "due": follow_up.due.isoformat(),
    }
    lines = [
        _("Case %(reference)s “%(title)s” closed; its programme asks for follow-up reports of the KPIs reached.")
        % {"reference": case.reference, "title": case.title},
        _("Follow-up report %(no)s is due on %(due)s. Enter the KPIs reached on the portal: %(path)s")
        % {
            "no": follow_up.no,
            "due": follow_up.due.isoformat(),
            "path": reverse("money-follow-up", args=[case.pk, follow_up.no]),
        },
    ]
    return subject, lines


@shared_task(acks_late=True)
def follow_ups_remind() -> int:
    """Remind the company and unit of every follow-up report open and not filed, at most once a week each. The
    reminder is counted and sent in one transaction: a mail that fails leaves it to the next run."""
    from disbursements.services import follow_up_reminded, follow_ups_due

    sent = 0
    for pk in follow_ups_due(today=timezone.localdate()):
        with transaction.atomic():
            follow_up = follow_up_reminded(follow_up_id=pk)
            if follow_up is None:
                continue
            with translation.override(settings.LANGUAGE_CODE):
                subject, lines = _reminder(follow_up)
                sent += _send(follow_up.case, subject, lines)
    logger.info("follow-up reminders: %s e-mail(s)", sent)
    return sent
