"""Background jobs under outage (issue 15, points 5 and 9): a job exists only when its task was queued — with the
broker unreachable the person is told the background service is unavailable and nothing is left behind; a job
whose worker was lost is failed by the sweeper once it outlived its time and queued once more; a person may try
a stuck job again, and is told why when it is still being made.

The broker is made unreachable for real: the Celery app is pointed at a port where nothing listens."""

import datetime
import logging

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from carbon.models import ImportJob, InventoryCalculation, ReportJob
from portal.celery import app as celery_app
from portal.jobs import BackgroundUnavailable, job_open, job_send_on_commit, jobs_expire
from portal.models import JobEvent, JobStatus
from portal.tasks import jobs_expire_task
from tests.carbon.factories import ReportJobFactory, report_demo_inventory
from tests.carbon.imports.workbooks import GOOD_ROWS, upload, xlsx

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
NOWHERE = "redis://127.0.0.1:9/0"  # the discard port: connection refused at once


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def inventory(applicant):
    return report_demo_inventory(company=applicant.company)


def _reset_pools():
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    conf = celery_app.conf
    previous = conf.broker_url, conf.task_always_eager
    conf.broker_url, conf.task_always_eager = NOWHERE, False
    _reset_pools()
    yield
    conf.broker_url, conf.task_always_eager = previous
    _reset_pools()


def job_rows() -> tuple[int, int, int]:
    return ReportJob.objects.count(), ImportJob.objects.count(), JobEvent.objects.count()


def test_a_report_asked_for_while_the_broker_is_down_leaves_nothing(client, applicant, inventory, broker_down):
    client.force_login(applicant)
    calculations = InventoryCalculation.objects.count()
    response = client.post(reverse("carbon-report-jobs", args=[inventory.pk]), **HTMX)
    assert response.status_code == 200
    assert "背景服務暫時無法使用" in response.content.decode()
    assert job_rows() == (0, 0, 0) and InventoryCalculation.objects.count() == calculations
    response = client.post(reverse("carbon-report-jobs", args=[inventory.pk]), follow=True)  # without htmx
    assert "背景服務暫時無法使用" in response.content.decode() and job_rows() == (0, 0, 0)


def test_an_import_uploaded_while_the_broker_is_down_leaves_nothing(
    client, applicant, inventory, broker_down, tmp_path
):
    client.force_login(applicant)
    response = client.post(reverse("carbon-import", args=[inventory.pk]), {"workbook": upload(xlsx(GOOD_ROWS))}, **HTMX)
    assert response.status_code == 200
    assert "背景服務暫時無法使用" in response.content.decode()
    assert job_rows() == (0, 0, 0)
    assert not list(tmp_path.rglob("*.xlsx"))  # the upload was not kept


def test_a_job_whose_task_cannot_be_sent_at_commit_is_deleted_with_its_events_and_file(
    applicant, inventory, broker_down, tmp_path, django_capture_on_commit_callbacks
):
    from carbon.imports.tasks import activity_import

    with pytest.raises(BackgroundUnavailable), django_capture_on_commit_callbacks(execute=True):
        job = job_open(
            job=ImportJob(inventory=inventory, upload=upload(xlsx(GOOD_ROWS)), filename="a.xlsx"), actor=applicant
        )
        job_send_on_commit(job=job, task=activity_import)
        assert list(tmp_path.rglob("*.xlsx"))
    assert job_rows() == (0, 0, 0)
    assert not list(tmp_path.rglob("*.xlsx"))


def test_a_password_reset_while_the_broker_is_down_says_so_for_any_address(client, applicant, broker_down):
    for email in (applicant.email, "nobody@example.tw"):
        response = client.post(reverse("password_reset"), {"email": email})
        assert response.status_code == 200
        assert "背景服務暫時無法使用" in response.content.decode()


def test_the_case_e_mail_lost_to_an_outage_does_not_fail_the_step(caplog):
    from applications.tasks import case_event_notify
    from portal.jobs import task_send_quietly

    conf = celery_app.conf
    previous = conf.broker_url, conf.task_always_eager
    conf.broker_url, conf.task_always_eager = NOWHERE, False
    _reset_pools()
    try:
        with caplog.at_level(logging.WARNING, logger="portal.jobs"):
            assert task_send_quietly(case_event_notify, 1) is False
    finally:
        conf.broker_url, conf.task_always_eager = previous
        _reset_pools()
    assert "not queued (background service unavailable)" in caplog.text


# --- the sweeper ---------------------------------------------------------------------------------------------


def events(job) -> list[tuple[str, str]]:
    rows = JobEvent.objects.filter(job_type=ContentType.objects.get_for_model(job), job_id=job.pk)
    return list(rows.order_by("id").values_list("from_status", "to_status"))


