"""A first visit, as issue 13 made it: in real Chromium, every demo role follows every link of its menu, its
dashboard and the footer — and the case pages below them: the case lists, each case's workspace, its section
edit pages, the screening page — and finds only HTML pages of the portal in the user's language, with no rule
id, no workshop "seed" number and no raw field key. Staff pages (/staff/) may show rule-set paths, as the
editor needs them; the interactive API reference is linked as English (hreflang="en") and not followed."""

import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

import pytest
from django.core.management import call_command

from applications import services as case_services
from applications.models import CaseStatus
from portal.demo import DEMO_PASSWORD
from portal.models import User
from programs.selectors import edition_current
from tests.applications.builders import machinery_proposal, upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ["applicant", "counsellor", "counsellor2", "reviewer", "officer", "admin"]
NOT_PAGES = re.compile(r"^/(accounts/logout|static/|media/|i18n/|admin/.)|/documents/\d+/$|\.xlsx$|export|[?&]page=")
CASE_PAGES = re.compile(r"^/(office/)?cases/\d+/")
# pages that read the same whoever reads them (an edition's rules, a unit, the new-case form of an edition): once
SHARED = re.compile(r"^/(programmes|units|companies|carbon/factors)/.|^/cases/new/\?")
SNAKE_KEY = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
ENGLISH_RUN = re.compile(r"[A-Za-z]{3,} [a-z]{2,} [a-z]{2,}")
CJK = re.compile(r"[\u4e00-\u9fff]")
# what labels the interface (not data: a company's name, a document's title), read on English pages
CHROME = (
    "nav a, footer a, button, label, th, legend, dt, .badge, .helptext, .errorlist li, .messages li, "
    "select:not(#language-select) option"
)


@pytest.fixture
def demo(seeded, settings, tmp_path):
    """The demo data, and two cases of the demo company: a machinery plan its counselling unit drafted, now in
    screening, and a lean plan the company drafts itself."""
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", force=True, verbosity=0)
    applicant, counsellor2, officer = (
        User.objects.get(email=f"{r}@demo.tw") for r in ("applicant", "counsellor2", "officer")
    )
    machinery = case_services.case_create(
        actor=counsellor2,
        edition=edition_current(code="machinery-2025"),
        company=applicant.company,
        data=machinery_proposal(),
    )
    case_services.case_transition(actor=applicant, case=machinery, action="consent")
    for kind, name in (("application_form", "申請表.pdf"), ("plan", "計畫書.pdf"), ("review_slides", "審查簡報.pdf")):
        case_services.document_upload(actor=counsellor2, case=machinery, kind=kind, upload=upload(name))
    case_services.case_transition(actor=counsellor2, case=machinery, action="submit")
    machinery = case_services.case_transition(actor=officer, case=machinery, action="start_screening")
    assert machinery.status == CaseStatus.SCREENING
    lean = case_services.case_create(
        actor=applicant,
        edition=edition_current(code="lean-2026-basic"),
        company=None,
        data={"title": "精實改善與數位看板"},
    )
    return {"machinery": machinery, "lean": lean}


