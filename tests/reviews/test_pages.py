"""The review pages: who sees what (reviewer ↔ assigned only, the office everything, the company the
decision and the released comments), the forms' refusals with nothing stored, the Excel exports."""

import re
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from applications.models import CaseStatus
from portal.models import Role
from programs.selectors import edition_current
from reviews.models import Assignment, ConflictDeclaration, Decision, ReviewComment, ReviewerProfile, ScoreSheet
from tests.applications.builders import upload
from tests.factories import CompanyFactory, UserFactory

from .builders import FAIR, GOOD, assign, decide, reviewer, score, under_review

pytestmark = pytest.mark.django_db

FORM_GOOD = {"score_needs": "80", "score_solution": "90", "score_benefits": "70", "score_training": "60"}


@pytest.fixture
def case():
    return under_review()


def get(client, user, name, *args, **kwargs):
    client.force_login(user)
    return client.get(reverse(name, args=args), **kwargs)


# --- the reviewer --------------------------------------------------------------------------------


def test_an_unconfirmed_reviewer_sees_only_who_and_what(client, case):
    person = reviewer()
    assign(case, person)
    page = get(client, person, "review-case", case.pk)
    assert page.status_code == 200
    text = page.content.decode()
    assert case.reference in text and case.title in text and case.company.name in text and case.unit.name in text
    assert case.needs not in text and "score_needs" not in text
    # the proposal and its documents wait for the confirmation
    workspace = client.get(reverse("case-detail", args=[case.pk]))
    assert workspace.status_code == 302 and workspace["Location"] == reverse("review-case", args=[case.pk])
    document = case.documents.first()
    assert client.get(reverse("case-document-download", args=[case.pk, document.pk])).status_code == 302
    client.post(reverse("review-confirm", args=[case.pk]))
    assert Assignment.objects.get(case=case).confirmed
    assert client.get(reverse("case-detail", args=[case.pk])).status_code == 200
    sheet = client.get(reverse("review-case", args=[case.pk]))
    assert "score_needs" in sheet.content.decode()


def test_declaring_a_conflict_from_the_case_gives_it_back(client, case):
    person = reviewer()
    assign(case, person)
    client.force_login(person)
    response = client.post(reverse("review-declare", args=[case.pk]), {"target": "unit", "reason": "曾任職"})
    assert response.status_code == 302 and response["Location"] == reverse("review-inbox")
    assert Assignment.objects.get(case=case).withdrawn_at is not None
    assert ConflictDeclaration.objects.get(reviewer=person).unit_id == case.unit_id
    assert client.get(reverse("review-case", args=[case.pk])).status_code == 404


def test_reviewer_pages_are_theirs_alone(client, case):
    person, stranger = reviewer(), reviewer()
    assign(case, person)
    assert get(client, stranger, "review-case", case.pk).status_code == 404
    assert get(client, stranger, "case-detail", case.pk).status_code == 404
    for user in (case.office, case.applicant):
        assert get(client, user, "review-case", case.pk).status_code == 404
        assert get(client, user, "review-inbox").status_code == 404
        assert get(client, user, "review-conflicts").status_code == 404
    inbox = get(client, person, "review-inbox")
    assert case.reference in inbox.content.decode()
    assert case.reference not in get(client, stranger, "review-inbox").content.decode()


def test_the_dashboard_lists_the_assignments(client, case):
    person = reviewer()
    assign(case, person)
    text = get(client, person, "dashboard").content.decode()
    assert case.reference in text and reverse("review-case", args=[case.pk]) in text


def test_the_sheet_page_saves_a_draft_then_submits(client, case):
    person = reviewer()
    assign(case, person)
    client.force_login(person)
    client.post(reverse("review-confirm", args=[case.pk]))
    url = reverse("review-case", args=[case.pk])
    assert client.post(url, {**FORM_GOOD, "comment_needs": "數據不足", "submit": "0"}).status_code == 302
    sheet = ScoreSheet.objects.get()
    assert sheet.submitted_at is None and sheet.comments == {"needs": "數據不足"}
    assert client.post(url, {**FORM_GOOD, "score_needs": "90", "submit": "1"}).status_code == 302
    sheet.refresh_from_db()
    assert sheet.submitted and str(sheet.total) == "83.00"
    response = client.post(url, {**FORM_GOOD, "submit": "1"}, follow=True)
    assert "cannot change" in response.content.decode() or "無法變更" in response.content.decode()
    sheet.refresh_from_db()
    assert str(sheet.total) == "83.00"


