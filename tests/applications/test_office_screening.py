"""Document screening by the programme office: who sees the page, the checklist with every version, the
verdicts, the officer's actions and supplement requests — each refusal shown with the service's words and
nothing changed."""

import datetime

import pytest
from django.utils import timezone, translation

from applications import services
from applications.models import CaseEvent, CaseStatus, DocumentCheck, SupplementRequest
from applications.views.screening import supplement_due_preview
from portal.dates import roc_date
from portal.services import deadline_compute
from tests.applications.builders import machinery_case, upload
from tests.applications.office_data import lean_case_in_screening

pytestmark = pytest.mark.django_db

LABELS = {
    "application_form": "專案計畫申請表（附件一）",
    "plan": "專案計畫書（附件二）",
    "review_slides": "專案計畫提案審查簡報（附件三）",
}


def page_url(case, tail: str = "") -> str:
    return f"/office/cases/{case.pk}/screening/{tail}"


def html_of(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def submitted(**kwargs):
    case = machinery_case(**kwargs)
    submitted_case = services.case_transition(actor=case.counsellor, case=case, action="submit")
    submitted_case.counsellor, submitted_case.applicant = case.counsellor, case.applicant
    return submitted_case


def in_screening(officer, **kwargs):
    case = submitted(**kwargs)
    screening = services.case_transition(actor=officer, case=case, action="start_screening")
    screening.counsellor, screening.applicant = case.counsellor, case.applicant
    return screening


def verdict(client, case, kind, value, note=""):
    return client.post(page_url(case, "checks/"), {"kind": kind, f"{kind}-verdict": value, f"{kind}-note": note})


def reload(case):
    case.refresh_from_db()
    return case


# --- who sees the page ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [("officer", 200), ("admin_user", 200), ("applicant", 404), ("counsellor", 404), ("reviewer", 404)],
)
def test_screening_page_is_the_office_s_alone(client, request, role, status):
    case = submitted()
    client.force_login(request.getfixturevalue(role))
    assert client.get(page_url(case)).status_code == status


def test_the_case_s_own_parties_get_404_too(client):
    case = submitted()
    for user in (case.applicant, case.counsellor):
        client.force_login(user)
        assert client.get(page_url(case)).status_code == 404
        assert client.post(page_url(case, "actions/start_screening/")).status_code == 404
    assert reload(case).status == CaseStatus.SUBMITTED


def test_screening_page_asks_an_anonymous_visitor_to_log_in(client):
    case = submitted()
    response = client.get(page_url(case))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_screening_of_a_case_that_does_not_exist_is_404(client, officer):
    client.force_login(officer)
    assert client.get("/office/cases/999999/screening/").status_code == 404


@pytest.mark.parametrize(
    ("tail", "data"),
    [
        ("checks/", {"kind": "plan", "plan-verdict": "ok"}),
        ("supplement/", {"reason": "x", "documents": ["plan"]}),
        ("actions/start_screening/", {}),
    ],
)
@pytest.mark.parametrize("role", ["applicant", "counsellor", "reviewer"])
def test_others_cannot_post_to_screening(client, request, officer, role, tail, data):
    case = in_screening(officer) if tail != "actions/start_screening/" else submitted()
    before = case.status
    client.force_login(request.getfixturevalue(role))
    assert client.post(page_url(case, tail), data).status_code == 404
    assert reload(case).status == before and not DocumentCheck.objects.filter(case=case).exists()


# --- the checklist ----------------------------------------------------------------------------------


