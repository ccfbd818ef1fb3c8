"""The Excel import of expenses as a background job: the upload queued (``expenses_import_request``), then in the
worker every row checked (``expenses_import_check``, with its progress) and, when none is refused, every row
recorded in one transaction under the case's lock, checked once more there against the ledger as it stands
(``expenses_import_apply``). All or nothing: a refused row stores nothing and the job keeps every refused row
with its row number, column and reason, worded in zh-Hant and in English so that the page can show it in its
reader's language. The job is marked done in the writing transaction, so a task delivered twice writes once.
Its status changes through portal/jobs.py."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from applications.models import Case
from applications.services import TransitionNotAllowed
from portal.audit import audit_context
from portal.jobs import job_open, job_queue_check, job_send_on_commit, job_transition
from portal.language import text_in_language
from portal.models import JobStatus, User
from twlocale import EN, ZH

from ..models import Expense, ExpenseImportJob
from ..workbooks import COLUMN_OF
from .fields import expense_input
from .records import RECORD_STATUSES, Ledger, _claim_message, _claimed_elsewhere, _judge, _open

BATCH = 2_000  # rows per INSERT
MAX_STORED_PROBLEMS = 1_000  # refused rows' problems kept on the job; the rest are counted

# Phases shown while a job runs (translated where shown: the worker does not know the reader's language)
PHASE_READING = gettext_noop("Reading the workbook")
PHASE_CHECKING = gettext_noop("Checking every row")
PHASE_WRITING = gettext_noop("Writing the expenses")
PHASE_DONE = gettext_noop("Imported")
PHASE_REJECTED = gettext_noop("Nothing was imported: the workbook has problems")
PHASE_CRASHED = gettext_noop("Nothing was imported: the import stopped on an unexpected error")

# the column of a rule's refusal: the first fact of its numbers that a column gives
FACT_FIELDS = {"expense_date": "spent_on", "expense_line": "line", "line_spent": "amount", "amount": "amount"}


class ImportConflict(Exception):
    """Rows refused when the ledger was checked again under the case's lock (it changed meanwhile)."""

    def __init__(self, problems: list[dict]):
        super().__init__("import conflict")
        self.problems = problems


def problem(row: int | None, field: str, message: dict[str, str]) -> dict:
    """A problem as the job keeps it: its row and column, the field's key, the reason in both languages."""
    return {"row": row, "column": COLUMN_OF.get(field, ""), "field": field, "message": message}


def file_problem(text_of: Callable[[], str]) -> dict:
    """A problem of the whole file, ``text_of()`` worded in each language."""
    return problem(None, "file", _in_both(text_of))


def _in_both(text_of: Callable[[], str]) -> dict[str, str]:
    worded = {}
    for lang in (ZH, EN):
        with translation.override(lang):
            worded[lang] = str(text_of())
    return worded


def _line_codes(ledger: Ledger) -> dict[str, str]:
    """A line's code by its label in either language (the template lists them in its downloader's)."""
    codes = {}
    for item in ledger.ruleset.budget_lines:
        if item.code in ledger.labels:
            codes.update({text_in_language(item.label, lang): item.code for lang in (ZH, EN)})
    return codes


def _entry_problems(ledger: Ledger, data: dict, codes: dict[str, str]):
    """(the typed entry, []) or (None, [(field, message)]) in the active language."""
    line = data.get("line")
    if isinstance(line, str) and line.strip() in codes:
        data = {**data, "line": codes[line.strip()]}
    entry, errors = expense_input(data, lines=ledger.labels)
    return entry, [(name, str(m)) for name, messages in errors.items() for m in messages]


def _judged(ledger: Ledger, entry, claimed: dict, seen: dict, lang: str):
    """(the expense as it would be stored, []) or (None, [(field, message)]) in ``lang``, the active language:
    claimed before, twice in the file, or refused by the edition's expense rules on the spending before it."""
    amount_field = "amount_untaxed" if ledger.ruleset.tax_basis == "untaxed" else "amount_taxed"
    if entry.claim_key in claimed:
        return None, [("receipt_no", _claim_message(claimed[entry.claim_key], ledger.case))]
    if entry.claim_key in seen:
        twice = _("The same receipt is on row %(row)s of this file.") % {"row": seen[entry.claim_key]}
        return None, [("receipt_no", twice)]
    expense, outcomes = _judge(ledger, entry, lang)
    refused = [o for o in outcomes if o.blocking]
    if not refused:
        return expense, []
    fields = [next((FACT_FIELDS[k] for k in o.values if k in FACT_FIELDS), "") for o in refused]
    return None, [(amount_field if f == "amount" else f, o.message) for f, o in zip(fields, refused, strict=True)]


def _both(number: int, first: list, other: list, lang: str) -> list[dict]:
    """The row's problems found in ``lang`` paired with the same ones worded in the other language."""
    second = EN if lang == ZH else ZH
    return [
        problem(number, field, {lang: text, second: other_text})
        for (field, text), (_f, other_text) in zip(first, other, strict=True)
    ]


