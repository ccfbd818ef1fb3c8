from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

from portal.models import Role

# (label, url name, roles that see it); None = everyone signed in.
NAV_ITEMS = [
    (_("Dashboard"), "dashboard", None),
    (_("Programmes"), "catalogue", None),
    (_("Screener"), "screener", None),
    (_("My cases"), "case-list", {Role.APPLICANT, Role.COUNSELLOR}),
    (_("Case queue"), "case-queue", {Role.OFFICER, Role.ADMIN}),
    (_("My reviews"), "review-inbox", {Role.REVIEWER}),
    (_("Conflicts of interest"), "review-conflicts", {Role.REVIEWER}),
    (_("Review panel"), "review-panel-index", {Role.OFFICER, Role.ADMIN}),
    (_("Disbursements"), "money-dashboard", {Role.OFFICER, Role.ADMIN}),
    (_("Expense verification"), "expense-queue", {Role.OFFICER, Role.ADMIN}),
    (_("External accountants"), "expense-accountants", {Role.OFFICER, Role.ADMIN}),
    (_("My cases to verify"), "expense-assigned-cases", {Role.ACCOUNTANT}),
    (_("My company"), "my-company", {Role.APPLICANT}),
    (_("Companies"), "company-list", {Role.OFFICER, Role.ADMIN}),
    (_("Counselling units"), "unit-list", None),
    (_("Working-day calendar"), "working-day-calendar", None),
    (_("GHG inventories"), "carbon-inventories", {Role.APPLICANT, Role.OFFICER, Role.ADMIN}),
    (_("Editions"), "staff-editions", {Role.ADMIN}),
    (_("Audit trail"), "audit-list", {Role.OFFICER, Role.ADMIN}),
]


_nav_urls: dict[tuple, dict[str, str]] = {}


def nav_urls() -> dict[str, str]:
    """The menu's paths, reversed once per process and URL configuration (every page shows the menu: reversing
    its dozen names on each request was a fifth of a list page's template time)."""
    key = (settings.ROOT_URLCONF, get_urlconf(), get_script_prefix())
    urls = _nav_urls.get(key)
    if urls is None:
        urls = _nav_urls[key] = {name: reverse(name) for _, name, _ in NAV_ITEMS}
    return urls


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    urls = nav_urls()
    items = [
        {"label": label, "url": urls[name], "active": request.path.startswith(urls[name])}
        for label, name, roles in NAV_ITEMS
        if roles is None or user.role in roles
    ]
    if user.is_staff:
        items.append({"label": _("Administration"), "url": reverse("admin:index"), "active": False})
    return {"nav_items": items}
