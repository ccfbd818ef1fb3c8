"""The proposal PDF on the case workspace: who may ask for and download it (per role), one job per request under
way, the panel's progress, and what the services refuse. Tasks run in-process here (eager); the real worker's
tests are in test_proposal_pdf.py."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from applications.models import ProposalJob
from applications.proposals import services
from portal.jobs import job_open, job_transition
from portal.models import JobStatus, Role
from tests.applications.builders import applicant_for, machinery_counsellor
from tests.applications.proposal_data import full_machinery_case
from tests.factories import UserFactory
from tests.helpers import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    return full_machinery_case()


@pytest.fixture
def printed(case, media_proposals, django_capture_on_commit_callbacks):
    """The case with a PDF printed in-process (the eager task runs when the request commits)."""
    with django_capture_on_commit_callbacks(execute=True):
        job = services.proposal_request(actor=case.applicant, case=case, language="zh-hant")
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    return case, job


def urls(case, job) -> dict[str, tuple[str, str]]:
    return {
        "panel": ("get", reverse("case-proposal-jobs", args=[case.pk])),
        "request": ("post", reverse("case-proposal-jobs", args=[case.pk])),
        "download": ("get", reverse("case-proposal-download", args=[case.pk, job.pk])),
        "retry": ("post", reverse("case-proposal-retry", args=[case.pk, job.pk])),
    }


def people(case) -> dict[str, object]:
    return {
        "applicant of the case": case.applicant,
        "counsellor of the case": case.counsellor,
        "officer": UserFactory(role=Role.OFFICER),
        "another company's applicant": applicant_for(),
        "another unit's counsellor": machinery_counsellor(),
        "unassigned reviewer": UserFactory(role=Role.REVIEWER),
    }


ALLOWED = {"applicant of the case", "counsellor of the case", "officer"}


def test_who_may_print_and_download_is_who_may_see_the_case(printed, client):
    case, job = printed
    for who, user in people(case).items():
        client.force_login(user)
        for name, (method, url) in urls(case, job).items():
            before = ProposalJob.objects.count()
            response = getattr(client, method)(url, HTTP_HX_REQUEST="true")
            expected = 200 if who in ALLOWED else 404
            assert response.status_code == expected, (who, name, response.status_code)
            if who not in ALLOWED:
                assert ProposalJob.objects.count() == before, (who, name)  # nothing asked for
        client.logout()
    for name, (method, url) in urls(case, job).items():
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), name


def test_the_download_is_the_pdf_as_an_attachment(printed, client):
    case, job = printed
    client.force_login(case.counsellor)
    response = client.get(reverse("case-proposal-download", args=[case.pk, job.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"] and case.reference in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_job_is_reached_only_through_its_own_case(printed, client):
    case, job = printed
    other = full_machinery_case(counsellor=case.counsellor)  # same unit: the counsellor sees both cases
    client.force_login(case.counsellor)
    assert client.get(reverse("case-proposal-download", args=[other.pk, job.pk])).status_code == 404
    assert client.post(reverse("case-proposal-retry", args=[other.pk, job.pk])).status_code == 404
    assert client.get(reverse("case-proposal-download", args=[case.pk, job.pk + 1000])).status_code == 404


def test_a_pdf_not_ready_is_not_downloadable(case, client):
    job = job_open(job=ProposalJob(case=case, language="zh-hant"), actor=case.applicant)
    client.force_login(case.applicant)
    assert client.get(reverse("case-proposal-download", args=[case.pk, job.pk])).status_code == 404


def test_a_request_while_one_is_under_way_reuses_it(case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        first = services.proposal_request(actor=case.applicant, case=case, language="zh-hant")
        again = services.proposal_request(actor=case.counsellor, case=case, language="zh-hant")
    assert again.pk == first.pk and len(queued) == 1  # one job, one task sent
    job_transition(job=first, to=JobStatus.RUNNING)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert services.proposal_request(actor=case.applicant, case=case, language="zh-hant").pk == first.pk
        english = services.proposal_request(actor=case.applicant, case=case, language="en")
    assert english.pk != first.pk and len(queued) == 1
    assert ProposalJob.objects.filter(case=case).count() == 2


def test_a_draft_is_printed_anew_each_time(printed, django_capture_on_commit_callbacks):
    """A draft's PDF is not kept: its contents and its check may change at any moment."""
    case, job = printed
    with django_capture_on_commit_callbacks(execute=False):
        again = services.proposal_request(actor=case.applicant, case=case, language="zh-hant")
    assert again.pk != job.pk and again.status == JobStatus.QUEUED


