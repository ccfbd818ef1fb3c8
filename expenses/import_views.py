"""The Excel import of a case's expenses: the upload (checked to be the template at once, its rows left to a
worker), the job's page that shows its progress while it runs and its result when done (every refused row with
its row, column and reason in the reader's language), the recent imports. Parties only: others get 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.views.decorators.http import require_GET, require_http_methods

from applications.models import Case
from applications.services import TransitionNotAllowed
from portal.jobs import BackgroundUnavailable
from portal.language import current_lang
from portal.models import JobStatus

from . import selectors, services
from .forms import ImportForm
from .models import Expense, ExpenseImportJob
from .views import expense_case, render_expense_page
from .workbooks import COLUMN_OF, WorkbookRefused, import_check_file, max_rows

PROBLEMS_PER_PAGE = 50


def _party_case(request, pk: int) -> Case:
    case = expense_case(request, pk)
    if not request.user.has_perm("expenses.record_expense", case):
        raise Http404
    return case


def column_name(field: str) -> str:
    """The name of the column a field is typed in ("" for a problem of the whole file)."""
    if field not in COLUMN_OF:
        return ""
    return capfirst(Expense._meta.get_field(field).verbose_name)


def problem_rows(entries: list[dict], lang: str) -> list[dict]:
    """Stored problems as the reader reads them: row, column, the reason in ``lang``."""
    rows = []
    for entry in entries:
        message = entry.get("message") or {}
        text = message.get(lang) or next(iter(message.values()), "") if isinstance(message, dict) else str(message)
        field = entry.get("field", "")
        rows.append(
            {
                "row": entry.get("row"),
                "column": entry.get("column", ""),
                "column_name": column_name(field),
                "field": field,
                "message": text,
            }
        )
    return rows


def job_context(request, job: ExpenseImportJob) -> dict:
    problems = None
    if job.status == JobStatus.FAILED:
        page = Paginator(job.row_errors or [], PROBLEMS_PER_PAGE).get_page(request.GET.get("page"))
        problems = {"page": page, "rows": problem_rows(list(page), current_lang())}
    return {"job": job, "problems": problems}


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request, pk: int):
    case = _party_case(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None, max_rows=max_rows())
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            import_check_file(upload)
            job = services.expenses_import_request(actor=request.user, case=case, upload=upload, lang=current_lang())
        except WorkbookRefused as exc:
            form.add_error("file", str(exc))
        except TransitionNotAllowed as exc:
            form.add_error(None, exc.message)
        except BackgroundUnavailable as exc:
            form.add_error(None, str(exc.message))
        else:
            return redirect("expense-import-job", case.pk, job.pk)
    jobs = selectors.import_jobs_recent(case=case)
    current = jobs[0] if jobs and not jobs[0].done else None
    context = job_context(request, selectors.import_job(case=case, job_id=current.pk)) if current else {}
    status = 400 if request.method == "POST" else 200
    return render_expense_page(
        request, "expenses/import.html", case, "expenses", status=status, form=form, jobs=jobs, **context
    )


@login_required
@require_GET
def import_job_page(request, pk: int, job_id: int):
    case = _party_case(request, pk)
    try:
        job = selectors.import_job(case=case, job_id=job_id)
    except ExpenseImportJob.DoesNotExist:
        raise Http404 from None
    context = job_context(request, job)
    if request.htmx:  # the poll: 286 tells htmx to stop once the job is done
        return render(request, "expenses/_import_job.html", {"case": case, **context}, status=286 if job.done else 200)
    return render_expense_page(request, "expenses/import_job.html", case, "expenses", **context)
