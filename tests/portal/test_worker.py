"""Tasks on a real Celery worker process, over Redis, on the test PostgreSQL database."""

import email
import time

import pytest

from portal.tasks import email_send

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for_files(directory, timeout: float = 30.0) -> list:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = sorted(directory.iterdir())
        if files:
            return files
        time.sleep(0.2)
    return []


def test_worker_runs_a_task_and_returns_its_result(worker):
    result = email_send.delay(subject="ping", body="pong", to=["ops@example.com"])
    assert result.get(timeout=30) == 1
    files = wait_for_files(worker["mail_dir"])
    assert files
    message = email.message_from_string(files[-1].read_text().split("\n" + "-" * 79)[0])
    assert message["Subject"] == "ping"
    assert message.get_payload(decode=True).decode("utf-8").strip() == "pong"


def test_password_reset_mail_is_sent_by_the_worker(worker, client):
    from tests.factories import UserFactory

    user = UserFactory(email="reset-me@example.com")
    before = set(worker["mail_dir"].iterdir())
    response = client.post("/accounts/password-reset/", {"email": user.email})
    assert response.status_code == 302
    deadline = time.monotonic() + 30
    new = set()
    while time.monotonic() < deadline and not new:
        new = set(worker["mail_dir"].iterdir()) - before
        time.sleep(0.2)
    assert new, "the worker did not send the reset email"
    raw = next(iter(new)).read_text().split("\n" + "-" * 79)[0]
    message = email.message_from_string(raw)
    assert message["To"] == "reset-me@example.com"
    body = message.get_payload(decode=True).decode("utf-8")
    assert "/accounts/reset/" in body
    assert "reset-me@example.com" in body