def test_checklist_lists_the_edition_s_documents_with_every_version(client, officer):
    counsellor_case = machinery_case()
    services.document_upload(
        actor=counsellor_case.counsellor, case=counsellor_case, kind="plan", upload=upload("plan-v2.pdf")
    )
    case = services.case_transition(actor=counsellor_case.counsellor, case=counsellor_case, action="submit")
    client.force_login(officer)
    html = html_of(client.get(page_url(case)))
    for label in LABELS.values():
        assert label in html
    for code in LABELS:
        assert f">{code}<" not in html  # labels, never codes
    latest = case.documents.get(kind="plan", version=2)
    earlier = case.documents.get(kind="plan", version=1)
    assert f'href="/cases/{case.pk}/documents/{latest.pk}/"' in html
    assert "plan-v2.pdf" in html and "第 2 版" in html
    assert "較早的 1 個版本" in html and f"/cases/{case.pk}/documents/{earlier.pk}/" in html
    assert "文件檢核表" in html and "尚未檢核" in html
    # verdicts only in screening: the form waits for the officer to start it
    assert "案件於文件審查中時方可記錄審查結果" in html and "記錄審查結果</button>" not in html


def test_the_office_downloads_a_listed_version(client, officer):
    case = submitted()
    document = case.documents.get(kind="plan")
    client.force_login(officer)
    response = client.get(f"/cases/{case.pk}/documents/{document.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


# --- the officer's actions --------------------------------------------------------------------------


def test_start_screening_from_the_page(client, officer):
    case = submitted()
    client.force_login(officer)
    html = html_of(client.get(page_url(case)))
    assert f'action="{page_url(case, "actions/start_screening/")}"' in html and "開始文件審查" in html
    assert "文件審查通過" not in html and "通知補件</h2>" not in html  # not offered while submitted
    response = client.post(page_url(case, "actions/start_screening/"), follow=True)
    assert "已完成：開始文件審查。" in messages_of(response)
    assert reload(case).status == CaseStatus.SCREENING
    event = CaseEvent.objects.filter(case=case).last()
    assert (event.action, event.actor, event.to_status) == ("start_screening", officer, CaseStatus.SCREENING)
    html = html_of(response)
    assert "文件審查通過" in html and "通知補件</h2>" in html and "記錄審查結果</button>" in html


def test_an_action_from_the_wrong_status_is_refused_with_the_service_s_words(client, officer):
    case = in_screening(officer)
    events = CaseEvent.objects.filter(case=case).count()
    client.force_login(officer)
    response = client.post(page_url(case, "actions/start_screening/"), follow=True)
    assert response.status_code == 200
    assert "案件狀態為「文件審查中」時無法「開始文件審查」。" in messages_of(response)
    assert reload(case).status == CaseStatus.SCREENING
    assert CaseEvent.objects.filter(case=case).count() == events


def test_an_action_that_is_not_the_screening_page_s_is_404(client, officer):
    case = in_screening(officer)
    client.force_login(officer)
    for action in ("decide", "submit", "request_supplement", "lapse", "nonsense"):
        assert client.post(page_url(case, f"actions/{action}/")).status_code == 404
    assert reload(case).status == CaseStatus.SCREENING


def test_actions_only_by_post(client, officer):
    case = submitted()
    client.force_login(officer)
    assert client.get(page_url(case, "actions/start_screening/")).status_code == 405
    assert reload(case).status == CaseStatus.SUBMITTED


# --- verdicts ---------------------------------------------------------------------------------------


def test_record_a_verdict(client, officer):
    case = in_screening(officer)
    client.force_login(officer)
    response = verdict(client, case, "plan", "wrong", "第 3 頁預算表與申請表不符")
    assert response.status_code == 302 and response["Location"].endswith("#doc-plan")
    check = DocumentCheck.objects.get(case=case, kind="plan")
    assert (check.verdict, check.note, check.checked_by) == ("wrong", "第 3 頁預算表與申請表不符", officer)
    assert check.document == case.documents.get(kind="plan")
    html = html_of(client.get(page_url(case)))
    assert "不符或不完整" in html and "第 3 頁預算表與申請表不符" in html


def test_a_verdict_without_the_note_it_needs_is_refused(client, officer):
    case = in_screening(officer)
    client.force_login(officer)
    response = verdict(client, case, "plan", "missing")
    assert response.status_code == 200
    assert "請說明缺漏或不符之處，供申請者補正。" in html_of(response)
    assert not DocumentCheck.objects.filter(case=case).exists()


def test_a_verdict_outside_the_choices_is_refused(client, officer):
    case = in_screening(officer)
    client.force_login(officer)
    response = verdict(client, case, "plan", "maybe")
    assert response.status_code == 200 and "errorlist" in html_of(response)
    assert not DocumentCheck.objects.filter(case=case).exists()


def test_a_verdict_on_a_document_outside_the_checklist_is_refused(client, officer):
    case = in_screening(officer)
    client.force_login(officer)
    response = client.post(page_url(case, "checks/"), {"kind": "passport", "passport-verdict": "ok"}, follow=True)
    assert "請選擇本年度版本文件檢核表中的文件。" in messages_of(response)
    assert not DocumentCheck.objects.filter(case=case).exists()


def test_a_verdict_before_screening_is_refused(client, officer):
    case = submitted()
    client.force_login(officer)
    response = verdict(client, case, "plan", "ok")
    assert response.status_code == 200
    assert "案件於文件審查中時方可檢核文件。" in html_of(response)
    assert not DocumentCheck.objects.filter(case=case).exists()


def test_a_newer_upload_marks_the_verdict_as_given_on_an_older_version(client, officer):
    case = in_screening(officer)
    client.force_login(officer)
    verdict(client, case, "plan", "wrong", "缺少簽章")
    client.post(page_url(case, "supplement/"), {"reason": "請補簽章", "documents": ["plan"]})
    services.document_upload(actor=case.counsellor, case=case, kind="plan", upload=upload("plan-signed.pdf"))
    html = html_of(client.get(page_url(case)))
    assert "此審查結果之後已上傳較新的版本。" in html


# --- passing screening ------------------------------------------------------------------------------


def test_pass_screening_is_refused_while_a_document_is_marked_missing(client, officer):
    case = in_screening(officer)
    client.force_login(officer)
    verdict(client, case, "review_slides", "missing", "未附簡報")
    response = client.post(page_url(case, "actions/pass_screening/"), follow=True)
    shown = messages_of(response)
    assert f"文件檢核表仍有下列文件標示為缺漏或不符：{LABELS['review_slides']}。" in shown
    assert not any("review_slides" in message for message in shown)
    assert reload(case).status == CaseStatus.SCREENING


def test_pass_screening_moves_the_case_to_review(client, officer):
    case = in_screening(officer)
    client.force_login(officer)
    for kind in LABELS:
        verdict(client, case, kind, "ok")
    response = client.post(page_url(case, "actions/pass_screening/"), follow=True)
    assert "已完成：文件審查通過。" in messages_of(response)
    assert reload(case).status == CaseStatus.UNDER_REVIEW
    assert "計畫辦公室在此頁無須處理" in html_of(response)


# --- supplement requests ----------------------------------------------------------------------------


def test_the_due_date_shown_before_sending_is_the_one_stored(client, officer):
    case = in_screening(officer)
    client.force_login(officer)
    today = timezone.localdate()
    expected = deadline_compute(start=today, working_days=10)  # machinery: 10 working days, notice day = day 1
    with translation.override("zh-hant"):
        shown = roc_date(expected)
    html = html_of(client.get(page_url(case)))
    assert f"若於今日通知，依本年度版本「文件補件（含通知當日）」之期限，補件期限為 <strong>{shown}</strong>。" in html
    assert 'name="due"' not in html  # the edition decides the date: nothing to type
    response = client.post(
        page_url(case, "supplement/"),
        {"reason": "簡報缺少第 2 部分", "documents": ["review_slides"], "other": "補充說明能耗模組\n\n  "},
        follow=True,
    )
    request = SupplementRequest.objects.get(case=case)
    assert request.due == expected and reload(case).due == expected
    assert request.items == ["review_slides", "補充說明能耗模組"]
    assert case.status == CaseStatus.SUPPLEMENT_REQUESTED
    assert f"已通知補件，期限為 {shown}。" in messages_of(response)
    history = html_of(response)
    assert LABELS["review_slides"] in history and "補充說明能耗模組" in history and "等待申請者補件" in history


def test_the_due_date_preview_counts_working_days_from_the_day_of_notice():
    """Friday 24 January 2025 is day 1; the Lunar New Year days off (25 January – 2 February) do not count,
    Saturday 8 February is a make-up working day: the tenth working day is Wednesday 12 February."""
    case = machinery_case(documents=False)
    assert supplement_due_preview(case, today=datetime.date(2025, 1, 24)) == datetime.date(2025, 2, 12)
    assert supplement_due_preview(case, today=datetime.date(2025, 3, 3)) == datetime.date(2025, 3, 14)


def test_a_supplement_request_without_items_is_refused(client, officer):
    case = in_screening(officer)
    client.force_login(officer)
    response = client.post(page_url(case, "supplement/"), {"reason": "請補件", "other": "  \n "})
    assert response.status_code == 200
    assert "請列出應補正事項（每項為一份文件或一段簡短說明）。" in html_of(response)
    assert reload(case).status == CaseStatus.SCREENING and not SupplementRequest.objects.exists()


def test_a_supplement_request_without_a_reason_is_refused(client, officer):
    case = in_screening(officer)
    client.force_login(officer)
    response = client.post(page_url(case, "supplement/"), {"reason": "  ", "documents": ["plan"]})
    assert response.status_code == 200 and "errorlist" in html_of(response)
    assert reload(case).status == CaseStatus.SCREENING and not SupplementRequest.objects.exists()


def test_a_supplement_item_too_long_is_refused(client, officer):
    case = in_screening(officer)
    client.force_login(officer)
    response = client.post(page_url(case, "supplement/"), {"reason": "請補件", "other": "長" * 501})
    assert "請填寫文件或簡短說明（最多 500 字）。" in html_of(response)
    assert reload(case).status == CaseStatus.SCREENING and not SupplementRequest.objects.exists()


def test_a_supplement_request_outside_screening_is_refused(client, officer):
    case = submitted()
    client.force_login(officer)
    response = client.post(page_url(case, "supplement/"), {"reason": "請補件", "documents": ["plan"]})
    assert response.status_code == 200
    assert "案件狀態為「已送出」時無法「通知補件」。" in html_of(response)
    assert reload(case).status == CaseStatus.SUBMITTED and not SupplementRequest.objects.exists()


def test_supplement_answered_shows_in_the_history(client, officer):
    case = in_screening(officer)
    client.force_login(officer)
    client.post(page_url(case, "supplement/"), {"reason": "請補簡報", "documents": ["review_slides"]})
    services.case_transition(
        actor=case.counsellor, case=case, action="supplement", payload={"answer": "已補上完整簡報"}
    )
    html = html_of(client.get(page_url(case)))
    assert "已補上完整簡報" in html and "等待申請者補件" not in html
    assert reload(case).status == CaseStatus.SCREENING


# --- an edition without a supplement deadline -------------------------------------------------------


def test_an_edition_without_a_deadline_asks_the_officer_for_the_date(client, officer):
    case = lean_case_in_screening()
    client.force_login(officer)
    html = html_of(client.get(page_url(case)))
    assert 'name="due"' in html and "若於今日通知" not in html
    due = timezone.localdate() + datetime.timedelta(days=14)
    client.post(page_url(case, "supplement/"), {"reason": "請補件", "other": "補充財務報表", "due": due.isoformat()})
    assert SupplementRequest.objects.get(case=case).due == due
    assert reload(case).status == CaseStatus.SUPPLEMENT_REQUESTED


@pytest.mark.parametrize(
    ("due", "message"),
    [
        ("", "本年度版本未訂補件期限，請填寫補件期限。"),
        ("today", "補件期限須晚於今日。"),
        ("not-a-date", "輸入有效的日期"),
    ],
)
def test_an_edition_without_a_deadline_refuses_a_missing_or_past_date(client, officer, due, message):
    case = lean_case_in_screening()
    if due == "today":
        due = timezone.localdate().isoformat()
    client.force_login(officer)
    response = client.post(page_url(case, "supplement/"), {"reason": "請補件", "other": "補充財務報表", "due": due})
    assert response.status_code == 200 and message in html_of(response)
    assert reload(case).status == CaseStatus.SCREENING and not SupplementRequest.objects.exists()