def _check(ledger: Ledger, rows: list[tuple[int, dict]], lang: str, progress=None) -> tuple[list, list[dict]]:
    """([(row, expense)] to store, problems). ``ledger.spent`` grows with every row accepted, as recording them
    one by one in the file's order would. ``progress(done, total)`` is told as the rows are checked. A refused
    row is checked once more in the other language, for its problems' wording there."""
    other, codes = EN if lang == ZH else ZH, _line_codes(ledger)
    entries, problems = [], []
    with translation.override(lang):
        for number, data in rows:
            entry, found = _entry_problems(ledger, data, codes)
            if not found:
                entries.append((number, entry))
                continue
            with translation.override(other):
                problems.extend(_both(number, found, _entry_problems(ledger, data, codes)[1], lang))
        claimed = _claimed_elsewhere([entry.claim_key for _n, entry in entries])
        seen: dict[str, int] = {}
        accepted = []
        for index, (number, entry) in enumerate(entries):
            if progress is not None:
                progress(index, len(entries))
            expense, found = _judged(ledger, entry, claimed, seen, lang)
            if not found:
                seen[entry.claim_key] = number
                ledger.spent[entry.line] = ledger.spent.get(entry.line, 0) + expense.amount
                accepted.append((number, expense))
                continue
            with translation.override(other):
                problems.extend(_both(number, found, _judged(ledger, entry, claimed, seen, other)[1], lang))
    problems.sort(key=lambda p: p["row"] or 0)
    return accepted, problems


def stored_problems(problems: list[dict]) -> list[dict]:
    """The first MAX_STORED_PROBLEMS, and a last entry counting the rest."""
    kept = problems[:MAX_STORED_PROBLEMS]
    rest = len(problems) - len(kept)
    if rest > 0:
        kept.append(
            problem(
                None, "", _in_both(lambda: _("… and %(count)s more problems, not listed.") % {"count": f"{rest:,}"})
            )
        )
    return kept


def expenses_import_check(*, job: ExpenseImportJob, rows: list[tuple[int, dict]], progress=None) -> list[dict]:
    """The problems of ``rows`` against the case's ledger as it stands (nothing locked, nothing written); []
    when every row would be recorded. Raises PermissionDenied / TransitionNotAllowed as recording does."""
    ledger = _open(job.requested_by, job.case, job.language, lock=False)
    if not rows:
        return [file_problem(lambda: _("The file has no expense rows."))]
    return _check(ledger, rows, job.language, progress)[1]


@transaction.atomic
def expenses_import_apply(*, job: ExpenseImportJob, rows: list[tuple[int, dict]]) -> ExpenseImportJob:
    """Record every row, checked again under the case's lock, and mark the job done, in one transaction. A job
    already done is returned as it is (a task delivered twice writes once). Raises ImportConflict, writing
    nothing, when a row is refused now (the ledger changed since it was checked)."""
    actor = job.requested_by
    with audit_context(actor=actor, action="expenses_import", case=job.case_id, import_job=job.pk, rows=len(rows)):
        job = (
            ExpenseImportJob.objects.select_for_update(of=("self",))
            .select_related("case", "requested_by")
            .get(pk=job.pk)
        )
        if job.done:
            return job
        ledger = _open(actor, job.case, job.language)
        accepted, problems = _check(ledger, rows, job.language)
        if problems or not accepted:
            raise ImportConflict(problems or [file_problem(lambda: _("The file has no expense rows."))])
        for _number, expense in accepted:
            expense.recorded_by = actor
        try:
            with transaction.atomic():
                Expense.objects.bulk_create([e for _n, e in accepted], batch_size=BATCH)
        except IntegrityError:  # a receipt claimed meanwhile by another case (past the lookup the index holds)
            again = _check(_open(actor, job.case, job.language), rows, job.language)[1]
            raise ImportConflict(again or [file_problem(lambda: _("A receipt is claimed once."))]) from None
        done = job_transition(
            job=job, to=JobStatus.SUCCEEDED, progress=100, message=PHASE_DONE, error="", rows_imported=len(accepted)
        )
        if done is None:  # not running (never started, or failed meanwhile): nothing of the file may stay
            raise ImportConflict([file_problem(lambda: _("The import was stopped; upload the file again."))])
        return done


def expenses_import_reject(*, job: ExpenseImportJob, problems: list[dict], message: str = PHASE_REJECTED) -> None:
    """Fail the job with its problems (nothing of the file is written)."""
    kept = stored_problems(problems)
    first = kept[0]["message"].get(job.language, "") if kept else ""
    job_transition(job=job, to=JobStatus.FAILED, message=message, error=first, row_errors=kept)


def expenses_import_request(*, actor: User, case: Case, upload, lang: str) -> ExpenseImportJob:
    """Keep the uploaded workbook and queue its import for a worker. PermissionDenied or TransitionNotAllowed
    (not a party, not a stage that records expenses); BackgroundUnavailable, with nothing kept, when no worker
    can be reached."""
    from ..tasks import expenses_import_run  # the task module imports these services

    if not actor.has_perm("expenses.record_expense", case):
        raise PermissionDenied(_("Only the case's company and counselling unit record its expenses."))
    if case.status not in RECORD_STATUSES:
        raise TransitionNotAllowed(_("Expenses are recorded from the contract until the case is closing."))
    job_queue_check()
    with transaction.atomic():
        filename = str(getattr(upload, "name", "expenses.xlsx"))[:200]
        job = ExpenseImportJob(case=case, upload=upload, filename=filename, language=lang)
        job = job_open(job=job, actor=actor)
        job_send_on_commit(job=job, task=expenses_import_run)
    return job


def expenses_import_start(*, job_id: int) -> ExpenseImportJob | None:
    """Mark a queued (or interrupted) job running; None when it is done or gone."""
    job = ExpenseImportJob.objects.filter(pk=job_id).first()
    if job is None or job_transition(job=job, to=JobStatus.RUNNING, progress=0, message=PHASE_READING) is None:
        return None
    return ExpenseImportJob.objects.select_related("case", "requested_by").get(pk=job_id)


def expenses_import_progress(
    *, job: ExpenseImportJob, progress: int, message: str, rows_total: int | None = None
) -> None:
    """Saved at once (the worker is outside any transaction here), so the page sees each step."""
    fields = {"progress": max(0, min(progress, 99)), "message": message}
    if rows_total is not None:
        fields["rows_total"] = rows_total
    ExpenseImportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(**fields)
