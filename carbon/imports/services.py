"""Writes of the activity-data import: the upload queued as a job, then everything in one transaction, in bulk,
attributed to the person who uploaded the workbook. The job is marked done in the same transaction, so a job
is applied once; its status changes through portal/jobs.py."""

import contextlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_noop

from carbon.models import ActivityRecord, EmissionSource, ImportJob, Inventory
from carbon.services import calculation_run, inventory_data_changed
from portal.audit import audit_context
from portal.jobs import job_open, job_queue_check, job_send_on_commit, job_transition
from portal.models import JobStatus, User

from .problems import Problem, stored_problems
from .rows import ImportRow
from .selectors import import_sources

BATCH = 2_000  # rows per INSERT

# Phases shown while a job runs (translated when shown: the worker does not know the reader's language)
PHASE_READING = gettext_noop("Reading the workbook")
PHASE_CHECKING = gettext_noop("Checking every row")
PHASE_WRITING = gettext_noop("Writing the activity data")
PHASE_DONE = gettext_noop("Imported")
PHASE_REJECTED = gettext_noop("Nothing was imported: the workbook has problems")
PHASE_CRASHED = gettext_noop("Nothing was imported: the import stopped on an unexpected error")


class ImportNotRunning(Exception):
    """The job was not started (``activity_import_start``) before its rows were applied."""


class ImportConflict(Exception):
    """The inventory changed between reading the file and writing it."""

    def __init__(self, problems: list[Problem]):
        super().__init__("import conflict")
        self.problems = problems


def _recalculate(*, actor: User | None, inventory_id: int) -> None:
    """The totals follow the imported data, in the import's transaction: the page that sees the import done sees
    them too. Data that cannot be calculated (a unit the factor does not take, a gas missing from the GWP set)
    keeps the import and leaves the last calculation marked out of date; calculating by hand says why."""
    with contextlib.suppress(ValidationError):  # calculation_run's own savepoint is rolled back; the import stands
        calculation_run(actor=actor, inventory=Inventory.objects.select_related("gwp_set").get(pk=inventory_id))


@transaction.atomic
def activity_import_apply(*, job: ImportJob, rows: list[ImportRow]) -> ImportJob:
    """Create the new sources and set (replace) every (source, month) record of ``rows``; mark the job done.

    A job already done is returned as it is (a task delivered twice writes once). Raises ImportConflict,
    writing nothing, when a source of the file was given another factor or category meanwhile.
    """
    with audit_context(actor=job.requested_by, action="activity_import", import_job=job.pk, filename=job.filename):
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.done:
            return job
        inventory = Inventory.objects.select_for_update().only("pk").get(pk=job.inventory_id)
        current = import_sources(inventory=inventory)  # under the lock: no one adds a source meanwhile
        conflicts: list[Problem] = []
        new: dict[str, EmissionSource] = {}
        for row in rows:
            existing = current.get(row.source)
            if existing is not None:
                if existing.factor_code != row.factor_code or existing.subcategory != row.subcategory:
                    conflicts.append(Problem("changed_meanwhile", row.row, "", {"source": row.source}))
            elif row.source not in new:
                new[row.source] = EmissionSource(
                    inventory=inventory, name=row.source, subcategory=row.subcategory, factor_id=row.factor_id
                )
        if conflicts:
            raise ImportConflict(conflicts)
        if new:
            EmissionSource.objects.bulk_create(list(new.values()), batch_size=BATCH)
        ids = {name: info.id for name, info in current.items()}
        ids.update({name: source.pk for name, source in new.items()})
        if any(pk is None for pk in ids.values()):  # a database that does not return the new keys
            ids = {name: info.id for name, info in import_sources(inventory=inventory).items()}
        records = [
            ActivityRecord(
                source_id=ids[row.source], month=row.month, quantity=row.quantity, unit=row.unit, note=row.note
            )
            for row in rows
        ]
        ActivityRecord.objects.bulk_create(
            records,
            batch_size=BATCH,
            update_conflicts=True,
            unique_fields=["source", "month"],
            update_fields=["quantity", "unit", "note"],
        )
        inventory_data_changed(inventory_id=inventory.pk)
        _recalculate(actor=job.requested_by, inventory_id=inventory.pk)
        done = job_transition(
            job=job,
            to=JobStatus.SUCCEEDED,
            progress=100,
            message=PHASE_DONE,
            error="",
            rows_imported=len(rows),
            row_errors=[],
        )
        if done is None:  # never started (activity_import_start): nothing of the file may stay
            raise ImportNotRunning(job.status)
        return done


def activity_import_reject(
    *, job: ImportJob, problems: list[Problem], message: str = PHASE_REJECTED, error: str = ""
) -> None:
    """Fail the job with its problems (nothing of the file is written). Not for a job already done."""
    kept = stored_problems(problems)
    job_transition(
        job=job,
        to=JobStatus.FAILED,
        message=message,
        error=error or (kept[0]["message"] if kept else ""),
        row_errors=kept,
    )


@transaction.atomic
def activity_import_request(*, actor: User, inventory: Inventory, upload) -> ImportJob:
    """Keep the uploaded workbook and queue its import for a worker. BackgroundUnavailable, with nothing kept,
    when no worker can be reached."""
    from .tasks import activity_import  # the task module imports these services

    job_queue_check()
    filename = str(getattr(upload, "name", "upload.xlsx"))[:200]
    job = job_open(job=ImportJob(inventory=inventory, upload=upload, filename=filename), actor=actor)
    job_send_on_commit(job=job, task=activity_import)
    return job


def activity_import_start(*, job_id: int) -> ImportJob | None:
    """Mark a queued (or interrupted) job as running; None when it is done or gone."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or job_transition(job=job, to=JobStatus.RUNNING, progress=0, message=PHASE_READING) is None:
        return None
    return ImportJob.objects.select_related("inventory", "requested_by").get(pk=job_id)


def activity_import_progress(*, job: ImportJob, progress: int, message: str, rows_total: int | None = None) -> None:
    fields = {"progress": max(0, min(progress, 99)), "message": message}
    if rows_total is not None:
        fields["rows_total"] = rows_total
    ImportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(**fields)
