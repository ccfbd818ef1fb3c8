"""A hot list's SQL compiled once per shape of its query, not on every request.

Building a queryset and compiling it cost the office queue more than its database did (≈ 2.5 ms against a
query that PostgreSQL answers in 1–2 ms). ``QueryShapes`` builds the queryset once for each shape (which filters
are applied, in which order the rows come) with *marks* in place of the values a request brings, compiles it,
finds where each mark went, and keeps the SQL. A later request of the same shape runs that SQL with its own
values in the marks' places. The queryset remains the only definition of the query: nothing here restates it.

A mark must be a value no request sends (a string with control characters, an impossible date, a large integer).
It may land in the SQL's parameters as itself (``field=value``), inside a ``LIKE`` pattern (``icontains``: the
request's value is escaped as Django escapes it), or written into the SQL as an integer (a slice's ``OFFSET``:
Django writes limits into the statement, not as parameters). A shape whose SQL holds a parameter that is no mark
(a value the builder took from elsewhere, which a later request could not change) is never kept: it is built
and compiled for every request, as any queryset is. Values that every statement of the query holds alike (a JSON
key the rows read) are declared as ``constants``."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet


@dataclass(frozen=True)
class Slot:
    """Where a request's value goes: ``name``'s value as it is, or inside a LIKE pattern (prefix, suffix)."""

    name: str
    like: tuple[str, str] | None = None

    def value(self, values: dict, connection):
        value = values[self.name]
        if self.like is None:
            return value
        return self.like[0] + connection.ops.prep_for_like_query(value) + self.like[1]


@dataclass(frozen=True)
class Constant:
    """A value every statement of the query holds alike."""

    held: object

    def value(self, values: dict, connection):
        return self.held


@dataclass(frozen=True)
class Prepared:
    """One shape's SQL, its slots (in the order of its placeholders), its columns and their converters."""

    sql: str
    slots: tuple[Slot | Constant, ...]
    columns: tuple[str, ...]
    converters: tuple[tuple[int, tuple], ...]

    def rows(self, values: dict, *, using: str = "default") -> list[dict]:
        connection = connections[using]
        params = [slot.value(values, connection) for slot in self.slots]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            found = cursor.fetchall()
        if self.converters:
            found = [list(row) for row in found]
            for row in found:
                for index, (converters, expression) in self.converters:
                    for converter in converters:
                        row[index] = converter(row[index], expression, connection)
        return [dict(zip(self.columns, row, strict=True)) for row in found]


def _prepare(queryset: QuerySet, marks: dict[str, object], constants: tuple = ()) -> Prepared | None:
    """The SQL of ``queryset`` (a ``.values()`` queryset built with ``marks``) and where each mark went; None
    when a parameter is no mark, or a mark cannot be told apart in the statement."""
    compiler = queryset.query.get_compiler(queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # nothing can match (a scope of no cases): not worth keeping
        return None
    slots: list[Slot | Constant] = []
    for param in params:
        slot = (
            Constant(param) if any(type(param) is type(c) and param == c for c in constants) else _slot_of(param, marks)
        )
        if slot is None:
            return None
        slots.append(slot)
    sql, slots = _inline_marks(sql, slots, marks)
    if sql is None:
        return None
    query = queryset.query
    columns = (*query.extra_select, *query.values_select, *query.annotation_select)
    if len(columns) != len(compiler.select):
        return None
    found = compiler.get_converters([expression for expression, _sql, _alias in compiler.select])
    converters = tuple((index, (tuple(funcs), expression)) for index, (funcs, expression) in found.items())
    return Prepared(sql=sql, slots=tuple(slots), columns=columns, converters=converters)


def _slot_of(param, marks: dict[str, object]) -> Slot | None:
    for name, mark in marks.items():
        if type(param) is type(mark) and param == mark:
            return Slot(name)
        if isinstance(param, str) and isinstance(mark, str) and mark in param:
            prefix, _mark, suffix = param.partition(mark)
            return Slot(name, like=(prefix, suffix))
    return None


def _inline_marks(sql: str, slots: list, marks: dict[str, object]) -> tuple[str | None, list[Slot]]:
    """Integer marks the compiler wrote into the statement (LIMIT, OFFSET) become placeholders, their slots put
    among the others in the order of the statement's placeholders."""
    for name, mark in marks.items():
        if not isinstance(mark, int) or isinstance(mark, bool):
            continue
        found = list(re.finditer(rf"(?<![\w%]){mark}(?!\w)", sql))
        if len(found) > 1:
            return None, slots
        if not found:
            continue
        start, end = found[0].span()
        before = sql[:start].replace("%%", "").count("%s")
        sql = sql[:start] + "%s" + sql[end:]
        slots.insert(before, Slot(name))
    return sql, slots


class QueryShapes:
    """The prepared SQL of one query, per shape. ``build(**values)`` returns its ``.values()`` queryset;
    ``marks`` are the stand-ins of the values a request brings. The shape is ``fixed`` (what changes the
    statement itself: an order, a page size) and which of the values are given (a filter left empty is not in
    the statement at all); the statement is built once with the marks in place of the given values."""

    def __init__(self, build: Callable[..., QuerySet], marks: dict[str, object], constants: tuple = ()):
        self._build = build
        self._marks = marks
        self._constants = constants
        self._kept: dict[Hashable, Prepared | None] = {}
        self._lock = threading.Lock()

    def rows(
        self, *, fixed: dict[str, Hashable], values: dict, build_with: dict | None = None, using: str = "default"
    ) -> list[dict]:
        """The rows for ``values``. ``build_with``: what else the builder takes that the statement does not
        depend on beyond ``fixed`` (a user whose scope ``fixed`` names)."""
        build_with = build_with or {}
        given = frozenset(name for name, value in values.items() if value)
        key = (using, tuple(sorted(fixed.items())), given)
        try:
            prepared = self._kept[key]
        except KeyError:
            marked = {name: self._marks[name] if name in given else value for name, value in values.items()}
            built = self._build(**build_with, **fixed, **marked)
            prepared = _prepare(built, {name: self._marks[name] for name in given}, self._constants)
            with self._lock:
                self._kept[key] = prepared
        if prepared is None:
            return list(self._build(**build_with, **fixed, **values))
        return prepared.rows(values, using=using)

    def forget(self) -> None:
        """Prepare every shape again when next asked (a test that counts what is compiled)."""
        with self._lock:
            self._kept.clear()
