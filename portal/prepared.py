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

import datetime
import hashlib
import logging
import re
import threading
import weakref
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import DatabaseError, connections, transaction
from django.db.models import QuerySet

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Slot:
    """Where a request's value goes: ``name``'s value as it is, or inside a LIKE pattern (prefix, suffix)."""

    name: str
    like: tuple[str, str] | None = None
    example: object = field(default=None, compare=False)  # the mark: what type the value is

    def value(self, values: dict, connection):
        value = values[self.name]
        if self.like is None:
            return value
        return self.like[0] + connection.ops.prep_for_like_query(value) + self.like[1]


@dataclass(frozen=True)
class Constant:
    """A value every statement of the query holds alike."""

    held: object

    @property
    def example(self) -> object:
        return self.held

    def value(self, values: dict, connection):
        return self.held


@dataclass(frozen=True)
class Prepared:
    """One shape's SQL, its slots (in the order of its placeholders), its columns and their converters. On
    PostgreSQL the statement is also prepared on the server, once per connection (``PREPARE``; then ``EXECUTE``
    with the request's values): after a few executions PostgreSQL keeps a generic plan and plans it no more,
    which for the office queue was a third of the statement's time."""

    sql: str
    slots: tuple[Slot | Constant, ...]
    columns: tuple[str, ...]
    converters: tuple[tuple[int, tuple], ...]
    server: tuple[str, str] | None = None  # (name, PREPARE statement) on PostgreSQL

    def rows(self, values: dict, *, using: str = "default") -> list[dict]:
        connection = connections[using]
        params = [slot.value(values, connection) for slot in self.slots]
        with connection.cursor() as cursor:
            if self.server is not None and _server_prepared(connection, cursor, *self.server):
                values_list = f" ({', '.join(['%s'] * len(params))})" if params else ""
                cursor.execute(f"EXECUTE {self.server[0]}{values_list}", params)
            else:
                cursor.execute(self.sql, params)
            found = cursor.fetchall()
        if self.converters:
            found = [list(row) for row in found]
            for row in found:
                for index, (converters, expression) in self.converters:
                    for converter in converters:
                        row[index] = converter(row[index], expression, connection)
        return [dict(zip(self.columns, row, strict=True)) for row in found]


# The statements prepared on each server connection (a new connection prepares them again), and those that the
# server refused (executed as plain statements from then on).
_on_server: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_refused: set[str] = set()
_SQL_TYPES = {str: "text", int: "bigint", bool: "boolean", datetime.date: "date"}


def _server_prepared(connection, cursor, name: str, statement: str) -> bool:
    """Whether ``name`` is prepared on this connection's server session, preparing it if need be. A refusal is
    kept from spoiling the request: the PREPARE runs in a savepoint (a transaction of its own outside one)."""
    if name in _refused:
        return False
    names = _on_server.setdefault(connection.connection, set())
    if name in names:
        return True
    try:
        with transaction.atomic(using=connection.alias):
            cursor.execute(statement)
    except DatabaseError:
        logger.exception("the server did not prepare %s; it is executed as a plain statement", name)
        _refused.add(name)
        return False
    names.add(name)
    return True


def _server_statement(sql: str, slots: list) -> tuple[str, str] | None:
    """(name, PREPARE …) for PostgreSQL: the placeholders numbered, each typed as its mark or constant is."""
    types = [_SQL_TYPES.get(type(slot.example)) for slot in slots]
    if None in types:
        return None
    numbered = iter(range(1, len(slots) + 1))
    body = re.sub(r"%%|%s", lambda m: "%" if m.group(0) == "%%" else f"${next(numbered)}", sql)
    name = "portal_" + hashlib.sha256(f"{types}{body}".encode()).hexdigest()[:24]
    typed = f" ({', '.join(types)})" if types else ""
    return name, f"PREPARE {name}{typed} AS {body}"


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
    server = _server_statement(sql, slots) if compiler.connection.vendor == "postgresql" else None
    return Prepared(sql=sql, slots=tuple(slots), columns=columns, converters=converters, server=server)


def _slot_of(param, marks: dict[str, object]) -> Slot | None:
    for name, mark in marks.items():
        if type(param) is type(mark) and param == mark:
            return Slot(name, example=mark)
        if isinstance(param, str) and isinstance(mark, str) and mark in param:
            prefix, _mark, suffix = param.partition(mark)
            return Slot(name, like=(prefix, suffix), example=param)
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
        slots.insert(before, Slot(name, example=mark))
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
