"""Hardening (issue 15, point 10): a Content-Security-Policy and a Permissions-Policy on every answer, no inline
handler left in any template; sessions that end when idle; API tokens that expire and never show whole in the
admin; routine 403s logged as one line."""

import datetime
import logging
import re
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from rest_framework.authtoken.models import Token

from portal.models import Role
from portal.security import SessionIdleMiddleware
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def csp_of(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


def test_every_answer_carries_the_policies(client, applicant):
    client.force_login(applicant)
    for url in ("/", "/dashboard/", "/api/v1/editions/", "/accounts/login/", "/api/docs/"):
        response = client.get(url)
        policy = csp_of(response)
        assert policy["default-src"] == ["'self'"] and policy["frame-ancestors"] == ["'none'"], url
        assert policy["object-src"] == ["'none'"] and "'unsafe-inline'" not in policy["script-src"], url
        assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_an_inline_script_carries_the_nonce_of_its_answer(client, applicant):
    from tests.carbon.factories import carbon_library_load, report_demo_inventory

    carbon_library_load()
    inventory = report_demo_inventory(company=applicant.company)
    client.force_login(applicant)
    response = client.get(f"/carbon/inventories/{inventory.pk}/")
    nonce = next(v for v in csp_of(response)["script-src"] if v.startswith("'nonce-"))[len("'nonce-") : -1]
    scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", response.content.decode())
    assert scripts and all(f'nonce="{nonce}"' in attributes for attributes in scripts)


def test_no_template_has_an_inline_event_handler():
    handlers = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
    found = [str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html") if handlers.search(p.read_text())]
    assert not found, found


def test_the_api_docs_start_from_a_script_file_not_inline(client):
    page = client.get("/api/docs/").content.decode()
    assert "<script>" not in page and "/api/docs/?script=" in page.replace("&amp;", "&")


def test_a_session_ends_after_its_idle_time(client, applicant, settings):
    assert settings.SESSION_COOKIE_AGE == 2 * 60 * 60
    client.force_login(applicant)
    assert client.get("/dashboard/").status_code == 200
    session = Session.objects.get(session_key=client.session.session_key)
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + datetime.timedelta(minutes=10))
    assert client.get("/dashboard/").status_code == 200  # within REFRESH of the last write: no write
    assert Session.objects.get(pk=session.pk).expire_date < timezone.now() + datetime.timedelta(minutes=11)
    data = client.session
    data[SessionIdleMiddleware.KEY] -= SessionIdleMiddleware.REFRESH
    data.save()
    assert client.get("/dashboard/").status_code == 200  # a request after REFRESH pushes the end to two hours
    left = Session.objects.get(pk=session.pk).expire_date - timezone.now()
    assert datetime.timedelta(minutes=119) < left <= datetime.timedelta(hours=2)
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get("/dashboard/")["Location"].startswith("/accounts/login/")  # idle past it: signed out


def test_an_api_token_expires_and_a_new_one_is_issued(api_client, settings):
    user = UserFactory(role=Role.APPLICANT)
    token = Token.objects.create(user=user)
    Token.objects.filter(pk=token.pk).update(
        created=timezone.now() - datetime.timedelta(days=settings.API_TOKEN_DAYS, minutes=1)
    )
    response = api_client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 401 and list(response.json()["errors"]) == ["detail"]
    issued = api_client.post("/api/v1/auth/token/", {"email": user.email, "password": TEST_PASSWORD}, format="json")
    assert issued.status_code == 200 and issued.json()["token"] != token.key
    assert api_client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {issued.json()['token']}").status_code == 200


def test_the_admin_never_shows_a_whole_token(client, admin_user):
    token = Token.objects.create(user=UserFactory(role=Role.APPLICANT))
    client.force_login(admin_user)
    listing = client.get("/admin/authtoken/tokenproxy/")
    assert listing.status_code == 200
    assert token.key[:6] in listing.content.decode() and token.key not in listing.content.decode()
    for page in ("change", "delete"):  # addressed by its user
        shown = client.get(f"/admin/authtoken/tokenproxy/{token.user_id}/{page}/")
        assert shown.status_code == 200 and token.key not in shown.content.decode(), page
    deleted = client.post(f"/admin/authtoken/tokenproxy/{token.user_id}/delete/", {"post": "yes"}, follow=True)
    assert not Token.objects.filter(pk=token.pk).exists() and token.key not in deleted.content.decode()


def test_a_routine_403_is_logged_without_a_traceback(client, applicant, caplog):
    client.force_login(applicant)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get("/companies/").status_code == 403
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info is None and "Forbidden" in record.getMessage()