@pytest.mark.parametrize(
    ("data", "field"),
    [({**FORM_GOOD, "score_needs": "101"}, "score_needs"), ({**FORM_GOOD, "score_training": ""}, "score_training"),
     ({**FORM_GOOD, "score_benefits": "abc"}, "score_benefits")],
)  # fmt: skip
def test_the_sheet_page_refuses_bad_scores(client, case, data, field):
    person = reviewer()
    assign(case, person)
    client.force_login(person)
    client.post(reverse("review-confirm", args=[case.pk]))
    response = client.post(reverse("review-case", args=[case.pk]), {**data, "submit": "1"})
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not ScoreSheet.objects.exists()


def test_the_live_total_is_the_calculators(client, api_client, case):
    person = reviewer()
    assign(case, person)
    client.force_login(person)
    client.post(reverse("review-confirm", args=[case.pk]))
    preview = client.post(reverse("review-sheet-preview", args=[case.pk]), FORM_GOOD)
    calculator = api_client.post(
        "/api/v1/editions/machinery-2025/score-sheet/",
        {"scores": {k.removeprefix("score_"): v for k, v in FORM_GOOD.items()}},
        format="json",
    ).json()
    assert f'<output id="live-total">{calculator["total"]}</output>' in preview.content.decode()
    bad = client.post(reverse("review-sheet-preview", args=[case.pk]), {**FORM_GOOD, "score_needs": "120"})
    assert "0 至 100" in bad.content.decode() and "live-total" not in bad.content.decode()
    assert not ScoreSheet.objects.exists()


def test_the_reviewer_keeps_a_profile_and_declares_conflicts(client):
    person = reviewer()
    company = CompanyFactory()
    client.force_login(person)
    url = reverse("review-conflicts")
    client.post(
        url,
        {"form": "profile", "affiliation": "國立中興大學", "organisation_ubn": company.ubn, "expertise": "智慧製造"},
    )
    assert ReviewerProfile.objects.get(user=person).organisation_ubn == company.ubn
    bad = client.post(url, {"form": "profile", "affiliation": "x", "organisation_ubn": "12345678", "expertise": ""})
    assert bad.context["profile_form"].errors["organisation_ubn"]
    assert (
        client.post(url, {"form": "conflict", "target": "company", "ubn": company.ubn, "reason": "親屬"}).status_code
        == 302
    )
    unknown = client.post(url, {"form": "conflict", "target": "unit", "ubn": company.ubn, "reason": "x"})
    assert unknown.context["form"].errors["ubn"]
    assert list(ConflictDeclaration.objects.values_list("company_id", flat=True)) == [company.pk]


# --- the office ----------------------------------------------------------------------------------


def test_the_officer_assigns_and_a_conflict_is_refused_with_its_reason(client, case):
    ok, conflicted = reviewer(), reviewer()
    ConflictDeclaration.objects.create(reviewer=conflicted, company=case.company, reason="董事親屬")
    page = get(client, case.office, "review-assignments", case.pk)
    assert "董事親屬" in page.content.decode()
    url = reverse("review-assignments", args=[case.pk])
    assert client.post(url, {"reviewer": ok.pk, "round": "1"}).status_code == 302
    refused = client.post(url, {"reviewer": conflicted.pk, "round": "1"})
    assert refused.status_code == 200 and "董事親屬" in "".join(refused.context["errors"])
    assert list(Assignment.objects.values_list("reviewer_id", flat=True)) == [ok.pk]


def test_office_pages_permissions(client, case):
    person = reviewer()
    assign(case, person)
    for name, args in (
        ("review-assignments", [case.pk]),
        ("review-panel", ["machinery-2025"]),
        ("review-panel-index", []),
    ):
        assert get(client, case.office, name, *args).status_code == 200, name
        assert get(client, case.applicant, name, *args).status_code == 403, name
        assert get(client, person, name, *args).status_code == 403, name
    assert get(client, reviewer(), "review-assignments", case.pk).status_code == 404
    assert get(client, UserFactory(role=Role.APPLICANT), "review-assignments", case.pk).status_code == 404


