"""The whole worker SIGKILLed while it renders (issue 15, point 9): its message waits in Redis for the broker's
hour-long visibility timeout and nothing of the worker can mark the job. The beat's sweeper, run by another
real worker, finds the job once it outlived its time, fails it and queues it again: the report is made within
minutes, once, and the job's events tell what happened."""

import time

import pytest
from django.contrib.contenttypes.models import ContentType

from carbon.models import ReportJob
from carbon.reports import services as report_services
from portal.jobs import NEW
from portal.models import JobEvent, JobStatus
from portal.tasks import jobs_expire_task
from tests.carbon.factories import carbon_library_load, report_demo_inventory
from tests.carbon.reports.helpers import wait_for_job
from tests.factories import UserFactory
from tests.workers import worker_running

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
LIMIT = 30  # seconds a render may take, for the workers and the sweeper alike (a real one renders in a few)


def test_the_job_of_a_killed_worker_is_failed_and_made_again_within_minutes(seeded, media_reports, tmp_path, settings):
    settings.JOB_TIME_LIMIT = LIMIT
    env = {"JOB_TIME_LIMIT": str(LIMIT)}
    carbon_library_load()
    user = UserFactory(role="applicant")
    inventory = report_demo_inventory(company=user.company)
    with worker_running(log_path=tmp_path / "first.log", pool="prefork", prefix="test-lost", extra_env=env) as first:
        job = report_services.report_request(actor=user, inventory=inventory, language="zh-hant")
        wait_for_job(job.pk, statuses=(JobStatus.RUNNING,), timeout=60)
        first.kill()
    killed_at = time.monotonic()
    time.sleep(2)
    assert ReportJob.objects.get(pk=job.pk).status == JobStatus.RUNNING  # nothing of the dead worker moved it

    with worker_running(log_path=tmp_path / "second.log", prefix="test-lost", extra_env=env) as second:
        while (job := ReportJob.objects.get(pk=job.pk)).status == JobStatus.RUNNING:
            assert time.monotonic() - killed_at < 3 * 60, second.log_text()[-3000:]
            jobs_expire_task.delay()  # what beat sends every minute, to a real worker
            time.sleep(3)
        job = wait_for_job(job.pk, timeout=120)
        log = second.log_text()
    assert job.status == JobStatus.SUCCEEDED, log[-3000:]
    assert time.monotonic() - killed_at < 4 * 60
    assert job.attempts == 2 and job.file.name and ReportJob.objects.count() == 1
    rows = JobEvent.objects.filter(job_type=ContentType.objects.get_for_model(ReportJob), job_id=job.pk)
    assert list(rows.order_by("id").values_list("from_status", "to_status")) == [
        (NEW, JobStatus.QUEUED),
        (JobStatus.QUEUED, JobStatus.RUNNING),  # the first worker
        (JobStatus.RUNNING, JobStatus.FAILED),
        (JobStatus.FAILED, JobStatus.QUEUED),  # the sweeper
        (JobStatus.QUEUED, JobStatus.RUNNING),
        (JobStatus.RUNNING, JobStatus.SUCCEEDED),  # the second worker
    ]
