"""Documents of a case and the office's screening of them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.checks import check_snapshot
from applications.models import Case, CaseDocument, CaseStatus, DocumentCheck, DocumentVerdict
from applications.uploads import UploadRefused, check_upload
from portal.audit import audit_context
from portal.models import User
from programs.rulesets import ruleset_for

from .cases import CaseConflict

NOTE_MAX = 2000
# When each stage's documents are uploaded: the filing's with the proposal (and when a supplement is asked
# for), the contract's once the case is approved.
UPLOAD_STATUSES = {
    "application": (CaseStatus.DRAFT, CaseStatus.SUPPLEMENT_REQUESTED),
    "contract": (CaseStatus.APPROVED, CaseStatus.CONTRACTED),
}


def _document_item(case: Case, kind: str):
    ruleset = ruleset_for(case.edition)
    item = next((d for d in ruleset.documents if d.code == kind), None)
    if item is None:
        known = ", ".join(d.code for d in ruleset.documents) or "—"
        raise ValidationError(
            {"kind": _("Unknown document for this edition; its documents: %(known)s.") % {"known": known}}
        )
    return item


@transaction.atomic
def document_upload(*, actor: User, case: Case, kind: str, upload) -> CaseDocument:
    """Keep a new version of one of the edition's documents, after checking what the file really is."""
    with audit_context(actor=actor, action="document_upload"):
        case = Case.objects.select_for_update(of=("self",)).select_related("edition", "company", "unit").get(pk=case.pk)
        if not actor.has_perm("applications.add_casedocument", case):
            raise PermissionDenied(_("Only the company and its counselling unit upload the proposal's documents."))
        item = _document_item(case, kind)
        if case.status not in UPLOAD_STATUSES[item.extra.get("stage", "application")]:
            raise CaseConflict(
                _("This document cannot be uploaded while the case is %(status)s.")
                % {"status": CaseStatus(case.status).label}
            )
        try:
            content_type, size, sha256 = check_upload(upload, formats=item.extra.get("formats"))
        except UploadRefused as exc:
            raise ValidationError({"file": str(exc)}) from None
        latest = CaseDocument.objects.filter(case=case, kind=kind).aggregate(v=Max("version"))["v"] or 0
        name = str(getattr(upload, "name", "") or "document").replace("/", "_").replace("\\", "_")[-200:]
        document = CaseDocument(
            case=case,
            kind=kind,
            version=latest + 1,
            name=name,
            size=size,
            sha256=sha256,
            content_type=content_type,
            uploaded_by=actor,
        )
        document.file.save(name, upload, save=False)
        try:
            document.save()
            case.check_result = check_snapshot(case)
            case.save(update_fields=["check_result"])
        except BaseException:
            document.file.delete(save=False)  # no orphan file when the rows cannot be written
            raise
        return document


@transaction.atomic
def document_check_record(*, actor: User, case: Case, kind: str, verdict: str, note: str = "") -> DocumentCheck:
    """The officer's verdict on one document of the checklist (the latest version is the one checked)."""
    with audit_context(actor=actor, action="document_check_record"):
        case = Case.objects.select_for_update(of=("self",)).select_related("edition").get(pk=case.pk)
        if not actor.has_perm("applications.screen_case", case):
            raise PermissionDenied(_("Only the programme office screens documents."))
        if case.status != CaseStatus.SCREENING:
            raise CaseConflict(_("Documents are checked while the case is in screening."))
        _document_item(case, kind)
        if verdict not in DocumentVerdict.values:
            raise ValidationError({"verdict": _("Choose: in order, missing, or wrong or incomplete.")})
        note = (note or "").strip()
        if len(note) > NOTE_MAX:
            raise ValidationError({"note": _("At most %(max)s characters.") % {"max": NOTE_MAX}})
        if verdict != DocumentVerdict.OK and not note:
            raise ValidationError({"note": _("Say what is missing or wrong, for the applicant.")})
        latest = CaseDocument.objects.filter(case=case, kind=kind).order_by("-version").first()
        check, _created = DocumentCheck.objects.update_or_create(
            case=case,
            kind=kind,
            defaults={
                "verdict": verdict,
                "note": note,
                "document": latest,
                "checked_by": actor,
                "checked_at": timezone.now(),
            },
        )
        return check
