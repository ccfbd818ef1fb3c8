import os
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from rest_framework.test import APIClient

from portal.celery import app as celery_app
from portal.models import Role
from tests.a11y import AUDIT, audit_browser
from tests.factories import TEST_PASSWORD, UserFactory
from tests.workers import worker_running

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A browser test fails on an accessibility violation of a page it visited (tests/a11y.py)."""
    AUDIT.current = item.nodeid
    try:
        result = yield
    finally:
        AUDIT.check_open_pages()
        AUDIT.contexts.clear()
    if problems := AUDIT.failures.get(item.nodeid):
        pytest.fail("Accessibility (axe-core: WCAG 2.1 A/AA, best practices):\n" + "\n".join(problems), pytrace=False)
    return result


def pytest_terminal_summary(terminalreporter):
    if AUDIT.checked:
        terminalreporter.section("accessibility")
        for line in AUDIT.report():
            terminalreporter.write_line(line)


@pytest.fixture(autouse=True)
def _tasks_in_process(request):
    """Tasks run in-process unless the test asks for the real worker (marker ``worker``)."""
    if request.node.get_closest_marker("worker"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached values live in Redis: start every test from empty."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def password() -> str:
    return TEST_PASSWORD


@pytest.fixture
def applicant(db):
    return UserFactory(role=Role.APPLICANT)


@pytest.fixture
def counsellor(db):
    return UserFactory(role=Role.COUNSELLOR)


@pytest.fixture
def reviewer(db):
    return UserFactory(role=Role.REVIEWER)


@pytest.fixture
def officer(db):
    return UserFactory(role=Role.OFFICER)


@pytest.fixture
def admin_user(db):
    return UserFactory(role=Role.ADMIN)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


# --- A real Celery worker ------------------------------------------------------------------


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """Start ``celery worker`` as a separate process on the test database and Redis."""
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.fail("worker tests need PostgreSQL (DATABASE_URL) and Redis (REDIS_URL): run scripts/test.sh")
    mail_dir = tmp_path_factory.mktemp("worker-mail")
    mail = {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend", "EMAIL_FILE_PATH": str(mail_dir)}
    log_path = tmp_path_factory.mktemp("worker-log") / "worker.log"
    with worker_running(log_path=log_path, extra_env=mail) as running:
        yield {
            "queue": running.queue,
            "name": running.name,
            "mail_dir": mail_dir,
            "process": running.process,
            "log": running.log,
        }


@pytest.fixture
def worker(celery_worker, seeded):
    """Per test: tasks go to the real worker (mark the test ``worker`` and ``django_db(transaction=True)``)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield celery_worker
    celery_app.conf.task_always_eager = previous


# --- Real headless Chromium --------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/test.sh, which installs it")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield audit_browser(instance)  # axe-core checks every page the tests visit (tests/a11y.py)
        instance.close()


@pytest.fixture
def seeded(transactional_db):
    """Transactional tests flush the database after themselves; load again what migrate loads."""
    from carbon.models import Factor, FactorGas, FactorSet, GwpSet, GwpValue
    from carbon.seed import load_library
    from programs.models import Edition, EditionEvent, Programme
    from programs.seed import load_seed

    load_seed(programme_model=Programme, edition_model=Edition, event_model=EditionEvent)
    load_library(gwp_set=GwpSet, gwp_value=GwpValue, factor_set=FactorSet, factor=Factor, factor_gas=FactorGas)


@pytest.fixture
def page(browser, live_server, seeded):
    context = browser.new_context(locale="zh-TW", base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def screenshot_dir() -> Path:
    path = ROOT / "test-artifacts" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path
