"""Log in, lock out, log out, reset a password, register a company."""

import re

import pytest
from django.core import mail

from portal.models import Company, Role, User
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_login_with_email_and_password(client, applicant, password):
    response = client.post("/accounts/login/", {"username": applicant.email.upper(), "password": password})
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    assert client.get("/dashboard/").status_code == 200


def test_wrong_password_is_a_form_error(client, applicant):
    response = client.post("/accounts/login/", {"username": applicant.email, "password": "nope-nope-nope"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_lockout_after_repeated_failures(client, applicant, password, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": applicant.email, "password": "wrong-password"})
    response = client.post("/accounts/login/", {"username": applicant.email, "password": password})
    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    assert client.get("/dashboard/").status_code == 302  # still not signed in


def test_logout_is_a_post(client, applicant):
    client.force_login(applicant)
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/dashboard/").status_code == 302


def test_password_reset_by_email(client, applicant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password-reset/", {"email": applicant.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [applicant.email]
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "Fresh-secret-2026!", "new_password2": "Fresh-secret-2026!"})
    assert done.status_code == 302
    applicant.refresh_from_db()
    assert applicant.check_password("Fresh-secret-2026!")


def test_password_reset_for_unknown_email_sends_nothing_but_looks_the_same(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password-reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_password_reset_bad_input(client):
    response = client.post("/accounts/password-reset/", {"email": "not an email"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]


def test_reset_link_with_a_bad_token_says_so(client, applicant):
    response = client.get("/accounts/reset/MQ/bad-token/")
    assert response.status_code == 200
    assert response.context["validlink"] is False


SIGNUP = {
    "ubn": "22099131", "company_name": "鴻昇金屬工業股份有限公司", "full_name": "王大明",
    "email": "wang@example.com", "phone": "06-1234567", "password1": "Strong-pass-2026", "password2": "Strong-pass-2026",  # noqa: E501
}  # fmt: skip


def confirmation_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+/)", message.body).group(1)


def test_signup_creates_company_and_applicant_who_signs_in_from_the_mailed_link(client):
    response = client.post("/accounts/signup/", SIGNUP)
    company = Company.objects.get(ubn="22099131")
    user = User.objects.get(email="wang@example.com")
    assert response.status_code == 200 and "wang@example.com" in response.content.decode()
    assert (user.role, user.company, user.is_active) == (Role.APPLICANT, company, False)  # not before confirming
    assert client.get("/dashboard/").status_code == 302
    (message,) = mail.outbox
    assert message.to == ["wang@example.com"]
    link = confirmation_link(message)
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"] == f"/companies/{company.pk}/edit/"
    assert client.get("/dashboard/").status_code == 200
    client.logout()
    assert client.get(link)["Location"] == "/accounts/login/"  # once


def test_a_forged_or_broken_confirmation_link_confirms_nothing(client):
    client.post("/accounts/signup/", SIGNUP)
    link = confirmation_link(mail.outbox[0])
    for bad in (link[:-3] + "xx/", "/accounts/signup/confirm/AAAA/abc/", "/accounts/signup/confirm/%FF/x/"):
        assert client.get(bad).status_code == 302
    assert not User.objects.get(email="wang@example.com").is_active


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ubn": "22099130"}, "ubn"),
        ({"ubn": "00000000"}, "ubn"),
        ({"ubn": "abc"}, "ubn"),
        ({"email": "nope"}, "email"),
        ({"password2": "Different-pass-2026"}, "password2"),
        ({"password1": "12345678901", "password2": "12345678901"}, "password1"),
        ({"password1": "short", "password2": "short"}, "password1"),
        ({"company_name": ""}, "company_name"),
        ({"full_name": "\x00"}, "full_name"),
    ],
)
def test_signup_bad_input_stores_nothing(client, changes, field):
    response = client.post("/accounts/signup/", {**SIGNUP, **changes})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Company.objects.exists()
    assert not User.objects.exists()


def test_signup_for_an_already_registered_company(client):
    CompanyFactory(ubn="22099131")
    response = client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 200
    assert "ubn" in response.context["form"].errors
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


def page_of(response) -> str:
    return next(t.name for t in response.templates if t.name.endswith(".html"))


def test_signup_with_a_taken_email_answers_as_any_other(client, applicant):
    """The page does not tell whether an address has an account (issue 15, point 10): the same answer, and the
    owner of the address is told by e-mail."""
    taken = client.post("/accounts/signup/", {**SIGNUP, "email": applicant.email.upper()})
    assert taken.status_code == 200 and page_of(taken) == "registration/signup_sent.html"
    assert not Company.objects.filter(ubn="22099131").exists()
    (message,) = mail.outbox
    assert message.to == [applicant.email] and "/accounts/password-reset/" in message.body
    fresh = client.post("/accounts/signup/", {**SIGNUP, "ubn": "04595257", "email": "new@example.com"})
    assert (fresh.status_code, page_of(fresh)) == (taken.status_code, page_of(taken))
    assert list(fresh.context["messages"]) == list(taken.context["messages"]) == []
