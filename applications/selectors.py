"""Reads of cases, always through ``cases_visible_to``: what a user may not see does not exist for them."""

from __future__ import annotations

import datetime

from django.db.models import F, Func, IntegerField, Q, QuerySet, Subquery
from django.db.models.fields.json import KeyTransform
from django.utils import timezone

from applications.models import Case, CaseDocument, CaseEvent, CaseStatus, DocumentCheck, SupplementRequest
from applications.permissions import cases_visible_to
from portal.models import User
from portal.prepared import QueryShapes
from programs.rulesets import edition_labels

DUE_SOON_DAYS = 7
READY_KEY = "ready"  # what a stored check says of the proposal as a whole
SEARCH_MAX = 100


def cases_for_user(
    *, user: User, edition: str = "", status: str = "", due_soon: bool = False, search: str = ""
) -> QuerySet[Case]:
    """The cases a user may see, newest first, filtered; the rows lists need, in one query."""
    queryset = cases_visible_to(user).select_related("edition", "edition__programme", "company", "unit")
    if edition:
        queryset = queryset.filter(edition_code=edition)
    if status:
        queryset = queryset.filter(status=status)
    if due_soon:
        queryset = _due_by(queryset, due_soon_limit())
    search = search_text(search)
    if search:
        queryset = queryset.filter(
            Q(reference__icontains=search)
            | Q(title__icontains=search)
            | Q(company__name__icontains=search)
            | Q(company__ubn=search)
        )
    return queryset.order_by("-created_at", "-id")


def due_soon_limit() -> datetime.date:
    """The last day that is "due soon" today."""
    return timezone.localdate() + datetime.timedelta(days=DUE_SOON_DAYS)


def _due_by(queryset: QuerySet[Case], day: datetime.date) -> QuerySet[Case]:
    return queryset.filter(due__isnull=False, due__lte=day)


def search_text(search: str) -> str:
    """What a search box's text is searched as: PostgreSQL text cannot hold NUL; the ends' spaces are no part
    of it; at most ``SEARCH_MAX`` characters."""
    return search.replace("\x00", "").strip()[:SEARCH_MAX]


def case_for_user(*, user: User, pk: int) -> Case:
    """One case the user may see (raises Case.DoesNotExist otherwise, as for a case that does not exist)."""
    return (
        cases_visible_to(user)
        .select_related("edition", "edition__programme", "company", "unit", "created_by")
        .get(pk=pk)
    )


def case_people(*, case: Case) -> list[User]:
    """The active users of the case's company and counselling unit."""
    scope = Q(company_id=case.company_id)
    if case.unit_id:
        scope |= Q(counselling_unit_id=case.unit_id)
    return list(User.objects.filter(scope, is_active=True).order_by("email"))


def case_events(*, case: Case) -> QuerySet[CaseEvent]:
    return CaseEvent.objects.filter(case=case).select_related("actor").order_by("occurred_at", "id")


def case_documents(*, case: Case) -> QuerySet[CaseDocument]:
    return CaseDocument.objects.filter(case=case).select_related("uploaded_by").order_by("kind", "-version")


def latest_documents(*, case: Case) -> dict[str, CaseDocument]:
    latest: dict[str, CaseDocument] = {}
    for document in case_documents(case=case):
        latest.setdefault(document.kind, document)
    return latest


def case_document(*, case: Case, pk: int) -> CaseDocument:
    return CaseDocument.objects.get(case=case, pk=pk)


def document_checks(*, case: Case) -> dict[str, DocumentCheck]:
    return {c.kind: c for c in DocumentCheck.objects.filter(case=case).select_related("checked_by")}


def open_supplement(*, case: Case) -> SupplementRequest | None:
    return SupplementRequest.objects.filter(case=case, answered_at__isnull=True).first()


def supplements(*, case: Case) -> QuerySet[SupplementRequest]:
    return SupplementRequest.objects.filter(case=case).select_related("requested_by", "answered_by")


