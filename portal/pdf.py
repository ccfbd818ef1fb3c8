"""Printed documents of the portal (the ISO 14064-1 report, the proposal): HTML to PDF by WeasyPrint, the CSS
of their page numbers, and the write of the finished file that a redelivered task may repeat safely."""

import contextlib
import logging
import os
import re
import tempfile
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

logger = logging.getLogger(__name__)
STEP_WRITTEN = gettext_noop("PDF written")
DONE = gettext_noop("Done")  # with the job's page count beside it where it is shown
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # one line per page otherwise


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


def html_to_pdf(html: str) -> tuple[bytes, int]:
    """(PDF bytes, number of pages) by WeasyPrint, fetching nothing outside the document (the CSS and SVG
    figures are inline; user text is escaped by the template)."""
    from weasyprint import HTML, URLFetcher

    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).render()
    return document.write_pdf(), len(document.pages)


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
    progress: Callable[[int, str], None],
    finish: Callable[[str, int, dict], bool],
    fail: Callable[[str], None],
    known_errors: tuple[type[Exception], ...] = (),
) -> str:
    """The worker's part of a PDF job (a started ``portal.models.Job`` with a ``language``), in the job's
    language: gather the contents, lay them out as HTML, render and write the PDF under its deterministic name,
    telling ``progress`` after each step (``steps`` names the first two as message ids, ``gettext_noop``: the
    job keeps the id and the page translates it for its reader); then ``finish`` (file name, number of pages,
    contents; False when another delivery finished first) or ``fail`` with the reason, worded in the job's
    language. Returns what happened: "succeeded", "already succeeded" or "failed"."""
    try:
        with translation.override(job.language):
            context = contents()
            progress(10, steps[0])
            markup = html(context)
            progress(40, steps[1])
            pdf, pages = html_to_pdf(markup)
            name = file_replace(file_name, pdf)
            progress(90, STEP_WRITTEN)
    except Exception as exc:
        logger.exception("%s %s failed", job._meta.verbose_name, job.pk)
        with translation.override(job.language):
            fail(_failure_reason(exc, known_errors))
        return "failed"
    return "succeeded" if finish(name, pages, context) else "already succeeded"