def test_retry_queues_a_failed_job_and_nothing_else(case, django_capture_on_commit_callbacks):
    job = job_open(job=ProposalJob(case=case, language="zh-hant"), actor=case.applicant)
    with django_capture_on_commit_callbacks(execute=False) as queued:  # clicked twice: the job under way itself
        assert services.proposal_retry(actor=case.applicant, job=job).pk == job.pk
    assert queued == [] and ProposalJob.objects.get(pk=job.pk).events.count() == 1
    job_transition(job=job, to=JobStatus.RUNNING)
    job_transition(job=job, to=JobStatus.FAILED, error="x")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        retried = services.proposal_retry(actor=case.applicant, job=job)
    assert retried.status == JobStatus.QUEUED and retried.error == "" and len(queued) == 1
    # a failed job whose case and language has another request under way: that request, not a second one
    job_transition(job=retried, to=JobStatus.RUNNING)
    job_transition(job=retried, to=JobStatus.FAILED, error="x")
    with django_capture_on_commit_callbacks(execute=False):
        active = services.proposal_request(actor=case.applicant, case=case, language="zh-hant")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert services.proposal_retry(actor=case.applicant, job=retried).pk == active.pk
    assert queued == [] and ProposalJob.objects.get(pk=retried.pk).status == JobStatus.FAILED


def test_only_a_failed_pdf_is_tried_again(printed):
    case, job = printed
    with pytest.raises(ValidationError):
        services.proposal_retry(actor=case.applicant, job=job)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 1


def test_the_services_refuse_who_may_not_see_the_case(case):
    job = job_open(job=ProposalJob(case=case, language="zh-hant"), actor=case.applicant)
    for user in (applicant_for(), machinery_counsellor(), UserFactory(role=Role.REVIEWER), AnonymousUser()):
        with pytest.raises(PermissionDenied):
            services.proposal_request(actor=user, case=case, language="zh-hant")
        with pytest.raises(PermissionDenied):
            services.proposal_retry(actor=user, job=job)
    with pytest.raises(ValueError):
        services.proposal_request(actor=case.applicant, case=case, language="fr")
    assert ProposalJob.objects.count() == 1


def test_the_panel_shows_progress_and_polls_while_a_pdf_is_made(case, client):
    job = job_open(job=ProposalJob(case=case, language="zh-hant"), actor=case.applicant)
    job_transition(job=job, to=JobStatus.RUNNING, progress=40, message="計畫書已排版")
    client.force_login(case.applicant)
    panel = client.get(reverse("case-proposal-jobs", args=[case.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' in panel and 'value="40"' in panel and "計畫書已排版" in panel
    assert "<html" not in panel  # the fragment, for htmx
    assert '<p id="proposal-status" hx-swap-oob="innerHTML">計畫書 PDF 產製中（40 %）。</p>' in panel
    job_transition(job=job, to=JobStatus.FAILED, error="計畫書 PDF 無法產製：測試。")
    panel = client.get(reverse("case-proposal-jobs", args=[case.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "every 2s" not in panel and "計畫書 PDF 無法產製：測試。" in panel
    assert '<p id="proposal-status" hx-swap-oob="innerHTML">計畫書 PDF 無法產製。</p>' in panel
    assert reverse("case-proposal-retry", args=[case.pk, job.pk]) in panel
    page = client.get(reverse("case-proposal-jobs", args=[case.pk])).content.decode()  # without JavaScript
    assert "<html" in page and reverse("case-detail", args=[case.pk]) in page
    assert page.count('id="proposal-status"') == 1  # the live region, empty until htmx says what happened
    assert '<p id="proposal-status" class="small muted" role="status" aria-live="polite"></p>' in page


def test_asking_without_javascript_comes_back_to_the_page(case, client, django_capture_on_commit_callbacks):
    client.force_login(case.counsellor)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("case-proposal-jobs", args=[case.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("case-proposal-jobs", args=[case.pk])
    assert ProposalJob.objects.get(case=case).requested_by == case.counsellor


def test_the_workspace_links_to_the_panel(case, client):
    client.force_login(case.applicant)
    page = client.get(reverse("case-detail", args=[case.pk])).content.decode()
    assert f'hx-get="{reverse("case-proposal-jobs", args=[case.pk])}"' in page


def test_the_panel_runs_the_same_queries_however_many_pdfs(case, client):
    client.force_login(case.applicant)

    def grow(n):
        while ProposalJob.objects.filter(case=case).count() < n:
            job = job_open(job=ProposalJob(case=case, language="zh-hant"), actor=case.applicant)
            job_transition(job=job, to=JobStatus.FAILED, error="x")

    assert_constant_queries(
        lambda: client.get(reverse("case-proposal-jobs", args=[case.pk]), HTTP_HX_REQUEST="true"), grow, sizes=(2, 12)
    )
