"""The decision letter: a job opened with the decision, rendered to PDF by a worker (in-process here, a real
worker process in the last test), its progress visible, the file served only to whoever may see the decision."""

import subprocess
import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.jobs import job_transition
from portal.models import JobEvent, JobStatus, Role
from reviews import services
from reviews.models import DecisionLetter
from tests.factories import UserFactory

from .builders import FAIR, GOOD, assign, decide, reviewer, score, under_review


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def decided(*, verdict="approve"):
    case = under_review()
    first, second = reviewer(), reviewer()
    for person, values, comment in ((first, GOOD, "請補充能耗基線"), (second, FAIR, "訓練場次宜具體")):
        assign(case, person)
        score(case, person, values, comment=comment)
    if verdict == "approve":
        decide(case, decision="approve", approved_gov=3_200_000, reason="依審查委員評分酌減補助經費")
    else:
        decide(case, decision="reject", reason="預期效益不明確")
    return case


@pytest.mark.django_db
def test_the_letter_is_made_with_the_decision(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = decided()
    job = DecisionLetter.objects.get(decision__case=case)
    assert job.status == JobStatus.SUCCEEDED and job.progress == 100 and job.file.name.endswith(".pdf")
    assert job.requested_by == case.office and job.language == "zh-hant"
    assert list(JobEvent.objects.filter(job_id=job.pk).values_list("to_status", flat=True)) == [
        JobStatus.QUEUED,
        JobStatus.RUNNING,
        JobStatus.SUCCEEDED,
    ]
    client.force_login(case.applicant)
    response = client.get(reverse("review-letter-download", args=[case.pk, job.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(job.file.path)
    for expected in (
        "審查結果通知函",
        case.reference,
        "3,200,000",
        "依審查委員評分酌減補助經費",
        "請補充能耗基線",
        "訓練場次宜具體",
    ):
        assert expected in text, expected
    panel = client.get(reverse("review-letters", args=[case.pk])).content.decode()
    assert reverse("review-letter-download", args=[case.pk, job.pk]) in panel
    assert "letter-status" not in panel  # said only to htmx, into the page's live region
    panel = client.get(reverse("review-letters", args=[case.pk]), headers={"HX-Request": "true"}).content.decode()
    assert '<p id="letter-status" hx-swap-oob="innerHTML">審查結果通知函已產製完成。</p>' in panel


@pytest.mark.django_db
def test_a_rejection_letter(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = decided(verdict="reject")
    text = pdf_text(DecisionLetter.objects.get(decision__case=case).file.path)
    assert "未獲核定" in text or "不予" in text or "not approved" in text.lower()
    assert "預期效益不明確" in text


@pytest.mark.django_db
def test_only_whoever_sees_the_decision_gets_the_letter(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = decided()
    job = DecisionLetter.objects.get(decision__case=case)
    url = reverse("review-letter-download", args=[case.pk, job.pk])
    for user, status in (
        (case.office, 200),
        (case.counsellor, 200),
        (UserFactory(role=Role.APPLICANT), 404),
        (reviewer(), 404),
    ):
        client.force_login(user)
        assert client.get(url).status_code == status
    assigned = case.assignments.first().reviewer
    client.force_login(assigned)
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_a_failed_letter_is_made_again_by_the_office(client, django_capture_on_commit_callbacks):
    case = decided()  # the letter is queued but its task not run (the callbacks are not executed)
    job = DecisionLetter.objects.get(decision__case=case)
    job_transition(job=job, to=JobStatus.FAILED, error="the disk was full")
    client.force_login(case.applicant)
    retry = reverse("review-letter-retry", args=[case.pk, job.pk])
    assert client.post(retry).status_code == 403
    client.force_login(case.office)
    assert "the disk was full" in client.get(reverse("review-letters", args=[case.pk])).content.decode()
    panel = client.get(reverse("review-letters", args=[case.pk]), headers={"HX-Request": "true"}).content.decode()
    assert '<p id="letter-status" hx-swap-oob="innerHTML">審查結果通知函無法產製。</p>' in panel
    page = client.get(reverse("review-decision", args=[case.pk])).content.decode()
    assert page.count('id="letter-status"') == 1 and 'role="status" aria-live="polite"' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(retry)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 1
    with pytest.raises(ValidationError):  # only a failed letter is made again
        services.letter_retry(actor=case.office, job=job)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_renders_the_letter(worker):
    case = decided()  # on_commit hands the job to the worker process
    job = DecisionLetter.objects.get(decision__case=case)
    deadline = time.monotonic() + 90
    while job.status not in (JobStatus.SUCCEEDED, JobStatus.FAILED) and time.monotonic() < deadline:
        time.sleep(0.5)
        job.refresh_from_db()
    worker["log"].seek(0)
    assert job.status == JobStatus.SUCCEEDED, (job.status, job.error, worker["log"].read()[-3000:])
    assert "3,200,000" in pdf_text(job.file.path)
