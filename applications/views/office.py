"""The programme office's pages: the case queue (filters, pagination, Excel export) and document screening
(``screening``). Only the office has them: to anyone else they do not exist (404)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from applications import selectors
from applications.office_forms import QueueFilterForm
from applications.queue_export import CONTENT_TYPE, queue_workbook
from portal.audit import audit_stores_nothing
from portal.views.pages import PAGE_SIZE

from . import screening


def office_only(request) -> None:
    if not request.user.has_perm("applications.view_case_queue"):
        raise Http404


class QueuePaginator(Paginator):
    """Pages of the queue's rows, read in one query as the page of a bare SQL view would be
    (``selectors.queue_page``: the page's cases picked before anything is joined to them, the total the
    pagination shows riding along as a scalar subquery, the statement prepared once per shape of filters). The
    queryset is built only for a page past the end (an old link), which counts to find the last page."""

    def __init__(self, *, user, filters: dict, per_page: int):
        self.user, self.filters = user, filters
        super().__init__(SimpleLazyObject(lambda: selectors.case_queue(user=user, **filters)), per_page)

    def _check_object_list_is_ordered(self) -> None:
        """The queue is always ordered (``selectors.QUEUE_SORTS``); asking would build the queryset."""

    def get_page(self, number) -> Page:
        try:
            number = max(int(number), 1)
        except (TypeError, ValueError):
            number = 1
        rows = self._rows(number)
        if rows:
            self.count = rows[0]["queue_total"]  # the cached_property's slot: no COUNT query of its own
            return Page(rows, number, self)
        return super().get_page(number)  # empty: counts, then the last page (or an empty first page)

    def _rows(self, number: int) -> list[dict]:
        return selectors.queue_page(user=self.user, number=number, size=self.per_page, **self.filters)

    def page(self, number) -> Page:
        number = self.validate_number(number)
        return Page(self._rows(number), number, self)


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


@audit_stores_nothing  # a read: no audit context to open and close around it
@login_required
def case_queue(request):
    office_only(request)
    form = QueueFilterForm(request.GET, editions=selectors.queue_editions())
    filters = form.filters()
    page = QueuePaginator(user=request.user, filters=filters, per_page=PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "options": form.options(),
        "page": page,
        "today": timezone.localdate(),
        "filtered": any(value for name, value in filters.items() if name != "sort"),
        "export_query": query.urlencode(),
    }
    return render(request, "applications/office/queue.html", context)


@audit_stores_nothing
@login_required
def case_queue_export(request):
    """Every case the queue's filters match (not only the page shown), as an .xlsx download."""
    office_only(request)
    form, cases = _filtered_queue(request)
    if form.errors:  # export nothing that the person did not ask for: show what to correct instead
        return case_queue(request)
    rows = selectors.queue_values(cases).iterator(chunk_size=2000)
    content = queue_workbook(cases=rows, filters=_filter_words(form))
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