def long_ago(settings, *, running: bool) -> datetime.datetime:
    limit = settings.JOB_TIME_LIMIT if running else settings.JOB_QUEUE_LIMIT
    return timezone.now() - datetime.timedelta(seconds=limit + 120)


def test_a_job_running_past_its_time_fails_and_is_rendered_again(
    settings, inventory, django_capture_on_commit_callbacks
):
    job = ReportJobFactory(
        inventory=inventory,
        status=JobStatus.RUNNING,
        progress=60,
        attempts=1,
        started_at=long_ago(settings, running=True),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs_expire_task() == 1
    job.refresh_from_db()
    assert events(job) == [
        (JobStatus.RUNNING, JobStatus.FAILED),
        (JobStatus.FAILED, JobStatus.QUEUED),
        (JobStatus.QUEUED, JobStatus.RUNNING),
        (JobStatus.RUNNING, JobStatus.SUCCEEDED),
    ]
    assert (job.status, job.attempts) == (JobStatus.SUCCEEDED, 2)


def test_a_job_queued_past_its_time_fails_and_is_queued_again(settings, inventory, django_capture_on_commit_callbacks):
    job = ReportJobFactory(inventory=inventory, status=JobStatus.QUEUED, created_at=long_ago(settings, running=False))
    with django_capture_on_commit_callbacks(execute=True):
        expired = jobs_expire()
    assert [j.pk for j in expired] == [job.pk]
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and events(job)[:2] == [
        (JobStatus.QUEUED, JobStatus.FAILED),
        (JobStatus.FAILED, JobStatus.QUEUED),
    ]


def test_after_its_automatic_attempts_a_lost_job_stays_failed_saying_why(settings, inventory):
    job = ReportJobFactory(
        inventory=inventory,
        status=JobStatus.RUNNING,
        attempts=settings.JOB_AUTOMATIC_ATTEMPTS,
        started_at=long_ago(settings, running=True),
    )
    jobs_expire()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "背景服務" in job.error
    assert events(job) == [(JobStatus.RUNNING, JobStatus.FAILED)]


def test_jobs_within_their_time_and_finished_jobs_are_left_alone(settings, inventory):
    recent = timezone.now() - datetime.timedelta(seconds=settings.JOB_TIME_LIMIT - 60)
    running = ReportJobFactory(inventory=inventory, status=JobStatus.RUNNING, attempts=1, started_at=recent)
    queued = ReportJobFactory(inventory=inventory, status=JobStatus.QUEUED)
    done = ReportJobFactory(
        inventory=inventory,
        status=JobStatus.SUCCEEDED,
        file="reports/x.pdf",
        started_at=long_ago(settings, running=True),
    )
    assert jobs_expire() == []
    assert [events(j) for j in (running, queued, done)] == [[], [], []]


def test_the_sweeper_runs_every_minute_on_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["jobs-expire"]
    assert entry == {"task": jobs_expire_task.name, "schedule": 60}


# --- a person's retry ---------------------------------------------------------------------------------------


def test_a_stuck_report_can_be_tried_again_by_its_owner(
    client, applicant, inventory, settings, django_capture_on_commit_callbacks
):
    job = ReportJobFactory(
        inventory=inventory,
        status=JobStatus.RUNNING,
        progress=60,
        attempts=1,
        started_at=long_ago(settings, running=True),
    )
    client.force_login(applicant)
    panel = client.get(reverse("carbon-report-jobs", args=[inventory.pk]), **HTMX).content.decode()
    assert reverse("carbon-report-retry", args=[job.pk]) in panel  # the button is offered for the stuck job
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("carbon-report-retry", args=[job.pk]), **HTMX)
    assert response.status_code == 200
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.SUCCEEDED, 2)
    assert events(job)[0] == (JobStatus.RUNNING, JobStatus.FAILED)


@pytest.mark.parametrize("htmx", [True, False])
def test_a_report_still_being_made_is_not_queued_twice_and_the_page_says_why(client, applicant, inventory, htmx):
    job = ReportJobFactory(
        inventory=inventory, status=JobStatus.RUNNING, progress=60, attempts=1, started_at=timezone.now()
    )
    client.force_login(applicant)
    panel = client.get(reverse("carbon-report-jobs", args=[inventory.pk]), **HTMX).content.decode()
    assert reverse("carbon-report-retry", args=[job.pk]) not in panel  # no button while it is within its time
    response = client.post(reverse("carbon-report-retry", args=[job.pk]), follow=not htmx, **(HTMX if htmx else {}))
    assert "仍在產製中" in response.content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and events(job) == []
