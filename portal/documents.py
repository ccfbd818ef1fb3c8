"""Documents the portal's workers produce, for every app: HTML to PDF by WeasyPrint, and the file written under
its deterministic name so that a job delivered twice replaces, never duplicates, and never leaves half a file."""

import contextlib
import logging
import os
import tempfile

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # one line per page otherwise


def html_to_pdf(html: str) -> tuple[bytes, int]:
    """(PDF bytes, number of pages) by WeasyPrint, fetching nothing outside the document (the CSS and any SVG
    are inline; user text is escaped by the template)."""
    from weasyprint import HTML, URLFetcher

    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).render()
    return document.write_pdf(), len(document.pages)


def file_replace(name: str, content: bytes) -> str:
    """Write the file under its deterministic name, replacing any earlier (perhaps half-written) one. On a
    local file system the bytes go to a temporary file first and replace the old one in one rename."""
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
