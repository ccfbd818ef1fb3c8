"""Rate limits and the sign-in lockout count the caller's real address (issue 15, point 8): rotating
X-Forwarded-For used to give every request a fresh bucket. Without trusted proxies the header is ignored; with
NUM_PROXIES the address the nearest proxy saw is counted."""

import json

import pytest
from django.test import RequestFactory

from portal.throttling import client_ip

pytestmark = pytest.mark.django_db


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def with_proxies(settings, count: int) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": count}


def test_without_proxies_the_header_is_ignored(settings):
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == 0  # the default
    assert client_ip(request_from("203.0.113.9", "1.2.3.4")) == "203.0.113.9"


@pytest.mark.parametrize(("count", "expected"), [(1, "198.51.100.7"), (2, "192.0.2.1"), (5, "1.2.3.4")])
def test_behind_proxies_the_address_the_nearest_saw(settings, count, expected):
    with_proxies(settings, count)
    request = request_from("10.0.0.2", "1.2.3.4, 192.0.2.1, 198.51.100.7")
    assert client_ip(request) == expected


@pytest.fixture
def auth_rate_3_a_minute():
    from rest_framework.settings import api_settings

    rates = api_settings.DEFAULT_THROTTLE_RATES  # the dict the throttles read (as tests/programs/test_api.py does)
    original, rates["auth"] = rates["auth"], "3/min"
    yield
    rates["auth"] = original


def test_rotating_the_header_does_not_escape_the_token_rate(client, auth_rate_3_a_minute):
    body = json.dumps({"email": "nobody@example.tw", "password": "wrong-password"})
    statuses = [
        client.post(
            "/api/v1/auth/token/", body, content_type="application/json", HTTP_X_FORWARDED_FOR=f"10.9.{n}.{n}"
        ).status_code
        for n in range(5)
    ]
    assert statuses[:3] == [400, 400, 400]
    assert statuses[3:] == [429, 429]


def test_the_lockout_counts_the_same_address(settings):
    from axes.helpers import get_client_ip_address

    assert settings.AXES_CLIENT_IP_CALLABLE == "portal.throttling.client_ip"
    assert get_client_ip_address(request_from("203.0.113.9", "1.2.3.4")) == "203.0.113.9"
    with_proxies(settings, 1)
    assert get_client_ip_address(request_from("10.0.0.2", "1.2.3.4")) == "1.2.3.4"


def test_with_the_cache_down_the_rate_limit_fails_open_with_a_log_line(client, settings, caplog):
    """Redis unreachable: the calculator answers (it used to be a 500) and the outage is logged."""
    import logging
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": f"redis://127.0.0.1:{port}/0"}
    }
    with caplog.at_level(logging.WARNING, logger="portal.throttling"):
        response = client.get("/api/v1/calendar/deadline/?start=2025-01-24&working_days=10")
    assert response.status_code == 200 and response.json()["due"] == "2025-02-12"
    assert "rate limit calculator not applied: the cache is unavailable" in caplog.text


def test_the_rate_limit_slides_over_the_previous_window_and_says_when_to_retry(client, monkeypatch):
    """Issue 12: a counter per window (constant work per request at any rate) weighed with the part of the
    previous window that is still within one duration."""
    from rest_framework.settings import api_settings

    from portal.throttling import PortalRateThrottle

    rates = api_settings.DEFAULT_THROTTLE_RATES
    monkeypatch.setitem(rates, "calculator", "3/min")
    now = [6_000_000.0]  # the start of a minute
    monkeypatch.setattr(PortalRateThrottle, "timer", lambda self: now[0])
    url = "/api/v1/calendar/deadline/?start=2025-01-24&working_days=10"
    assert [client.get(url).status_code for _ in range(4)] == [200, 200, 200, 429]
    now[0] += 90  # half-way through the next minute: half of the 4 counted before still weigh
    assert [client.get(url).status_code for _ in range(2)] == [200, 429]
    response = client.get(url)
    assert response.status_code == 429 and int(response["Retry-After"]) == 30
    now[0] += 60  # a minute later the window before holds only the 3 of the last one, weighed half
    assert client.get(url).status_code == 200
