"""What an uploaded file really is, read from its first bytes (never from its name or the browser's word)."""

from __future__ import annotations

import hashlib
import zipfile

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PDF, PNG, JPEG, XLSX, DOCX = "pdf", "png", "jpeg", "xlsx", "docx"
CONTENT_TYPES = {
    PDF: "application/pdf",
    PNG: "image/png",
    JPEG: "image/jpeg",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# An edition's document may accept "image" (PNG or JPEG) besides the named formats.
FORMAT_GROUPS = {"pdf": {PDF}, "image": {PNG, JPEG}, "xlsx": {XLSX}, "docx": {DOCX}}
FORMAT_NAMES = {
    "pdf": "PDF",
    "image": gettext_lazy("image (PNG, JPEG)"),
    "xlsx": "Excel (.xlsx)",
    "docx": "Word (.docx)",
}
MAX_BYTES = 20 * 1024 * 1024
CHUNK = 64 * 1024


class UploadRefused(ValueError):
    pass


def _office_kind(upload) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "xl/workbook.xml" in names:
        return XLSX
    if "word/document.xml" in names:
        return DOCX
    return None


def sniff(upload) -> str | None:
    """The file's real format, or None when it is none the portal accepts."""
    upload.seek(0)
    head = upload.read(8)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(upload)
    return None


def accepted_kinds(formats: list[str] | None) -> set[str]:
    kinds: set[str] = set()
    for name in formats or ["pdf"]:
        kinds |= FORMAT_GROUPS.get(name, set())
    return kinds


def formats_text(formats: list[str] | None) -> str:
    return "、".join(str(FORMAT_NAMES.get(name, name)) for name in (formats or ["pdf"]))


def check_upload(upload, *, formats: list[str] | None) -> tuple[str, int, str]:
    """(content type, size, sha256) of an acceptable upload; UploadRefused with the reason otherwise."""
    size = getattr(upload, "size", None)
    if size is None or size == 0:
        raise UploadRefused(_("The file is empty."))
    if size > MAX_BYTES:
        raise UploadRefused(
            _("The file is %(size)s MB; at most %(max)s MB is accepted.")
            % {"size": f"{size / 1024 / 1024:.1f}", "max": MAX_BYTES // 1024 // 1024}
        )
    kind = sniff(upload)
    if kind is None or kind not in accepted_kinds(formats):
        raise UploadRefused(
            _("The file's content is not an accepted format (%(formats)s), whatever its name says.")
            % {"formats": formats_text(formats)}
        )
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: upload.read(CHUNK), b""):
        digest.update(chunk)
    upload.seek(0)
    return CONTENT_TYPES[kind], size, digest.hexdigest()
