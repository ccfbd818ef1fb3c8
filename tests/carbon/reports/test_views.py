"""The report-jobs panel, the download and the retry: who may do what, and what the page shows."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from carbon.models import ReportJob
from carbon.reports.tasks import report_file_name, report_render
from portal.models import JobStatus
from portal.pdf import STEP_LAYOUT
from tests.carbon.factories import ReportJobFactory, report_demo_inventory
from tests.carbon.reports.helpers import pdf_text, squeeze
from tests.factories import UserFactory
from tests.helpers import assert_constant_queries

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def inventory(applicant):
    return report_demo_inventory(company=applicant.company)


def done_job(inventory) -> ReportJob:
    job = ReportJobFactory(inventory=inventory)
    job.file.storage.save(report_file_name(job), ContentFile(b"%PDF-1.7\n% test\n"))
    ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.SUCCEEDED, progress=100, file=report_file_name(job))
    return ReportJob.objects.get(pk=job.pk)


def failed_job(inventory) -> ReportJob:
    job = ReportJobFactory(inventory=inventory)
    ReportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED, error="The report could not be made: disk full."
    )
    return ReportJob.objects.get(pk=job.pk)


def user_of(role: str, request, inventory):
    if role == "owner":
        return request.getfixturevalue("applicant")
    if role == "other_applicant":
        return UserFactory(role="applicant")
    return request.getfixturevalue(role)


ROLES = ["owner", "other_applicant", "counsellor", "reviewer", "officer", "admin_user"]


@pytest.mark.parametrize(("role", "status"), list(zip(ROLES, [200, 403, 403, 403, 200, 200], strict=True)))
def test_panel_by_role(client, request, inventory, role, status):
    client.force_login(user_of(role, request, inventory))
    response = client.get(reverse("carbon-report-jobs", args=[inventory.pk]), **HTMX)
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        can_request = role in ("owner", "admin_user")
        assert (f'hx-post="{reverse("carbon-report-jobs", args=[inventory.pk])}"' in html) is can_request


@pytest.mark.parametrize(("role", "status"), list(zip(ROLES, [200, 403, 403, 403, 403, 200], strict=True)))
def test_request_a_report_by_role(client, request, inventory, role, status):
    client.force_login(user_of(role, request, inventory))
    response = client.post(reverse("carbon-report-jobs", args=[inventory.pk]), **HTMX)
    assert response.status_code == status
    assert ReportJob.objects.count() == (1 if status == 200 else 0)
    if status == 200:
        job = ReportJob.objects.get()
        assert job.status == JobStatus.QUEUED and job.language == "zh-hant" and job.calculation.inventory == inventory
        html = response.content.decode()
        assert 'hx-trigger="every 2s"' in html and f'id="report-job-{job.pk}"' in html


def test_anonymous_is_sent_to_log_in(client, inventory):
    job = done_job(inventory)
    for url in (reverse("carbon-report-jobs", args=[inventory.pk]), reverse("carbon-report-download", args=[job.pk])):
        assert client.get(url).status_code == 302
    assert client.post(reverse("carbon-report-retry", args=[job.pk])).status_code == 302


def test_request_follows_the_language_and_without_htmx_returns_to_the_workspace(client, applicant, inventory):
    client.force_login(applicant)
    response = client.post(reverse("carbon-report-jobs", args=[inventory.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302 and response["Location"] == reverse("carbon-inventory", args=[inventory.pk])
    assert ReportJob.objects.get().language == "en"


def test_english_report_end_to_end_in_process(client, applicant, inventory, django_capture_on_commit_callbacks):
    """Without a worker (tasks eager, as run.sh runs them): the request renders at once."""
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("carbon-report-jobs", args=[inventory.pk]), HTTP_ACCEPT_LANGUAGE="en", **HTMX)
    job = ReportJob.objects.get()
    assert (job.status, job.progress, job.attempts) == (JobStatus.SUCCEEDED, 100, 1), job.error
    response = client.get(reverse("carbon-report-download", args=[job.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="inventory-{inventory.pk}-job-{job.pk}.pdf"' in response["Content-Disposition"]
    text = pdf_text(job.file.path)
    assert "2024-01-01" in text and "Greenhouse gas inventory report" in text and "民國" not in text
    assert squeeze(job.calculation.results["total"]) in squeeze(text)


def test_panel_shows_each_state(client, applicant, inventory):
    done, failed, queued = done_job(inventory), failed_job(inventory), ReportJobFactory(inventory=inventory)
    ReportJob.objects.filter(pk=queued.pk).update(status=JobStatus.RUNNING, progress=60, message="Report laid out")
    client.force_login(applicant)
    html = client.get(reverse("carbon-report-jobs", args=[inventory.pk]), **HTMX).content.decode()
    assert reverse("carbon-report-download", args=[done.pk]) in html
    assert "disk full" in html and reverse("carbon-report-retry", args=[failed.pk]) in html
    assert 'value="60"' in html and "報告已排版" in html  # the step, in the reader's language
    assert 'hx-trigger="every 2s"' in html  # a job is running: the panel polls itself
    # the latest job's state in words, for the workspace's live region (role status), swapped in out of band
    assert '<p id="report-status" hx-swap-oob="innerHTML">' in html and "報告製作中：報告已排版（60 %）。" in html
    ReportJob.objects.filter(pk=queued.pk).update(progress=55, message=STEP_LAYOUT, pages=7)
    html = client.get(reverse("carbon-report-jobs", args=[inventory.pk]), **HTMX).content.decode()
    assert "逐頁排版中 · 已排版 7 頁" in html and "報告製作中：逐頁排版中，已排版 7 頁（55 %）。" in html
    ReportJob.objects.filter(pk=queued.pk).update(status=JobStatus.SUCCEEDED, progress=100, file=done.file.name)
    html = client.get(reverse("carbon-report-jobs", args=[inventory.pk]), **HTMX).content.decode()
    assert "every 2s" not in html  # nothing left to wait for: polling stops
    assert "最新的報告已備妥（7 頁）。" in html


def test_a_job_s_steps_read_in_the_reader_s_language_whatever_the_report_s(client, applicant, inventory):
    """A report asked for in Chinese, read by someone using the English UI, and the other way round."""
    for language in ("zh-hant", "en"):
        job = ReportJobFactory(inventory=inventory, language=language)
        report_render(job.pk)
    client.force_login(applicant)
    panel = reverse("carbon-report-jobs", args=[inventory.pk])
    zh = client.get(panel, **HTMX).content.decode()
    assert zh.count("完成：共") == 2 and "Done:" not in zh
    client.post("/i18n/setlang/", {"language": "en"})
    en = client.get(panel, **HTMX).content.decode()
    assert en.count("Done: ") == 2 and "完成" not in en and " pages" in en


@pytest.mark.parametrize(("role", "status"), list(zip(ROLES, [200, 403, 403, 403, 200, 200], strict=True)))
def test_download_by_role(client, request, inventory, role, status):
    job = done_job(inventory)
    client.force_login(user_of(role, request, inventory))
    response = client.get(reverse("carbon-report-download", args=[job.pk]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_download_is_404_unless_done(client, applicant, inventory):
    client.force_login(applicant)
    for job in (ReportJobFactory(inventory=inventory), failed_job(inventory)):
        assert client.get(reverse("carbon-report-download", args=[job.pk])).status_code == 404
    job = done_job(inventory)
    job.file.storage.delete(job.file.name)  # the file went missing: 404, not 500
    assert client.get(reverse("carbon-report-download", args=[job.pk])).status_code == 404
    assert client.get(reverse("carbon-report-download", args=[999999])).status_code == 404


@pytest.mark.parametrize(("role", "status"), list(zip(ROLES, [200, 403, 403, 403, 403, 200], strict=True)))
def test_retry_by_role(client, request, inventory, role, status):
    job = failed_job(inventory)
    client.force_login(user_of(role, request, inventory))
    response = client.post(reverse("carbon-report-retry", args=[job.pk]), **HTMX)
    assert response.status_code == status
    job.refresh_from_db()
    assert job.status == (JobStatus.QUEUED if status == 200 else JobStatus.FAILED)
    if status == 200:
        assert job.error == "" and job.progress == 0


def test_retry_only_a_failed_job(client, applicant, inventory):
    job = done_job(inventory)
    client.force_login(applicant)
    assert client.get(reverse("carbon-report-retry", args=[job.pk])).status_code == 405
    response = client.post(reverse("carbon-report-retry", args=[job.pk]), **HTMX)
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.file


def test_a_failed_render_says_why_and_retry_works(client, applicant, inventory, django_capture_on_commit_callbacks):
    """The snapshot lost its figures (a real error inside the render): failed, with the reason; retried after
    a new calculation is the snapshot again, it succeeds."""
    job = ReportJobFactory(inventory=inventory)
    good = dict(job.calculation.results)
    type(job.calculation).objects.filter(pk=job.calculation_id).update(results={"total": good["total"]})
    assert report_render.apply(args=[job.pk]).get() == "failed"
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.attempts == 1 and "by_category" in job.error
    client.force_login(applicant)
    assert "by_category" in client.get(reverse("carbon-report-jobs", args=[inventory.pk]), **HTMX).content.decode()
    type(job.calculation).objects.filter(pk=job.calculation_id).update(results=good)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("carbon-report-retry", args=[job.pk]), **HTMX)
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == (JobStatus.SUCCEEDED, 2, "")


def test_a_job_whose_inventory_was_deleted_is_nothing_to_do(inventory):
    job = ReportJobFactory(inventory=inventory)
    pk = job.pk
    job.delete()
    assert report_render.apply(args=[pk]).get() == "nothing to do"


def test_panel_queries_are_constant(client, applicant, inventory):
    calculation = ReportJobFactory(inventory=inventory).calculation
    client.force_login(applicant)
    url = reverse("carbon-report-jobs", args=[inventory.pk])

    def grow(n: int) -> None:
        more = n - ReportJob.objects.filter(inventory=inventory).count()
        ReportJobFactory.create_batch(more, inventory=inventory, calculation=calculation, requested_by=applicant)

    assert_constant_queries(lambda: client.get(url, **HTMX), grow)
