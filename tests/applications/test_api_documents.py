"""Documents over the API (cases-api.md "Documents"): uploads judged by their content, versions kept, files
served only to those who may see the case."""

import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from applications.models import CaseDocument
from applications.uploads import MAX_BYTES
from portal.models import Role
from tests.applications.api_support import case_url, errors_of, state
from tests.applications.builders import PDF_BYTES, machinery_case, machinery_counsellor
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pdf(name="plan.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def office_file(member: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, "<x/>")
    return buffer.getvalue()


def post_document(client, case, kind, file):
    return client.post(case_url(case, "documents"), {"kind": kind, "file": file})


def download(client, case, document_id):
    return client.get(case_url(case, "documents", document_id, "download"))


@pytest.fixture
def draft():
    return machinery_case(documents=False)


def test_a_pdf_is_uploaded_with_its_fingerprint(api_client, draft):
    content = PDF_BYTES + "計畫書".encode() * 100
    api_client.force_authenticate(draft.counsellor)
    response = post_document(api_client, draft, "plan", pdf("專案計畫書.pdf", content))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) == {"id", "kind", "version", "name", "size", "sha256"}
    assert (body["kind"], body["version"], body["name"], body["size"]) == ("plan", 1, "專案計畫書.pdf", len(content))
    assert body["sha256"] == hashlib.sha256(content).hexdigest()
    document = CaseDocument.objects.get(pk=body["id"])
    assert (document.uploaded_by, document.content_type) == (draft.counsellor, "application/pdf")
    with document.file.open("rb") as stored:
        assert stored.read() == content
    assert "專案計畫書" not in document.file.name  # the stored name never comes from the user


def test_a_re_upload_is_the_next_version_and_the_first_is_kept(api_client, draft):
    first, second = PDF_BYTES + b"% first", PDF_BYTES + b"% second"
    api_client.force_authenticate(draft.applicant)
    one = post_document(api_client, draft, "plan", pdf("v1.pdf", first)).json()
    two = post_document(api_client, draft, "plan", pdf("v2.pdf", second)).json()
    assert (one["version"], two["version"]) == (1, 2)
    assert two["sha256"] == hashlib.sha256(second).hexdigest() != one["sha256"]
    listed = api_client.get(case_url(draft, "documents")).json()
    assert set(listed) == {"count", "next", "previous", "results"}
    assert [(d["kind"], d["version"]) for d in listed["results"]] == [("plan", 2), ("plan", 1)]
    assert b"".join(download(api_client, draft, one["id"]).streaming_content) == first
    assert b"".join(download(api_client, draft, two["id"]).streaming_content) == second


def test_uploading_the_required_documents_makes_the_check_pass(api_client, draft):
    api_client.force_authenticate(draft.counsellor)
    outcome = next(
        o for o in api_client.get(case_url(draft)).json()["check"]["outcomes"] if o["rule"] == "documents_uploaded"
    )
    assert outcome["passed"] is False and outcome["values"]["missing"] == "application_form,plan,review_slides"
    for kind in ("application_form", "plan", "review_slides"):
        post_document(api_client, draft, kind, pdf(f"{kind}.pdf"))
    listed = api_client.get("/api/v1/cases/").json()["results"][0]  # the stored check was refreshed
    outcome = next(o for o in listed["check"]["outcomes"] if o["rule"] == "documents_uploaded")
    assert outcome["passed"] is True and listed["check"]["ready"] is True


@pytest.mark.parametrize(
    "name, content",
    [
        ("plan.pdf", EXE_BYTES),  # an executable renamed .pdf
        ("plan.pdf", b"<html><script>alert(1)</script></html>"),
        ("plan.pdf", PNG_BYTES),  # an image where the edition wants a PDF
        ("plan.pdf", office_file("word/document.xml")),  # a Word file where the edition wants a PDF
        ("plan.pdf", b"PK\x03\x04 not really a zip"),
        ("plan.pdf", b"%PD"),
    ],
)
def test_a_file_is_judged_by_its_content_not_its_name(api_client, draft, name, content):
    api_client.force_authenticate(draft.counsellor)
    before = state(draft)
    response = post_document(api_client, draft, "plan", SimpleUploadedFile(name, content, "application/pdf"))
    assert response.status_code == 400
    assert "PDF" in " ".join(errors_of(response)["file"])
    assert state(draft) == before


def test_an_empty_file_is_refused(api_client, draft):
    api_client.force_authenticate(draft.counsellor)
    before = state(draft)
    response = post_document(api_client, draft, "plan", SimpleUploadedFile("plan.pdf", b"", "application/pdf"))
    assert response.status_code == 400
    assert "file" in errors_of(response)
    assert state(draft) == before