def test_the_panel_page_ranks_and_sorts(client):
    office = UserFactory(role=Role.OFFICER)
    low, high = under_review(office=office), under_review(office=office)
    first, second = reviewer(), reviewer()
    for item, scores in ((low, (FAIR, FAIR)), (high, (GOOD, FAIR))):
        for person, values in zip((first, second), scores, strict=True):
            assign(item, person, office=office)
            score(item, person, values)
    page = get(client, office, "review-panel", "machinery-2025")
    assert [row["reference"] for row in page.context["rows"]] == [high.reference, low.reference]
    by_reference = client.get(reverse("review-panel", args=["machinery-2025"]) + "?sort=-reference")
    assert [row["reference"] for row in by_reference.context["rows"]] == sorted([high.reference, low.reference])[::-1]
    assert client.get(reverse("review-panel", args=["nothing"])).status_code == 404


def test_the_panel_and_the_sheets_as_excel(client):
    office = UserFactory(role=Role.OFFICER)
    item = under_review(office=office)
    person = reviewer()
    assign(item, person, office=office)
    score(item, person, GOOD, comment="整體可行")
    client.force_login(office)
    panel = client.get(reverse("review-panel-export", args=["machinery-2025", "panel"]))
    assert panel.status_code == 200 and panel["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(panel.content)).active
    assert [sheet.cell(row=4, column=c).value for c in (1, 2)] == [1, item.reference]
    sheets = load_workbook(
        BytesIO(client.get(reverse("review-panel-export", args=["machinery-2025", "sheets"])).content)
    ).active
    row = [cell.value for cell in sheets[4]]
    assert row[0] == item.reference and row[2] == person.full_name and float(row[-2]) == 81.0 and "整體可行" in row[-1]
    assert "問題需求與分析：分數" in [cell.value for cell in sheets[3]]
    assert client.get(reverse("review-panel-export", args=["machinery-2025", "other"])).status_code == 404
    client.force_login(person)
    assert client.get(reverse("review-panel-export", args=["machinery-2025", "panel"])).status_code == 403


# --- the decision ---------------------------------------------------------------------------------


def test_the_decision_page_refuses_then_records(client, case):
    person = reviewer()
    assign(case, person)
    page = get(client, case.office, "review-decision", case.pk)
    text = page.content.decode()
    assert "3,500,000" in text and "政府輔導經費不得超過 3,500,000 元" in text
    url = reverse("review-decision", args=[case.pk])
    early = client.post(url, {"decision": "approve", "approved_gov": "3,000,000", "reason": "酌減"})
    assert early.status_code == 200 and early.context["form"].non_field_errors()
    score(case, person, GOOD)
    above = client.post(url, {"decision": "approve", "approved_gov": "3600000", "reason": "x"})
    assert above.context["form"].errors["approved_gov"]
    preview = client.post(reverse("review-decision-preview", args=[case.pk]), {"approved_gov": "3600000"})
    assert "3,600,000" in preview.content.decode()
    assert not Decision.objects.exists()
    bad = client.post(url, {"decision": "approve", "approved_gov": "三百萬", "reason": "依評分酌減"})
    assert bad.context["form"].errors["approved_gov"] and not Decision.objects.exists()
    # full-width digits and separators, as a Chinese input method types them
    done = client.post(url, {"decision": "approve", "approved_gov": "３，０００，０００", "reason": "依評分酌減"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED and case.approved_gov == 3_000_000


def test_decision_page_permissions(client, case):
    person = reviewer()
    assign(case, person)
    assert get(client, case.applicant, "review-decision", case.pk).status_code == 200  # "not decided yet"
    assert get(client, person, "review-decision", case.pk).status_code == 403
    assert get(client, UserFactory(role=Role.APPLICANT), "review-decision", case.pk).status_code == 404
    client.force_login(case.applicant)
    response = client.post(reverse("review-decision", args=[case.pk]), {"decision": "approve", "approved_gov": "1"})
    assert response.status_code == 403 and not Decision.objects.exists()


def test_the_applicant_sees_the_decision_and_answers_the_comments(client, case):
    person = reviewer()
    assign(case, person)
    score(case, person, GOOD, comments={"needs": "請補充量化數據"}, comment="整體可行")
    before = get(client, case.applicant, "review-decision", case.pk).content.decode()
    assert "請補充量化數據" not in before
    decide(case, decision="approve", approved_gov=3_200_000, reason="依評分酌減")
    text = client.get(reverse("review-decision", args=[case.pk])).content.decode()
    assert "3,200,000" in text and "請補充量化數據" in text and "整體可行" in text and person.full_name not in text
    client.post(
        reverse("review-replies", args=[case.pk]), {"reply_1": "已補充", "page_1": "12", "reply_2": "無", "page_2": "-"}
    )
    assert list(ReviewComment.objects.values_list("reply", "page")) == [("已補充", "12"), ("無", "-")]
    client.post(reverse("review-plan-upload", args=[case.pk]), {"file": upload("revised.pdf")})
    bad = client.post(reverse("review-plan-upload", args=[case.pk]), {"file": upload("x.pdf", b"MZ")}, follow=True)
    assert "PDF" in bad.content.decode()
    plan = case.revised_plans.get()
    assert client.get(reverse("review-plan-download", args=[case.pk, plan.pk])).status_code == 200
    assert client.post(reverse("review-revision-accept", args=[case.pk])).status_code == 403
    client.force_login(case.office)
    client.post(reverse("review-revision-accept", args=[case.pk]), {"note": "同意"})
    plan.refresh_from_db()
    assert plan.accepted_at is not None
    assert get(client, UserFactory(role=Role.APPLICANT), "review-plan-download", case.pk, plan.pk).status_code == 404


def test_the_workspace_links_the_review_pages(client, case):
    person = reviewer()
    assign(case, person)
    office = get(client, case.office, "case-detail", case.pk).content.decode()
    assert (
        reverse("review-assignments", args=[case.pk]) in office and reverse("review-decision", args=[case.pk]) in office
    )
    score(case, person, GOOD)
    decide(case, decision="reject", reason="效益不明")
    applicant = get(client, case.applicant, "case-detail", case.pk).content.decode()
    assert reverse("review-decision", args=[case.pk]) in applicant


def test_administrators_keep_the_pool_in_the_admin_site(client):
    admin = UserFactory(role=Role.ADMIN)
    person = UserFactory(role=Role.REVIEWER)
    client.force_login(admin)
    assert client.get("/admin/reviews/reviewerprofile/").status_code == 200
    url = "/admin/reviews/reviewerprofile/add/"
    form = {"user": person.pk, "affiliation": "工研院", "organisation_ubn": "", "expertise": "", "editions": '["nope"]'}
    assert client.post(url, form).context["adminform"].form.errors["editions"]
    assert client.post(url, {**form, "editions": '["machinery-2025"]'}).status_code == 302
    assert ReviewerProfile.objects.get(user=person).editions == ["machinery-2025"]
    for name in ("conflictdeclaration", "assignment", "scoresheet", "decision"):
        assert client.get(f"/admin/reviews/{name}/").status_code == 200, name
    client.force_login(UserFactory(role=Role.OFFICER))
    assert client.get("/admin/reviews/reviewerprofile/").status_code in (302, 403)


def test_the_panel_names_the_programme_not_its_code(client):
    """A user reads the programme and track, never the edition's code, on the panel and its index."""
    office = UserFactory(role=Role.OFFICER)
    under_review(office=office)
    edition = edition_current(code="machinery-2025")
    with translation.override("zh-hant"):
        title = f"{edition.programme.title_text}：{edition.track_text}" if edition.track_text else edition.title_text
    for name, args in (("review-panel-index", []), ("review-panel", ["machinery-2025"])):
        page = get(client, office, name, *args)
        visible = re.sub(r'href="[^"]*"', "", page.content.decode())
        assert title in visible, name
        assert "machinery-2025<" not in visible and "：machinery-2025" not in visible, name
