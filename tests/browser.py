"""Helpers for the real-Chromium (Playwright) tests."""

import re

from tests.factories import TEST_PASSWORD


def browser_log_in(page, user) -> None:
    """Log ``user`` in through the login page and wait for the dashboard."""
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))
