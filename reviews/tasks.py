"""Background work of the reviews: e-mail to a reviewer on assignment, and to the officer who assigned a
reviewer when the assignment is withdrawn for a conflict of interest."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils import translation
from django.utils.translation import gettext as _

from portal.jobs import JOB_TASK_OPTIONS

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def assignment_notify(self, assignment_id: int) -> int:
    """Tell the reviewer which case they are asked to review (no more than its reference and title)."""
    from reviews.models import Assignment

    assignment = Assignment.objects.select_related("case", "reviewer").filter(pk=assignment_id).first()
    if assignment is None or assignment.withdrawn_at is not None or not assignment.reviewer.email:
        return 0
    case = assignment.case
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[%(reference)s] You are asked to review a case") % {"reference": case.reference}
        body = _(
            "The programme office asks you to review case %(reference)s “%(title)s” (round %(round)s). Sign in to "
            "the portal, confirm that you have no conflict of interest with it, then fill in the score sheet. If "
            "you have a conflict of interest, declare it instead: the assignment is withdrawn."
        ) % {"reference": case.reference, "title": case.title, "round": assignment.round}
    send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [assignment.reviewer.email])], fail_silently=False)
    return 1


@shared_task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def assignments_withdrawn_notify(self, assignment_ids: list[int]) -> int:
    """Tell each officer who assigned one of these reviewers that the assignment was withdrawn, and why."""
    from reviews.models import Assignment

    assignments = Assignment.objects.filter(pk__in=assignment_ids, withdrawn_at__isnull=False).select_related(
        "case", "reviewer", "assigned_by"
    )
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for assignment in assignments:
            officer = assignment.assigned_by
            if officer is None or not officer.email or not officer.is_active:
                continue
            case = assignment.case
            subject = _("[%(reference)s] Reviewer withdrawn: conflict of interest") % {"reference": case.reference}
            body = _(
                "%(reviewer)s declared a conflict of interest, so their assignment to case %(reference)s "
                "“%(title)s” is withdrawn.\n\n%(reason)s\n\nAssign another reviewer if the case needs one."
            ) % {
                "reviewer": assignment.reviewer.full_name,
                "reference": case.reference,
                "title": case.title,
                "reason": assignment.withdrawn_reason,
            }
            messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [officer.email]))
    if messages:
        send_mass_mail(messages, fail_silently=False)
    logger.info("told %s officer(s) of withdrawn assignments", len(messages))
    return len(messages)


@shared_task(**JOB_TASK_OPTIONS)
def letter_render(self, job_id: int) -> str:
    """Render the decision letter to letters/case-<case>-letter-<job>.pdf. Idempotent: a job that succeeded is
    left alone; a redelivered one renders again to the same file, replacing whatever half-written file is there."""
    from django.utils.translation import gettext_noop

    from portal.pdf import pdf_job_run
    from reviews.letters import letter_context, letter_file_name, letter_html
    from reviews.services.letters import letter_fail, letter_finish, letter_progress, letter_start

    job = letter_start(job_id=job_id)
    if job is None:
        return "nothing to do"
    return pdf_job_run(
        job=job,
        contents=lambda: letter_context(job),
        html=letter_html,
        file_name=letter_file_name(job),
        steps=(gettext_noop("Decision gathered"), gettext_noop("Letter laid out")),
        progress=lambda percent, message, pages: letter_progress(
            job=job, percent=percent, message=message, pages=pages
        ),
        finish=lambda name, pages, _context: letter_finish(job=job, file_name=name, pages=pages),
        fail=lambda reason: letter_fail(job=job, reason=reason),
    )
