"""Printed documents of the portal (the ISO 14064-1 report, the proposal): HTML to PDF by WeasyPrint, the CSS
of their page numbers, and the write of the finished file that a redelivered task may repeat safely."""

import contextlib
import logging
import os
import re
import tempfile
import time
from collections.abc import Callable

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

logger = logging.getLogger(__name__)
# WeasyPrint's own steps, as a job shows them (message ids, translated where shown)
STEP_STYLED = gettext_noop("Applying the styles")
STEP_LAYOUT = gettext_noop("Laying out the pages")
STEP_DRAWN = gettext_noop("Drawing the PDF")
STEP_WRITTEN = gettext_noop("PDF written")
DONE = gettext_noop("Done")  # with the job's page count beside it where it is shown
WEASYPRINT_STEPS = logging.getLogger("weasyprint.progress")
WEASYPRINT_STEPS.setLevel(logging.WARNING)  # one line per page otherwise; listened to only during a job's render
# Where each step puts a job's progress (%): the pages share LAYOUT_FROM..LAYOUT_TO as they are laid out.
PERCENT = {"contents": 10, "html": 20, "styled": 25, "drawn": 85, "written": 95}
LAYOUT_FROM, LAYOUT_TO = 30, 80


def css_string(text: str) -> str:
    """A CSS string literal (for @page content), safe inside a <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ").replace("\n", " ")
    return f'"{escaped}"'


def page_counter_css(template: str) -> str:
    """ "第 %(page)s 頁／共 %(pages)s 頁" → CSS content: "第 " counter(page) " 頁／共 " counter(pages) " 頁"."""
    tokens = []
    for part in re.split(r"(%\(pages?\)s)", template):
        if part == "%(page)s":
            tokens.append("counter(page)")
        elif part == "%(pages)s":
            tokens.append("counter(pages)")
        elif part:
            tokens.append(css_string(part))
    return " ".join(tokens)


class _StepListener(logging.Handler):
    """Hears WeasyPrint's progress log ("Step 3 - Applying CSS", "Step 5 - Creating layout - Page 4", "Step 6 -
    Creating PDF") and tells ``on_step(step, pages)``: "styled", then "layout" once for each new page of the
    first pagination (a repagination lays out the same pages again), then "drawn"."""

    def __init__(self, on_step: Callable[[str, int], None]):
        super().__init__(logging.INFO)
        self.on_step, self.pages = on_step, 0

    def emit(self, record: logging.LogRecord) -> None:
        text = str(record.msg)
        if text.startswith("Step 3"):
            self.on_step("styled", 0)
        elif text.startswith("Step 5 - Creating layout - Page") and "up-to-date" not in text:
            page = int(record.args[0])
            if page > self.pages:
                self.pages = page
                self.on_step("layout", page)
        elif text.startswith("Step 6"):
            self.on_step("drawn", self.pages)


@contextlib.contextmanager
def _weasyprint_steps(on_step: Callable[[str, int], None] | None):
    if on_step is None:
        yield
        return
    listener = _StepListener(on_step)
    level, propagate = WEASYPRINT_STEPS.level, WEASYPRINT_STEPS.propagate
    WEASYPRINT_STEPS.addHandler(listener)
    WEASYPRINT_STEPS.setLevel(logging.INFO)
    WEASYPRINT_STEPS.propagate = False  # heard here, not printed
    try:
        yield
    finally:
        WEASYPRINT_STEPS.removeHandler(listener)
        WEASYPRINT_STEPS.setLevel(level)
        WEASYPRINT_STEPS.propagate = propagate


def html_to_pdf(html: str, *, on_step: Callable[[str, int], None] | None = None) -> tuple[bytes, int]:
    """(PDF bytes, number of pages) by WeasyPrint, fetching nothing outside the document (the CSS and SVG
    figures are inline; user text is escaped by the template). Laid out once: ``render()`` lays out the pages
    and ``write_pdf`` of that document only draws them. ``on_step(step, pages)`` hears WeasyPrint's steps as
    they happen ("styled", "layout" for each page, "drawn"; see _StepListener)."""
    from weasyprint import HTML, URLFetcher

    with _weasyprint_steps(on_step):
        document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).render()
        return document.write_pdf(), len(document.pages)


def layout_percent(pages: int) -> int:
    """A job's progress after its ``pages``-th page is laid out: from LAYOUT_FROM towards LAYOUT_TO, a little less
    with each page (the number of pages is known only at the end)."""
    return LAYOUT_FROM + (LAYOUT_TO - LAYOUT_FROM) * pages // (pages + 8)


def file_replace(name: str, content: bytes) -> str:
    """Write the file under its deterministic name, replacing any earlier (perhaps half-written) one. On a
    local file system the bytes go to a temporary file first and replace the old one in one rename, so a
    reader never sees half a file and a task killed mid-write leaves only a temporary part, removed here."""
    try:
        path = default_storage.path(name)
    except NotImplementedError:  # remote storage: replace the object
        if default_storage.exists(name):
            default_storage.delete(name)
        return default_storage.save(name, ContentFile(content))
    folder, base = os.path.split(path)
    os.makedirs(folder, exist_ok=True)
    for stale in os.listdir(folder):  # what an attempt killed while writing left behind
        if stale.startswith(f".{base}.partial-"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(os.path.join(folder, stale))
    suffix = os.path.splitext(base)[1]
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{base}.partial-", suffix=suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return name


def _failure_reason(exc: BaseException, known: tuple[type[Exception], ...]) -> str:
    if isinstance(exc, known):  # the app's own errors are worded for the user already
        return str(exc)
    if isinstance(exc, OSError):
        return _("the PDF file could not be written (%(error)s)") % {"error": exc.strerror or exc.__class__.__name__}
    return f"{exc.__class__.__name__}: {exc}"


def pdf_job_run(
    *,
    job,
    contents: Callable[[], dict],
    html: Callable[[dict], str],
    file_name: str,
    steps: tuple[str, str],
    progress: Callable[[int, str, int | None], None],
    finish: Callable[[str, int, dict], bool],
    fail: Callable[[str], None],
    known_errors: tuple[type[Exception], ...] = (),
) -> str:
    """The worker's part of a PDF job (a started ``portal.models.Job`` with a ``language``), in the job's
    language: gather the contents, lay them out as HTML, render and write the PDF under its deterministic name,
    telling ``progress(percent, message, pages)`` after each step (``steps`` names the first two as message ids,
    ``gettext_noop``: the job keeps the id and the page translates it for its reader), and during the render after
    WeasyPrint's own steps — styles, each page laid out (``pages`` so far), drawing — so that the page shows the
    render move on; then ``finish`` (file name, number of pages,
    contents; False when another delivery finished first) or ``fail`` with the reason, worded in the job's
    language. Returns what happened: "succeeded", "already succeeded" or "failed"."""
    try:
        with translation.override(job.language):
            context = contents()
            progress(PERCENT["contents"], steps[0], None)
            markup = html(context)
            progress(PERCENT["html"], steps[1], None)
            pdf, pages = html_to_pdf(markup, on_step=_RenderSteps(progress))
            name = file_replace(file_name, pdf)
            progress(PERCENT["written"], STEP_WRITTEN, pages)
    except Exception as exc:
        logger.exception("%s %s failed", job._meta.verbose_name, job.pk)
        with translation.override(job.language):
            fail(_failure_reason(exc, known_errors))
        return "failed"
    return "succeeded" if finish(name, pages, context) else "already succeeded"


class _RenderSteps:
    """Tells ``progress`` WeasyPrint's steps: styles, the pages laid out (at most once in
    PDF_PROGRESS_INTERVAL_MS, so that a long document costs a few saves, not one a page), drawing."""

    def __init__(self, progress: Callable[[int, str, int | None], None]):
        self.progress, self.last = progress, 0.0

    def __call__(self, step: str, pages: int) -> None:
        if step == "styled":
            self.progress(PERCENT["styled"], STEP_STYLED, None)
        elif step == "layout":
            now = time.monotonic()
            if (now - self.last) * 1000 >= settings.PDF_PROGRESS_INTERVAL_MS:
                self.last = now
                self.progress(layout_percent(pages), STEP_LAYOUT, pages)
        else:
            self.progress(PERCENT["drawn"], STEP_DRAWN, pages)
