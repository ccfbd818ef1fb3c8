"""portal/jobs.py: the one way a background job's status changes — the transition table, the locked row, an
event in the same transaction. Portal defines no concrete job of its own; carbon's report and import jobs
(two different models) stand in for every app's."""

import itertools

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from carbon.models import ImportJob, ReportJob
from carbon.reports.services import report_start
from carbon.reports.tasks import report_render
from portal.jobs import NEW, TRANSITIONS, job_open, job_transition
from portal.models import JobEvent, JobStatus
from tests.carbon.factories import InventoryFactory, ReportJobFactory, carbon_library_load

pytestmark = pytest.mark.django_db

STATUSES = [s.value for s in JobStatus]
ALLOWED = {
    (JobStatus.QUEUED, JobStatus.RUNNING), (JobStatus.QUEUED, JobStatus.FAILED),
    (JobStatus.RUNNING, JobStatus.RUNNING), (JobStatus.RUNNING, JobStatus.SUCCEEDED),
    (JobStatus.RUNNING, JobStatus.FAILED), (JobStatus.FAILED, JobStatus.QUEUED),
}  # fmt: skip


@pytest.fixture
def inventory(db):
    carbon_library_load()
    return InventoryFactory()


def events_of(job) -> list[tuple[str, str]]:
    rows = JobEvent.objects.filter(job_type=ContentType.objects.get_for_model(job), job_id=job.pk)
    return list(rows.values_list("from_status", "to_status"))


def test_the_table_is_the_documented_one():
    moves = {(a, b) for a, targets in TRANSITIONS.items() if a != NEW for b in targets}
    assert moves == ALLOWED
    assert TRANSITIONS[NEW] == {JobStatus.QUEUED}
    assert TRANSITIONS[JobStatus.SUCCEEDED] == frozenset()  # done is done


@pytest.mark.parametrize(("start", "to"), list(itertools.product(STATUSES, STATUSES)))
def test_each_move_is_allowed_or_refused_by_the_table(inventory, start, to):
    job = ReportJobFactory(inventory=inventory, status=start, file="reports/x.pdf", attempts=1)
    moved = job_transition(job=job, to=to, file="reports/x.pdf")
    job.refresh_from_db()
    if (start, to) in ALLOWED:
        assert moved is not None and moved.status == to == job.status
        assert events_of(job) == [(start, to)]
    else:
        assert moved is None
        assert job.status == start and events_of(job) == []  # nothing changed, nothing recorded


def test_open_queues_a_new_job_with_its_first_event(inventory, applicant):
    job = job_open(
        job=ReportJob(inventory=inventory, calculation=ReportJobFactory(inventory=inventory).calculation),
        actor=applicant,
    )
    assert (job.status, job.requested_by) == (JobStatus.QUEUED, applicant)
    event = JobEvent.objects.get(job_id=job.pk, job_type=ContentType.objects.get_for_model(ReportJob))
    assert (event.from_status, event.to_status, event.actor, event.job) == (NEW, JobStatus.QUEUED, applicant, job)
    with pytest.raises(ValueError):
        job_open(job=job, actor=applicant)  # a saved job moves by job_transition only


def test_events_belong_to_their_own_kind_of_job(inventory, applicant):
    """A report job and an import job with the same id keep their own events (the content type tells them apart)."""
    report = job_open(job=ReportJobFactory.build(inventory=inventory), actor=applicant)
    upload = ImportJob(inventory=inventory, upload="imports/a.xlsx", filename="a.xlsx")
    imported = job_open(job=upload, actor=applicant)
    ImportJob.objects.filter(pk=imported.pk).update(id=report.pk)
    imported = ImportJob.objects.get(pk=report.pk)
    JobEvent.objects.filter(job_type=ContentType.objects.get_for_model(ImportJob)).update(job_id=report.pk)
    job_transition(job=report, to=JobStatus.RUNNING)
    assert events_of(report) == [(NEW, JobStatus.QUEUED), (JobStatus.QUEUED, JobStatus.RUNNING)]
    assert events_of(imported) == [(NEW, JobStatus.QUEUED)]
    assert list(report.events.values_list("to_status", flat=True)) == [JobStatus.QUEUED, JobStatus.RUNNING]


def test_the_implied_fields_of_each_move(inventory, applicant):
    job = ReportJobFactory(inventory=inventory, status=JobStatus.QUEUED)
    running = job_transition(job=job, to=JobStatus.RUNNING, message="Started")
    assert (running.attempts, running.started_at is not None, running.finished_at) == (1, True, None)
    failed = job_transition(job=running, to=JobStatus.FAILED, error="disk full", message="Failed")
    assert failed.finished_at is not None and failed.error == "disk full"
    queued = job_transition(job=failed, to=JobStatus.QUEUED, actor=applicant)
    assert (queued.progress, queued.message, queued.error, queued.finished_at) == (0, "", "", None)
    again = job_transition(job=queued, to=JobStatus.RUNNING)
    assert again.attempts == 2
    notes = list(JobEvent.objects.filter(job_id=job.pk).order_by("id").values_list("note", "actor", "attempt"))
    assert notes == [("Started", None, 1), ("disk full", None, 1), ("", applicant.pk, 1), ("", None, 2)]


def test_the_row_decides_not_the_copy_in_memory(inventory):
    """A stale instance (still queued in memory) cannot move a job another process has finished."""
    job = ReportJobFactory(inventory=inventory, status=JobStatus.QUEUED)
    ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.SUCCEEDED, file="reports/x.pdf")
    assert job_transition(job=job, to=JobStatus.RUNNING) is None
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and events_of(job) == []


def test_a_gone_job_is_not_moved(inventory):
    job = ReportJobFactory(inventory=inventory)
    ReportJob.objects.filter(pk=job.pk).delete()
    assert job_transition(job=job, to=JobStatus.RUNNING) is None
    assert events_of(job) == []


def test_the_event_and_the_change_commit_together(inventory):
    job = ReportJobFactory(inventory=inventory, status=JobStatus.QUEUED)
    with pytest.raises(RuntimeError), transaction.atomic():
        job_transition(job=job, to=JobStatus.RUNNING)
        raise RuntimeError("the caller's transaction fails")
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and events_of(job) == []


def test_a_redelivered_task_finds_its_job_done_and_changes_nothing(inventory):
    job = ReportJobFactory(inventory=inventory, status=JobStatus.SUCCEEDED, file="reports/x.pdf", attempts=1)
    assert report_start(job_id=job.pk) is None
    assert report_render(job.pk) == "nothing to do"
    job.refresh_from_db()
    assert (job.status, job.attempts, job.file.name) == (JobStatus.SUCCEEDED, 1, "reports/x.pdf")
    assert events_of(job) == []


def test_deleting_a_job_deletes_its_events(inventory, applicant):
    job = job_open(job=ReportJobFactory.build(inventory=inventory), actor=applicant)
    assert JobEvent.objects.count() == 1
    job.delete()
    assert JobEvent.objects.count() == 0
