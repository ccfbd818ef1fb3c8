"""The programme office's pages: the case queue (filters, pagination, Excel export) and document screening
(``screening``). Only the office has them: to anyone else they do not exist (404)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from applications import selectors
from applications.office_forms import QueueFilterForm
from applications.queue_export import CONTENT_TYPE, queue_workbook
from portal.views.pages import paginate

from . import screening


def office_only(request) -> None:
    if not request.user.has_perm("applications.view_case_queue"):
        raise Http404


def _filtered_queue(request):
    form = QueueFilterForm(request.GET, editions=selectors.queue_editions())
    return form, selectors.case_queue(user=request.user, **form.filters())


def _filter_words(form: QueueFilterForm) -> list[str]:
    """The applied filters as a person reads them (for the workbook's heading)."""
    if not form.is_bound or not hasattr(form, "cleaned_data"):
        return []
    data, words = form.cleaned_data, []
    for name in ("edition", "status", "sort"):
        if data.get(name):
            choices = dict(form.fields[name].choices)
            words.append(f"{form.fields[name].label}: {choices[data[name]]}")
    if data.get("due_soon"):
        words.append(str(form.fields["due_soon"].label))
    if data.get("q"):
        words.append(f"{form.fields['q'].label}: {data['q']}")
    return words


@login_required
def case_queue(request):
    office_only(request)
    form, cases = _filtered_queue(request)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": paginate(request, cases),
        "filtered": any(form.filters().values()),
        "export_query": query.urlencode(),
    }
    return render(request, "applications/office/queue.html", context)


@login_required
def case_queue_export(request):
    """Every case the queue's filters match (not only the page shown), as an .xlsx download."""
    office_only(request)
    form, cases = _filtered_queue(request)
    if form.errors:  # export nothing that the person did not ask for: show what to correct instead
        return case_queue(request)
    content = queue_workbook(cases=cases.iterator(chunk_size=2000), filters=_filter_words(form))
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    filename = _("Case queue") + f"-{timezone.localdate().isoformat()}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("office/cases/", case_queue, name="case-queue"),
    path("office/cases/export.xlsx", case_queue_export, name="case-queue-export"),
    path("office/cases/<int:pk>/screening/", screening.case_screening, name="case-screening"),
    path("office/cases/<int:pk>/screening/checks/", screening.document_check, name="case-screening-check"),
    path("office/cases/<int:pk>/screening/supplement/", screening.supplement_request, name="case-screening-supplement"),
    path(
        "office/cases/<int:pk>/screening/actions/<slug:action>/",
        screening.screening_action,
        name="case-screening-action",
    ),
]
