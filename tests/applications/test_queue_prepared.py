"""The office queue's page statement, prepared once per shape of filters (portal/prepared.py): for every shape
and for search texts that LIKE treats specially, its rows are those the queryset gives; the shapes are kept, and
a request of a kept shape compiles nothing."""

import datetime
import itertools

import pytest
from django.db import connection, transaction
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications import selectors
from applications.models import Case, CaseStatus
from portal import prepared
from tests.applications.office_data import bulk_cases

pytestmark = pytest.mark.django_db

SEARCHES = ["", "批次測試計畫 1", "50%", "a_b", "back\\slash", "it's", "B0000", "%", "_", "\\", "  批次  ", "x\x00y"]
FILTERS = {
    "edition": ["", "machinery-2025", "lean-2026-basic"],
    "status": ["", CaseStatus.SUBMITTED, CaseStatus.SUPPLEMENT_REQUESTED],
    "due_soon": [False, True],
    "sort": ["", "submitted", "due", "reference", "no-such-order"],
}


@pytest.fixture
def queue_cases():
    today = timezone.localdate()
    cases = bulk_cases(30)
    bulk_cases(8, edition_code="lean-2026-basic", status=CaseStatus.SCREENING)
    odd = bulk_cases(6, status=CaseStatus.SUPPLEMENT_REQUESTED, check_result={"ready": False, "outcomes": {}})
    for n, case in enumerate(odd):
        case.due = today + datetime.timedelta(days=n * 3 - 4)
    odd[0].title, odd[1].title, odd[2].title = "達成率 50% 計畫", "a_b 線材", "back\\slash it's"
    Case.objects.bulk_update(odd, ["due", "title"])
    return cases


def by_the_queryset(user, *, number, size, edition, status, due_soon, search, sort) -> list[dict]:
    """What the page's rows are, built and compiled by the ORM for this one request."""
    return list(
        selectors._queue_page_query(
            user=user,
            scope=None,
            sort=sort if sort in selectors.QUEUE_SORTS else "",
            size=size,
            edition=edition,
            status=status,
            search=selectors.search_text(search),
            due_by=selectors.due_soon_limit() if due_soon else None,
            bottom=(number - 1) * size,
        )
    )


def test_every_shape_gives_the_querysets_rows(queue_cases, officer):
    shapes = 0
    for edition, status, due_soon, sort in itertools.product(*FILTERS.values()):
        for search in ["", "批次測試計畫 1", "50%"]:
            filters = {"edition": edition, "status": status, "due_soon": due_soon, "search": search, "sort": sort}
            for number in (1, 2):
                expected = by_the_queryset(officer, number=number, size=5, **filters)
                assert selectors.queue_page(user=officer, number=number, size=5, **filters) == expected, filters
                shapes += 1
    assert shapes == 3 * 3 * 2 * 5 * 3 * 2


@pytest.mark.parametrize("search", SEARCHES)
def test_searches_that_like_treats_specially_find_what_the_queryset_finds(queue_cases, officer, search):
    filters = {"edition": "", "status": "", "due_soon": False, "search": search, "sort": ""}
    expected = by_the_queryset(officer, number=1, size=25, **filters)
    assert selectors.queue_page(user=officer, number=1, size=25, **filters) == expected
    if search in ("50%", "a_b", "back\\slash", "it's"):
        assert [row["title"] for row in expected] != [], search  # the test's data holds each of them once
        assert len(expected) == 1, search


def test_the_rows_are_converted_as_the_orm_converts_them(queue_cases, officer):
    rows = selectors.queue_page(user=officer, number=1, size=50, status=CaseStatus.SUPPLEMENT_REQUESTED)
    assert {row["ready"] for row in rows} == {False}  # the JSON value, decoded
    assert all(isinstance(row["due"], datetime.date) for row in rows)
    assert all(row["queue_total"] == 6 for row in rows)


def compiles_during(fn) -> int:
    calls = []
    original = SQLCompiler.as_sql

    def counted(self, *args, **kwargs):
        calls.append(self)
        return original(self, *args, **kwargs)

    SQLCompiler.as_sql = counted
    try:
        fn()
    finally:
        SQLCompiler.as_sql = original
    return len(calls)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the figure is about PostgreSQL")
def test_a_kept_shape_compiles_nothing(queue_cases, officer):
    def page(number, search):
        return selectors.queue_page(user=officer, number=number, size=5, search=search, due_soon=True)

    selectors._QUEUE_PAGES.forget()
    assert compiles_during(lambda: page(2, "計畫")) > 0
    assert compiles_during(lambda: page(3, "50%")) == 0
    assert compiles_during(lambda: page(1, "a_b")) > 0  # page 1 has no OFFSET: a shape of its own
    assert compiles_during(lambda: page(1, "x")) == 0


def test_a_scope_that_differs_by_user_is_never_kept(queue_cases, applicant):
    """An applicant's cases are those of their company: a value of the user's, which no mark stands for. The
    statement is then built for every request (and finds what the applicant may see)."""
    mine = bulk_cases(2)
    applicant.company = mine[0].company
    applicant.save()
    for _ in range(2):
        rows = selectors.queue_page(user=applicant, number=1, size=25)
        assert [row["id"] for row in rows] == [mine[0].id]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="statements are prepared on PostgreSQL's server")
def test_the_statement_is_prepared_on_the_server_once_per_connection(queue_cases, officer):
    def executed(fn) -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            fn()
        return [q["sql"].split()[0] for q in queries.captured_queries]

    def page():
        return selectors.queue_page(user=officer, number=2, size=5, status=CaseStatus.SUBMITTED)

    def as_a_new_connection():
        prepared._on_server.clear()
        connection.cursor().execute("DEALLOCATE ALL")

    as_a_new_connection()
    first = executed(page)
    assert "PREPARE" in first and "EXECUTE" in first
    assert executed(page) == ["EXECUTE"]
    as_a_new_connection()
    assert "PREPARE" in executed(page)
    assert page() == by_the_queryset(
        officer, number=2, size=5, edition="", status=CaseStatus.SUBMITTED, due_soon=False, search="", sort=""
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="statements are prepared on PostgreSQL's server")
def test_a_statement_the_server_refuses_runs_as_a_plain_one_and_spoils_nothing(queue_cases):
    with transaction.atomic(), connection.cursor() as cursor:
        assert not prepared._server_prepared(connection, cursor, "portal_refused", "PREPARE portal_refused AS nonsense")
        cursor.execute("SELECT count(*) FROM applications_case")  # the transaction goes on
        assert cursor.fetchone()[0] == Case.objects.count()
    assert "portal_refused" in prepared._refused
