"""Every link of the navigation and the dashboards leads to a page of the portal, never to the API."""

import re

import pytest
from django.urls import get_resolver, reverse

from portal.context_processors import NAV_ITEMS

pytestmark = pytest.mark.django_db

ROLES = ["applicant", "counsellor", "reviewer", "officer", "admin_user"]
HREF = re.compile(r'href="(/[^"#]*)"')


def page_route_names() -> list[str]:
    """Every named route outside a namespace (the pages); the API's routes are all under ``api:``."""
    return [name for name in get_resolver().reverse_dict if isinstance(name, str)]


def test_no_page_route_name_reverses_into_the_api():
    for name in page_route_names():
        try:
            url = reverse(name)
        except Exception:  # noqa: BLE001 - routes with arguments: checked through their pattern below
            continue
        assert not url.startswith("/api/v1/"), name
    for name in ("company-detail", "company-list", "unit-detail"):
        pattern = get_resolver().reverse_dict.getlist(name)[0][1]
        assert not pattern.startswith("api/v1/"), name


def test_api_routes_are_named_in_their_namespace():
    assert reverse("api:company-detail", args=[7]) == "/api/v1/companies/7/"
    assert reverse("api:case-detail", args=[7]) == "/api/v1/cases/7/"
    assert reverse("api:case-action", args=[7, "submit"]) == "/api/v1/cases/7/actions/submit/"
    assert reverse("api:calendar-deadline") == "/api/v1/calendar/deadline/"
    assert reverse("company-detail", args=[7]) == "/companies/7/"


@pytest.mark.parametrize("role", ROLES)
def test_every_link_of_a_role_s_navigation_and_dashboard_is_an_html_page(client, request, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    dashboard = client.get("/dashboard/")
    links = set(HREF.findall(dashboard.content.decode()))
    assert links, "no links on the dashboard"
    for url in sorted(links):
        if url.startswith(("/static/", "/accounts/logout/")):
            continue
        response = client.get(url)
        assert response.status_code in (200, 302), (url, response.status_code)
        if response.status_code == 200:
            assert response["Content-Type"].startswith("text/html"), (url, response["Content-Type"])
            assert not url.startswith("/api/v1/"), url


def test_the_api_menu_is_the_same_for_every_role_a_guide_in_the_user_s_language(client, request):
    assert not [name for _label, name, _roles in NAV_ITEMS if name.startswith("api")]
    for role in ROLES:
        client.force_login(request.getfixturevalue(role))
        html = client.get("/dashboard/").content.decode()
        assert 'href="/api/"' in html and 'href="/api/docs/"' not in html, role
    guide = client.get("/api/")
    assert guide.status_code == 200 and "API" in guide.content.decode()
    assert 'href="/api/docs/" hreflang="en"' in guide.content.decode()


def test_the_favicon_is_there_for_every_page(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    icon = client.get(response["Location"])
    assert icon.status_code == 200 and b"".join(icon.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
    html = client.get("/").content.decode()
    assert 'rel="icon"' in html and "favicon.svg" in html