def test_a_file_over_20_mb_is_refused_and_nothing_is_stored(api_client, draft, media_root):
    api_client.force_authenticate(draft.counsellor)
    content = PDF_BYTES + b"0" * (MAX_BYTES + 1 - len(PDF_BYTES))
    assert MAX_BYTES == 20 * 1024 * 1024
    before = state(draft)
    response = post_document(api_client, draft, "plan", pdf(content=content))
    assert response.status_code == 400
    assert "20" in " ".join(errors_of(response)["file"])
    assert state(draft) == before
    assert not any(path.is_file() for path in media_root.rglob("*"))


def test_a_file_of_exactly_20_mb_is_accepted(api_client, draft):
    api_client.force_authenticate(draft.counsellor)
    content = PDF_BYTES + b"0" * (MAX_BYTES - len(PDF_BYTES))
    response = post_document(api_client, draft, "plan", pdf(content=content))
    assert response.status_code == 201
    assert response.json()["size"] == MAX_BYTES


@pytest.mark.parametrize("kind", ["passport", "", "PLAN", "x" * 65])
def test_an_unknown_kind_is_refused(api_client, draft, kind):
    api_client.force_authenticate(draft.counsellor)
    before = state(draft)
    response = post_document(api_client, draft, kind, pdf())
    assert response.status_code == 400
    assert "kind" in errors_of(response)
    assert state(draft) == before


@pytest.mark.parametrize("data", [{"kind": "plan"}, {"file": "not a file", "kind": "plan"}, {}])
def test_a_missing_file_is_refused(api_client, draft, data):
    api_client.force_authenticate(draft.counsellor)
    before = state(draft)
    response = api_client.post(case_url(draft, "documents"), data)
    assert response.status_code == 400
    assert errors_of(response)
    assert state(draft) == before


def test_a_json_body_is_refused_clearly(api_client, draft):
    api_client.force_authenticate(draft.counsellor)
    before = state(draft)
    response = api_client.post(case_url(draft, "documents"), {"kind": "plan"}, format="json")
    assert response.status_code == 415
    assert errors_of(response)
    assert state(draft) == before


def test_an_unknown_field_is_refused(api_client, draft):
    api_client.force_authenticate(draft.counsellor)
    before = state(draft)
    response = api_client.post(case_url(draft, "documents"), {"kind": "plan", "file": pdf(), "version": "7"})
    assert response.status_code == 400
    assert "version" in errors_of(response)
    assert state(draft) == before


def test_documents_are_not_uploaded_after_submission(api_client, draft):
    case = machinery_case()
    from applications import services

    services.case_transition(actor=case.counsellor, case=case, action="submit")
    api_client.force_authenticate(case.counsellor)
    before = state(case)
    response = post_document(api_client, case, "plan", pdf())
    assert response.status_code == 409
    assert state(case) == before


def test_the_programme_office_does_not_upload(api_client, draft, officer):
    api_client.force_authenticate(officer)
    before = state(draft)
    assert post_document(api_client, draft, "plan", pdf()).status_code == 403
    assert state(draft) == before


# --- who gets the file -----------------------------------------------------------------------------------------


def test_the_file_goes_to_those_who_may_see_the_case_only(api_client, draft, officer, admin_user):
    content = PDF_BYTES + b"% confidential"
    api_client.force_authenticate(draft.counsellor)
    document = post_document(api_client, draft, "plan", pdf("計畫書.pdf", content)).json()
    for user in (draft.applicant, draft.counsellor, officer, admin_user):
        api_client.force_authenticate(user)
        response = download(api_client, draft, document["id"])
        assert response.status_code == 200, user.role
        assert b"".join(response.streaming_content) == content
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
    strangers = [machinery_counsellor(), UserFactory(role=Role.APPLICANT), UserFactory(role=Role.REVIEWER)]
    for user in strangers:
        api_client.force_authenticate(user)
        assert download(api_client, draft, document["id"]).status_code == 404, user.role
        assert api_client.get(case_url(draft, "documents")).status_code == 404, user.role
        assert post_document(api_client, draft, "plan", pdf()).status_code == 404, user.role
    api_client.force_authenticate(None)
    assert download(api_client, draft, document["id"]).status_code == 401
    assert api_client.get(case_url(draft, "documents")).status_code == 401


def test_a_document_is_reached_through_its_own_case_only(api_client):
    mine, theirs = machinery_case(), machinery_case()
    other_document = theirs.documents.first()
    api_client.force_authenticate(mine.counsellor)
    assert download(api_client, mine, other_document.pk).status_code == 404
    assert download(api_client, mine, 987654).status_code == 404
