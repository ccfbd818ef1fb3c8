import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_health_reports_database_and_redis(client, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert settings.REDIS_URL, "the suite runs with Redis configured"
    assert body["checks"]["redis"] == "ok"


@override_settings(REDIS_URL="redis://127.0.0.1:1/0")
def test_health_fails_when_redis_is_unreachable(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "checks": {"database": "ok", "redis": "error"}}


def test_health_fails_when_the_database_is_unreachable():
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "r = Client().get('/healthz')\n"
        "print(r.status_code, r.content.decode())\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "PORTAL_TESTING": "1",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "ALLOWED_HOSTS": "testserver",
    }
    env.pop("REDIS_URL", None)
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    status, body = out.stdout.strip().splitlines()[-1].split(" ", 1)
    assert status == "503"
    assert '"database": "error"' in body


def test_health_only_answers_get(client):
    assert client.post("/healthz").status_code == 405


def test_health_answers_probes_by_ip_over_http_in_production_settings(db):
    """Container probes call http://127.0.0.1:8000/healthz: no host check, no HTTPS redirect."""
    import urllib.parse

    from django.db import connection

    url = urllib.parse.urlparse(os.environ["DATABASE_URL"])._replace(path="/" + connection.settings_dict["NAME"])
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "r = Client(HTTP_HOST='10.1.2.3:8000').get('/healthz')\n"
        "s = Client(HTTP_HOST='10.1.2.3:8000').get('/')\n"
        "print(r.status_code, s.status_code)\n"
    )
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "PORTAL_TESTING": "0",
        "SECRET_KEY": "s" * 60,
        "ALLOWED_HOSTS": "portal.example.tw",
        "DATABASE_URL": url.geturl(),
    }
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    health, other = out.stdout.strip().splitlines()[-1].split()
    assert health == "200"
    assert other == "400"  # any other page from an unknown host is refused
