from celery import shared_task
from django.core.mail import EmailMessage


@shared_task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def email_send(self, *, subject: str, body: str, to: list[str], from_email: str | None = None) -> int:
    return EmailMessage(subject=subject, body=body, to=to, from_email=from_email).send()


@shared_task(acks_late=True, ignore_result=True)
def jobs_expire_task() -> int:
    """Beat, every minute: every job that outlived its time fails and is queued once more (portal.jobs)."""
    from portal.jobs import jobs_expire

    return len(jobs_expire())


@shared_task(acks_late=True)
def signups_purge_task() -> int:
    """Beat, daily: the sign-ups never confirmed within SIGNUP_UNCONFIRMED_DAYS are deleted (portal.services)."""
    from portal.services import signups_purge

    return signups_purge()
