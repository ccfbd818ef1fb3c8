"""axe-core (WCAG 2.1 A/AA and best practices) on every page the browser tests visit (issue 17).

The session's Chromium is instrumented (``audit_browser``): every context it opens and every page in it. A page
that has loaded, or whose content htmx has swapped, is checked the next time the test touches the page (so never
while it navigates); what is still open when the test ends is checked then. A page is checked once per language,
role, path and state (the kinds of element it shows: a chart, an error list, a form; not how many rows). Any
violation fails the test that visited the page, naming the rule, the element and the page; the pages checked
are listed at the end of the session.

The engine is the one ``axe-playwright-python`` ships (pinned in requirements-dev.txt): nothing is downloaded at
run time. It is put into the page by the DevTools protocol, which the Content-Security-Policy does not govern.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Browser, BrowserContext, Error, Page

# WCAG 2.1 A and AA, and axe's best practices (empty table headers, landmarks, one main heading, ...)
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
RUN = """options => axe.run(document, options).then(r => ({
  version: r.testEngine.version,
  violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 160)}))})),
}))"""
PROBE = """() => ({
  path: location.pathname, protocol: location.protocol, html: document.contentType === "text/html",
  lang: document.documentElement.lang, axe: typeof window.axe !== "undefined",
  role: (document.querySelector("[data-role]") || {dataset: {role: "anonymous"}}).dataset.role,
  // the page's state: which kinds of element it shows (a chart, an error list, a form), not how many rows
  state: [...new Set([...document.body.querySelectorAll("*")].map(e =>
    [e.localName, ...[...e.classList].sort(), e.getAttribute("role") || ""].join(".")))].sort().join(" "),
  title: document.title, portal: (document.querySelector(".brand strong") || {}).textContent || null,
})"""
LANGS = ("zh-Hant", "en")  # what <html lang> says for the portal's two languages
# htmx swaps mark the page for one more check (the binding only sets a flag in Python)
WATCH_UPDATES = """document.addEventListener("htmx:afterSettle", () => {
  if (window.__a11yUpdated) window.__a11yUpdated();
});"""


@dataclass
class Audit:
    checked: dict[tuple[str, str, str], int] = field(default_factory=dict)  # (lang, role, path) → violations
    states: dict[tuple[str, str, str], set[str]] = field(default_factory=dict)  # the states of each page checked
    failures: dict[str, list[str]] = field(default_factory=dict)  # test id → messages
    contexts: list[BrowserContext] = field(default_factory=list)
    current: str = "(outside a test)"
    engine: str = ""

    def check(self, page: Page) -> None:
        """Run axe on ``page`` if it loaded or changed since it was last looked at."""
        state = page.__dict__.get("_a11y")
        if state is None or state["busy"] or not (state["loaded"] or state["updated"]):
            return
        state["busy"] = True
        state["loaded"] = state["updated"] = False
        try:
            self._check(page)
        except Error:
            pass  # the page moved on under the check (a script navigated): its next page will be checked
        finally:
            state["busy"] = False

    def _check(self, page: Page) -> None:
        probe = page.evaluate(PROBE)
        if not probe["html"] or probe["protocol"] not in ("http:", "https:"):
            return
        key = (probe["lang"] or "(no lang)", probe["role"], probe["path"])
        if probe["state"] in self.states.setdefault(key, set()):
            return
        self.states[key].add(probe["state"])
        if not probe["axe"]:
            page.evaluate(AXE_SCRIPT)
        result = page.evaluate(RUN, {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
        self.engine = result["version"]
        violations = result["violations"] + portal_rules(probe)
        self.checked[key] = self.checked.get(key, 0) + len(violations)
        where = " ".join(key)
        for violation in violations:
            for node in violation["nodes"]:
                self.failures.setdefault(self.current, []).append(
                    f"{where}: {violation['id']} ({violation['impact']}: {violation['help']}) at "
                    f"{node['target']}  {node['html']}"
                )

    def check_open_pages(self) -> None:
        for context in list(self.contexts):
            for page in context.pages:
                self.check(page)

    def report(self) -> list[str]:
        states = sum(len(seen) for seen in self.states.values())
        lines = [
            f"axe-core {self.engine} (WCAG 2.1 A/AA, best practices): {len(self.checked)} pages checked in "
            f"{states} states (path [language, role])"
        ]
        for key, count in sorted(self.checked.items(), key=lambda item: (item[0][2], item[0][:2])):
            lang, role, path = key
            seen = len(self.states[key])
            lines.append(
                f"  {path}  [{lang}, {role}]"
                + (f"  {seen} states" if seen > 1 else "")
                + (f"  {count} violation(s)" if count else "")
            )
        return lines


AUDIT = Audit()


def _finding(rule: str, impact: str, text: str, target: str, html: str) -> dict:
    return {"id": rule, "impact": impact, "help": text, "nodes": [{"target": target, "html": html}]}


def portal_rules(probe: dict) -> list[dict]:
    """What axe cannot know of this portal: the language tag of each language, a title that says where one is."""
    if probe["portal"] is None:  # not a page of the portal
        return []
    found = []
    if probe["lang"] not in LANGS:
        found.append(_finding("portal-html-lang", "serious", f"<html lang> is one of {LANGS}", "html", probe["lang"]))
    where = probe["title"].split(" · ")[0].strip()
    if probe["path"] != "/" and where in ("", probe["portal"].strip()):
        found.append(_finding("portal-page-title", "moderate", "the title says where the user is", "title", where))
    return found


class AuditedPage(Page):
    """A page that is checked before the test does anything more with it."""

    def __getattribute__(self, name: str):
        if not name.startswith("_"):
            AUDIT.check(self)
        return super().__getattribute__(name)


class AuditedContext(BrowserContext):
    def new_page(self) -> Page:
        return audit_page(super().new_page())

    def close(self, reason: str | None = None) -> None:
        for page in self.pages:
            AUDIT.check(page)
        if self in AUDIT.contexts:
            AUDIT.contexts.remove(self)
        super().close(reason=reason)


class AuditedBrowser(Browser):
    def new_context(self, **kwargs) -> BrowserContext:
        return audit_context(super().new_context(**kwargs))


def audit_page(page: Page) -> Page:
    if "_a11y" not in page.__dict__:
        page.__dict__["_a11y"] = {"loaded": False, "updated": False, "busy": False}
        page.__class__ = AuditedPage
        page.on("load", _loaded)
    return page


def _loaded(page: Page) -> None:
    page.__dict__["_a11y"]["loaded"] = True


def _updated(source: dict) -> None:
    state = source["page"].__dict__.get("_a11y")
    if state is not None:
        state["updated"] = True


def audit_context(context: BrowserContext) -> BrowserContext:
    context.__class__ = AuditedContext
    context.expose_binding("__a11yUpdated", _updated)
    context.add_init_script(WATCH_UPDATES)
    context.on("page", audit_page)  # pages the site opens itself
    AUDIT.contexts.append(context)
    return context


def audit_browser(browser: Browser) -> Browser:
    browser.__class__ = AuditedBrowser
    return browser
