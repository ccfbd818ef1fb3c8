"""A lean-2026 company files its own case through the API: no counselling unit, no consent, the edition's
required documents, submitted."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from applications.models import Case
from programs.models import RuleEvaluation
from programs.rulesets import ruleset_for
from programs.selectors import edition_current
from tests.applications.api_support import CASES, action_url, case_url, send
from tests.applications.builders import PDF_BYTES, applicant_for

pytestmark = pytest.mark.django_db

LEAN_BODY = {
    "edition": "lean-2026-basic",
    "title": "沖壓產線精實改善與知識庫建置",
    "period": {"start": "2026-03-02", "end": "2026-09-30"},
    "budget": {
        "lines": [
            {"code": "personnel", "gov": 200000, "self": 300000},
            {"code": "business", "gov": 250000, "self": 250000},
            {"code": "consumables", "gov": 50000, "self": 0},
        ]
    },
    "facts": {
        "pi_first_level_executive": True,
        "contact_formal_employee": True,
        "staff_without_labour_insurance": 0,
        "staff_retired_uninsured": 0,
        "consultant_roles": ["lean_production", "digital_lean"],
        "business_fee_consultants_only": True,
        "knowledge_base": ["value_stream_map", "a3_report", "standard_work"],
        "slides_current_vsm": True,
        "slides_kpi_before_after": True,
    },
    "needs": "換模時間平均 95 分鐘，在製品堆積，交期達成率 82%。",
    "solution": "以價值流圖找出浪費，導入 SMED 與看板，建立 A3 報告與作業標準書資料庫。",
    "checkpoints": [
        {"date": "2026-05-31", "item": "現況價值流圖與改善主題確認", "percent": "30"},
        {"date": "2026-07-31", "item": "SMED 與看板導入", "percent": "70"},
        {"date": "2026-09-30", "item": "知識庫建置與成效驗證", "percent": "100"},
    ],
    "staff": [
        {"name": "陳總經理", "email": "ceo@firm.example.tw", "role": "pi", "person_months": "3"},
        {"name": "黃課長", "email": "lead@firm.example.tw", "role": "staff", "person_months": "6"},
    ],
    "declarations": {"truthful": True, "personal_data": True},
}


def test_a_lean_company_files_its_own_case(api_client):
    applicant = applicant_for()
    api_client.force_authenticate(applicant)
    created = send(api_client, "post", CASES, LEAN_BODY)
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["company"], body["unit"], body["status"]) == (applicant.company_id, None, "draft")
    assert body["budget"]["valid"] is True
    assert body["requested_gov"] == 500_000 and body["budget"]["totals"]["self"] == 550_000
    rules = {o["rule"] for o in body["check"]["outcomes"]}
    assert "company_consent" not in rules and "unit_chosen" not in rules  # the company files itself
    (missing,) = [o for o in body["check"]["outcomes"] if o["rule"] == "documents_uploaded"]
    assert missing["passed"] is False
    case = Case.objects.get(pk=body["id"])
    assert not case.drafted_by_unit and not case.needs_consent

    # not yet: the documents are missing, and the refusal says which
    refused = send(api_client, "post", action_url(case, "submit"), {})
    assert refused.status_code == 400
    failing = [o for o in refused.json()["outcomes"] if not o["passed"] and o["level"] == "error"]
    assert [o["rule"] for o in failing] == ["documents_uploaded"], failing

    documents = ruleset_for(edition_current(code="lean-2026-basic")).documents
    assert len(documents) == 7
    for item in documents:
        content = PDF_BYTES + f"% {item.code}".encode()
        upload = SimpleUploadedFile(f"{item.code}.pdf", content, content_type="application/pdf")
        response = api_client.post(case_url(case, "documents"), {"kind": item.code, "file": upload})
        assert response.status_code == 201, response.json()
        assert response.json()["sha256"] == hashlib.sha256(content).hexdigest()
    assert api_client.get(case_url(case)).json()["check"]["ready"] is True

    submitted = send(api_client, "post", action_url(case, "submit"), {})
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "submitted"
    evaluation = RuleEvaluation.objects.get(subject_type="case", subject_id=str(case.pk))
    assert evaluation.passed and evaluation.edition.code == "lean-2026-basic"
    outcomes = {o["rule"]: o for o in submitted.json()["check"]["outcomes"]}
    assert outcomes["one_case_per_year"]["passed"] is True
    assert outcomes["person_month_limit"]["passed"] is True
    events = api_client.get(case_url(case, "events")).json()["results"]
    assert [(e["action"], e["from"], e["to"], e["actor"]) for e in events] == [
        ("submit", "draft", "submitted", applicant.email)
    ]


def test_the_basic_and_advanced_tracks_count_together(api_client):
    """每申請單位以申請 1 案為限: a company with a filed basic-track case is refused on the advanced track."""
    applicant = applicant_for()
    api_client.force_authenticate(applicant)
    case = Case.objects.get(pk=send(api_client, "post", CASES, LEAN_BODY).json()["id"])
    for item in ruleset_for(case.edition).documents:
        upload = SimpleUploadedFile(f"{item.code}.pdf", PDF_BYTES, content_type="application/pdf")
        api_client.post(case_url(case, "documents"), {"kind": item.code, "file": upload})
    assert send(api_client, "post", action_url(case, "submit"), {}).status_code == 200

    advanced = send(api_client, "post", CASES, {"edition": "lean-2026-advanced", "title": "進階"})
    assert advanced.status_code == 201  # a draft may be written
    (rule,) = [o for o in advanced.json()["check"]["outcomes"] if o["rule"] == "one_case_per_year"]
    assert rule["passed"] is False and rule["level"] == "error"
    assert rule["values"]["cases_this_year"] == 1
