"""Shared test helpers."""

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(fetch: Callable[[], object]) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        result = fetch()
    return len(ctx.captured_queries), result


def assert_constant_queries(
    fetch: Callable[[], object], grow: Callable[[int], None], sizes: tuple[int, int] = (3, 15)
) -> int:
    """Grow the data to each size, fetch, and require the same number of queries both times.

    ``grow(n)`` creates rows so that n of them are listed; ``fetch()`` returns a response, whose
    status must be 200. Returns the query count.
    """
    counts = []
    for size in sizes:
        grow(size)
        queries, response = count_queries(fetch)
        status = getattr(response, "status_code", 200)
        assert status == 200, f"status {status} at size {size}"
        counts.append(queries)
    assert counts[0] == counts[1], f"queries grow with rows: {counts[0]} at {sizes[0]} rows, {counts[1]} at {sizes[1]}"
    return counts[0]
