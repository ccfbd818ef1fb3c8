"""Sign-ups never confirmed are deleted after SIGNUP_UNCONFIRMED_DAYS, with the company profile they created,
so that the address and the UBN may register again; nothing else is (a confirmed account, one still within
the period, an account the office deactivated)."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.utils import timezone

from portal.models import Company, Role, User
from portal.services import signups_purge
from portal.tasks import signups_purge_task
from tests.factories import CompanyFactory, UserFactory
from tests.portal.test_accounts import SIGNUP, confirmation_link

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def sign_up(client, ubn: str, email: str) -> User:
    assert client.post("/accounts/signup/", {**SIGNUP, "ubn": ubn, "email": email}).status_code == 200
    return User.objects.get(email=email)


def age(user: User, days: int) -> None:
    """As if the sign-up (the user and the company it created) happened ``days`` ago."""
    then = timezone.now() - days * DAY
    User.objects.filter(pk=user.pk).update(date_joined=then)
    Company.objects.filter(pk=user.company_id).update(created_at=then)


def test_unconfirmed_sign_ups_are_deleted_after_the_period_and_may_register_again(client, settings):
    settings.SIGNUP_UNCONFIRMED_DAYS = 14
    stale = sign_up(client, "22099131", "stale@example.com")
    recent = sign_up(client, "12456784", "recent@example.com")
    confirmed = sign_up(client, "24680241", "confirmed@example.com")
    assert client.get(confirmation_link(mail.outbox[-1])).status_code == 302
    client.logout()
    age(stale, 15)
    age(recent, 13)
    age(confirmed, 30)

    assert signups_purge() == 1
    assert not User.objects.filter(email="stale@example.com").exists()
    assert not Company.objects.filter(ubn="22099131").exists()
    assert set(User.objects.values_list("email", flat=True)) == {"recent@example.com", "confirmed@example.com"}
    assert signups_purge() == 0  # nothing more to do

    again = sign_up(client, "22099131", "stale@example.com")  # the address and the UBN are free again
    assert again.company.ubn == "22099131" and not again.is_active


def test_the_period_is_the_setting(client, settings):
    user = sign_up(client, "22099131", "wang2@example.com")
    age(user, 3)
    settings.SIGNUP_UNCONFIRMED_DAYS = 4
    assert signups_purge() == 0
    settings.SIGNUP_UNCONFIRMED_DAYS = 2
    assert signups_purge() == 1


def test_an_account_the_office_deactivated_is_not_a_sign_up():
    company = CompanyFactory()
    Company.objects.filter(pk=company.pk).update(created_at=timezone.now() - 400 * DAY)
    deactivated = UserFactory(role=Role.APPLICANT, company=company, is_active=False)
    User.objects.filter(pk=deactivated.pk).update(date_joined=timezone.now() - 300 * DAY)
    assert signups_purge() == 0
    assert User.objects.filter(pk=deactivated.pk).exists()


def test_beat_purges_daily():
    entry = django_settings.CELERY_BEAT_SCHEDULE["signups-purge"]
    assert entry["task"] == signups_purge_task.name and entry["schedule"] == 24 * 60 * 60


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_purges(worker, client, settings):
    user = sign_up(client, "22099131", "late@example.com")
    age(user, django_settings.SIGNUP_UNCONFIRMED_DAYS + 1)
    assert signups_purge_task.delay().get(timeout=60) == 1
    assert not User.objects.filter(pk=user.pk).exists()