@dataclass
class Walk:
    lang: str
    visited: dict[str, set[str]] = field(default_factory=dict)  # role → paths
    problems: list[str] = field(default_factory=list)
    shared_done: set[str] = field(default_factory=set)

    def check(self, role: str, page, href: str, response) -> None:
        where = f"{role} {href}"
        content_type = response.headers.get("content-type", "") if response else ""
        if response is None or response.status != 200 or not content_type.startswith("text/html"):
            self.problems.append(f"{where}: {response and response.status} {content_type}")
            return
        path = urlparse(page.url).path
        if path.startswith("/api/v1/"):
            self.problems.append(f"{where}: landed on the API ({path})")
        lang = (page.get_attribute("html", "lang") or "").lower()  # language tags are case-insensitive
        if lang != self.lang:
            self.problems.append(f"{where}: page language {lang}")
        text = page.inner_text("body")
        staff = path.startswith(("/staff/", "/admin/"))
        if page.locator("code.rule-id").count():
            self.problems.append(f"{where}: a rule id is shown")
        if not staff and (keys := sorted(set(SNAKE_KEY.findall(text)))):
            self.problems.append(f"{where}: raw keys {keys[:5]}")
        if self.lang == "zh-hant":
            if seed := re.search(r"\bseeds?\b.{0,30}", text, re.I):
                self.problems.append(f"{where}: {seed.group(0)!r}")
            if english := ENGLISH_RUN.search(text):
                self.problems.append(f"{where}: English in the Chinese UI: {english.group(0)!r}")
        else:
            if seed := re.search(r"\bseed\s*\d{3}\b", text, re.I):
                self.problems.append(f"{where}: {seed.group(0)!r}")
            chinese = [
                t for t in page.eval_on_selector_all(CHROME, "els => els.map(e => e.innerText)") if CJK.search(t)
            ]
            if chinese:
                self.problems.append(f"{where}: Chinese in the English UI: {chinese[:3]}")

    def role(self, browser, base_url: str, role: str) -> None:
        context = browser.new_context(locale="zh-TW", base_url=base_url, accept_downloads=False)
        context.set_default_timeout(20_000)
        page = context.new_page()
        page.goto("/accounts/login/")
        page.fill("input[name=username]", f"{role}@demo.tw")
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.locator("form.stacked button[type=submit]").click()
        page.wait_for_url(re.compile(r"/dashboard/$"))
        if self.lang == "en":
            page.select_option("#language-select", "en")
            page.wait_for_selector("html[lang=en]")
        links = page.eval_on_selector_all(
            "nav.main-nav a, footer a, main a:not([hreflang=en])", "els => els.map(e => e.getAttribute('href'))"
        )
        queue, depth, seen = [(href, 0) for href in ["/dashboard/", *links]], {}, self.visited.setdefault(role, set())
        while queue:
            href, level = queue.pop(0)
            if not href or not href.startswith("/") or href in seen or NOT_PAGES.search(href):
                continue
            if SHARED.match(href) and href in self.shared_done:
                continue
            seen.add(href)
            self.shared_done.add(href)
            self.check(role, page, href, page.goto(href))
            path = urlparse(href).path
            if level == 0 or (level == 1 and CASE_PAGES.match(path)):  # nav pages, and a case's own pages
                for link in page.eval_on_selector_all(
                    "main a[href]:not([hreflang=en]):not([download])", "els => els.map(e => e.getAttribute('href'))"
                ):
                    if link not in depth:
                        depth[link] = level + 1
                        queue.append((link, level + 1))
        context.close()


def test_every_role_finds_only_pages_in_its_language_without_codes(demo, browser, live_server):
    walk = Walk(lang="zh-hant")
    for role in ROLES:
        walk.role(browser, live_server.url, role)
    assert not walk.problems, "\n".join(walk.problems)
    machinery, lean = demo["machinery"].pk, demo["lean"].pk
    visited = walk.visited
    assert {"/cases/", f"/cases/{machinery}/", f"/cases/{lean}/"} <= visited["applicant"]
    assert len([p for p in visited["applicant"] if p.startswith(f"/cases/{lean}/edit/")]) >= 4  # the sections
    assert f"/cases/{machinery}/" in visited["counsellor2"] and "/cases/" in visited["counsellor"]
    for office in ("officer", "admin"):
        assert {"/office/cases/", f"/office/cases/{machinery}/screening/", "/audit/"} <= visited[office]
    for role in ROLES:
        assert {"/dashboard/", "/programmes/", "/calendar/", "/api/"} <= visited[role], role


def test_in_english_the_interface_is_english(demo, browser, live_server):
    """Every role in English too (axe-core checks each page on the way: tests/a11y.py)."""
    walk = Walk(lang="en")
    for role in ROLES:
        walk.role(browser, live_server.url, role)
    assert not walk.problems, "\n".join(walk.problems)
    assert f"/office/cases/{demo['machinery'].pk}/screening/" in walk.visited["officer"]
    for role in ROLES:
        assert {"/dashboard/", "/programmes/", "/calendar/"} <= walk.visited[role], role
