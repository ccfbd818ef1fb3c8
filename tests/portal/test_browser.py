"""Real headless Chromium: the home page and logging in."""

import re

import pytest

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_renders_in_traditional_chinese(page, screenshot_dir):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "zh-Hant"
    assert page.get_by_role("heading", level=1).is_visible()
    page.screenshot(path=str(screenshot_dir / "home.png"), full_page=True)


def test_login_then_dashboard_then_logout(page, screenshot_dir):
    user = UserFactory(email="browser@example.com", full_name="瀏覽器測試")
    page.goto("/")
    page.locator("header a[href='/accounts/login/']").click()
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))
    assert "瀏覽器測試" in page.content()
    page.screenshot(path=str(screenshot_dir / "dashboard-applicant.png"), full_page=True)
    page.locator("header form[action='/accounts/logout/'] button").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.locator("header a[href='/accounts/login/']").is_visible()


def test_wrong_password_shows_an_error(page):
    UserFactory(email="browser2@example.com")
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "browser2@example.com")
    page.fill("input[name=password]", "not-the-password")
    page.locator("form.stacked button[type=submit]").click()
    assert page.locator(".form-errors").is_visible()


def test_language_switch_to_english(page):
    page.goto("/")
    with page.expect_navigation():
        page.select_option("#language-select", "en")
    assert page.locator("html").get_attribute("lang") == "en"
