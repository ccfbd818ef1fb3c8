"""The settings module switches on the environment alone (checked in fresh interpreters)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "name": str(settings.DATABASES["default"]["NAME"]),
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "broker": settings.CELERY_BROKER_URL,
    "cache": settings.CACHES["default"]["BACKEND"],
    "debug": settings.DEBUG,
    "ssl_redirect": getattr(settings, "SECURE_SSL_REDIRECT", False),
    "hosts": settings.ALLOWED_HOSTS,
}))
"""


def probe(**env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="portal.settings")
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=clean, capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_nothing_set_means_sqlite_and_eager_tasks():
    result = probe(DEBUG="1")
    assert result["engine"] == "django.db.backends.sqlite3"
    assert result["name"].endswith("db.sqlite3")
    assert result["eager"] is True
    assert result["broker"] == "memory://"
    assert result["cache"].endswith("LocMemCache")


def test_database_and_redis_urls_mean_postgres_and_a_real_broker():
    result = probe(
        DEBUG="1",
        DATABASE_URL="postgres://portal:secret@db.internal:5432/portal",
        REDIS_URL="redis://cache.internal:6379/2",
    )
    assert result["engine"] == "django.db.backends.postgresql"
    assert result["name"] == "portal"
    assert result["eager"] is False
    assert result["broker"] == "redis://cache.internal:6379/2"
    assert result["cache"].endswith("RedisCache")


def test_production_requires_a_secret_key():
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    clean.update(DJANGO_SETTINGS_MODULE="portal.settings", PORTAL_TESTING="0")
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=clean, capture_output=True, text=True)
    assert out.returncode != 0
    assert "SECRET_KEY must be set" in out.stderr


def test_production_defaults_are_safe():
    result = probe(PORTAL_TESTING="0", SECRET_KEY="x" * 60, ALLOWED_HOSTS="portal.example.tw")
    assert result["debug"] is False
    assert result["ssl_redirect"] is True
    assert result["hosts"] == ["portal.example.tw"]


def test_check_deploy_is_clean_with_debug_off_and_secrets_set():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        PORTAL_TESTING="0",
        SECRET_KEY="k9#f2@x!q8$w" * 6,
        ALLOWED_HOSTS="portal.example.tw",
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no issues" in out.stdout