def status_counts(*, user: User) -> dict[str, int]:
    from django.db.models import Count

    rows = cases_visible_to(user).values("status").annotate(n=Count("id"))
    counts = dict.fromkeys(CaseStatus.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


# The office queue's orderings: a name the page may ask for → the columns (stable with the id last).
QUEUE_SORTS = {
    "newest": ("-created_at", "-id"),
    "submitted": (F("submitted_at").desc(nulls_last=True), "-id"),
    "due": (F("due").asc(nulls_last=True), "-id"),
    "reference": ("reference",),
}
# The columns a queue row shows, nothing more: an edition's rule set and a case's proposal stay unread.
QUEUE_COLUMNS = (
    "id", "reference", "title", "status", "requested_gov", "requested_self", "submitted_at", "due", "edition_id",
    "edition__track", "edition__year", "company__name", "company__ubn", "unit__name",
)  # fmt: skip


def case_queue(
    *, user: User, edition: str = "", status: str = "", due_soon: bool = False, search: str = "", sort: str = ""
) -> QuerySet[Case]:
    """The programme office's queue, filtered and ordered, joined to nothing the filters do not need: the
    queryset to count. ``queue_values`` gives its rows."""
    queryset = cases_for_user(user=user, edition=edition, status=status, due_soon=due_soon, search=search)
    return queryset.select_related(None).order_by(*QUEUE_SORTS.get(sort, QUEUE_SORTS["newest"]))


def queue_values(cases: QuerySet[Case], *, with_total_of: QuerySet[Case] | None = None) -> QuerySet:
    """The rows of ``case_queue`` as plain values (``QUEUE_COLUMNS`` and ``ready``: whether the stored check
    found the proposal ready, read inside the database rather than the whole check): no model objects are
    built for a list, and nothing else is read. ``with_total_of``: each row also carries ``queue_total``, the
    number of cases that queryset holds (one scalar subquery, computed once by the database)."""
    values = cases.annotate(ready=KeyTransform(READY_KEY, "check_result"))
    if with_total_of is not None:
        # COUNT(*), not COUNT(id): the filters' indexes answer it alone (an index-only scan), as .count() does
        count = with_total_of.order_by().values(n=Func(template="COUNT(*)", output_field=IntegerField()))
        values = values.annotate(queue_total=Subquery(count, output_field=IntegerField()))
        return values.values(*QUEUE_COLUMNS, "ready", "queue_total")
    return values.values(*QUEUE_COLUMNS, "ready")


def _queue_page_query(
    *, user: User, scope, sort: str, size: int, edition: str, status: str, search: str, due_by, bottom: int
) -> QuerySet:
    """One page of the queue (``size`` rows from ``bottom`` on) with the total the filters match (the
    statement ``queue_page`` prepares once per shape)."""
    cases = case_queue(user=user, edition=edition, status=status, search=search, sort=sort)
    if due_by:
        cases = _due_by(cases, due_by)
    # the page's cases picked before anything is joined to them; the filters are not said again around them
    picked = Case.objects.filter(pk__in=cases[bottom : bottom + size].values("pk")).order_by(*cases.query.order_by)
    return queue_values(picked, with_total_of=cases)


# Values no request sends (control characters; a date before any case; an offset past any page), which
# portal/prepared.py finds in the compiled statement. A user's scope (cases_visible_to) is the same statement
# for every officer and administrator: a scope that differs by user differs by a value, which Django always
# passes as a parameter — one that is no mark, so that such a shape is never kept.
_QUEUE_PAGES = QueryShapes(
    _queue_page_query,
    marks={
        "edition": "\x01edition\x02",
        "status": "\x01status\x02",
        "search": "\x01search\x02",
        "due_by": datetime.date(1, 1, 2),
        "bottom": 987_654_321,
    },
    constants=(READY_KEY,),
)


def queue_page(
    *,
    user: User,
    number: int,
    size: int,
    edition: str = "",
    status: str = "",
    due_soon: bool = False,
    search: str = "",
    sort: str = "",
) -> list[dict]:
    """Page ``number`` of the office queue as ``queue_values`` rows, each with ``queue_total``; the SQL is
    built and compiled once per shape of filters, not per request."""
    return _QUEUE_PAGES.rows(
        fixed={"scope": (user.role, user.is_active), "sort": sort if sort in QUEUE_SORTS else "", "size": size},
        values={
            "edition": edition,
            "status": status,
            "search": search_text(search),
            "due_by": due_soon_limit() if due_soon else None,
            "bottom": (number - 1) * size,
        },
        build_with={"user": user},
    )


def queue_editions() -> list[tuple[str, int, dict]]:
    """The editions the queue filters by as (code, year, track) rows, newest version of a code first: their
    labels only, kept in each process while no edition changes."""
    return edition_labels()


def cases_due_soon(*, user: User, limit: int = 10) -> list[dict]:
    """The open deadlines of the next ``DUE_SOON_DAYS`` days (and those already passed), soonest first."""
    return list(queue_values(case_queue(user=user, due_soon=True, sort="due"))[:limit])
