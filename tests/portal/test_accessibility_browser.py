"""The axe-core guard itself (tests/a11y.py): it checks what a test visits, once per language, role, path and state, and
names the rule, the element and the page of every violation."""

import pytest

from tests.a11y import AUDIT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BAD = """<!DOCTYPE html><html><head><title>probe</title></head><body><main>
<h1>probe</h1><form><input id="unlabelled" name="q"></form>
<svg role="img" width="10" height="10" id="chart"><rect width="10" height="10"/></svg>
</main></body></html>"""


def test_a_page_with_violations_is_reported_with_rule_element_and_page(page, request):
    page.route("**/a11y-probe/", lambda route: route.fulfill(status=200, content_type="text/html", body=BAD))
    page.goto("/a11y-probe/")
    page.locator("h1").wait_for()  # the next look at the page checks it
    found = AUDIT.failures.pop(request.node.nodeid, [])  # taken away, so that this test itself passes
    text = "\n".join(found)
    assert "(no lang) anonymous /a11y-probe/: html-has-lang" in text
    assert "label" in text and "#unlabelled" in text
    assert "svg-img-alt" in text and "#chart" in text
    assert ("(no lang)", "anonymous", "/a11y-probe/") in AUDIT.checked


def test_a_page_is_checked_once_per_state(page, live_server):
    home = ("zh-Hant", "anonymous", "/")
    page.goto("/")
    page.goto("/accounts/login/")
    page.goto("/")
    page.locator("main").wait_for()
    assert len(AUDIT.states[home]) == 1
    assert ("zh-Hant", "anonymous", "/accounts/login/") in AUDIT.checked
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "nobody@example.com")
    page.locator("form.stacked button[type=submit]").click()  # the form again, now with its error
    page.locator(".form-errors, .errorlist").first.wait_for()
    assert page.url.endswith("/accounts/login/")  # touching the page checks it
    assert len(AUDIT.states[("zh-Hant", "anonymous", "/accounts/login/")]) == 2
