"""A queryset compiled to SQL once per database, then run again with new values.

Django compiles every queryset anew. For a short query that is 0.3-0.4 ms of Python, four
to five times the 0.08 ms it takes to send the SQL and read the answer (PostgreSQL, measured
for issue 15). On the registration path, which runs several short queries per request,
compiling was the larger part of the cost.

`PreparedQuery` keeps the ORM as the only author of the SQL: it calls the builder once
with a marker value for each parameter, compiles the queryset, finds the markers among the
compiled parameters and from then on only puts the real values in their place. It refuses,
when it prepares, any builder whose markers the compiler changed or dropped (`icontains`
wraps its value in %, SQLite's `iexact` escapes it), so a value is never bound where the
ORM would have transformed it: use lookups that bind the value as it is (exact, in a
`Value`).

Hand-written: the packages that did this (django-prepared-queries, last release January
2019; django-prepared-query, July 2018) predate Django 3 and are not maintained.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from typing import Any, Generic, NamedTuple, Protocol, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import router
from django.db.models import Model, QuerySet

from .statements import Statement, run_together

# Markers: negative numbers no id can have (within 32 bits, so the integer lookups compile),
# and strings no one types (control characters are stripped from all input).
_INT_MARKERS = itertools.count(-2_000_000_000)
_STR_MARKER = "\x1fprepared:{}:{}\x1f"


M = TypeVar("M", bound=Model)


class _Compiled(NamedTuple):
    sql: str
    params: list[Any]
    # (index in params, parameter name) for each place a value goes.
    slots: list[tuple[int, str]]
    queryset: QuerySet
    fields: list[Any]


class PreparedQuery(Generic[M]):
    """`build(**values)` returns a queryset; `rows`/`objects` run its SQL with new values.

    `params` names each parameter's type (int or str). Compiled lazily, per database alias,
    on first use: a `select_for_update` queryset must be first run inside a transaction,
    as it must anyway.
    """

    def __init__(self, build: Callable[..., QuerySet[M, Any]], **params: type) -> None:
        for name, kind in params.items():
            if kind not in (int, str):
                raise ImproperlyConfigured(f"{name}: only int and str parameters ({kind!r})")
        self.build = build
        self.params = params
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()
        self._queryset: tuple[QuerySet, dict[str, Any]] | None = None

    def _markers(self) -> dict[str, Any]:
        return {
            name: next(_INT_MARKERS) if kind is int else _STR_MARKER.format(id(self), name)
            for name, kind in self.params.items()
        }

    def _compile(self, using: str) -> _Compiled:
        compiled = self._compiled.get(using)
        if compiled is not None:
            return compiled
        with self._lock:
            compiled = self._compiled.get(using)
            if compiled is None:
                compiled = self._compiled[using] = self._prepare(using)
        return compiled

    def _prepare(self, using: str) -> _Compiled:
        queryset, markers = self._built()
        compiler = queryset.query.get_compiler(using)
        sql, compiled_params = compiler.as_sql()
        params = list(compiled_params)
        # The selected expressions, to convert what the database returns as the ORM does
        # (SQLite hands back datetimes as text, JSON as text, booleans as 0/1).
        fields = [select[0] for select in compiler.select[: compiler.col_count]]
        by_marker = {(type(v), v): name for name, v in markers.items()}
        slots = []
        for index, value in enumerate(params):
            name = by_marker.get((type(value), value))
            if name is not None:
                slots.append((index, name))
            elif isinstance(value, str) and any(str(m) in value for m in markers.values()):
                raise ImproperlyConfigured(
                    f"{self.build.__qualname__}: the compiler changed a value; "
                    "use a lookup that binds it as it is"
                )
        missing = set(markers) - {name for _index, name in slots}
        if missing or any(str(m) in sql for m in markers.values()):
            raise ImproperlyConfigured(
                f"{self.build.__qualname__}: parameters {sorted(missing)} are not bound as "
                "they are; use a lookup that binds them unchanged"
            )
        return _Compiled(sql, params, slots, queryset, fields)

    def _built(self) -> tuple[QuerySet, dict[str, Any]]:
        """The queryset built with the markers (once: the markers are in its SQL)."""
        if self._queryset is None:
            markers = self._markers()
            self._queryset = (self.build(**markers), markers)
        return self._queryset

    def _using(self, using: str | None) -> str:
        return using or router.db_for_read(self._built()[0].model)

    def sql(self, *, using: str | None = None, **values: Any) -> tuple[str, list[Any]]:
        """The SQL and its parameters with these values."""
        return self._bind(self._compile(self._using(using)), values)

    def _bind(self, compiled: _Compiled, values: dict[str, Any]) -> tuple[str, list[Any]]:
        if values.keys() != self.params.keys():
            raise TypeError(f"values for {sorted(self.params)} expected, got {sorted(values)}")
        bound = list(compiled.params)
        for index, name in compiled.slots:
            value = values[name]
            if type(value) is not self.params[name]:
                raise TypeError(f"{name} must be {self.params[name].__name__}, not {value!r}")
            bound[index] = value
        return compiled.sql, bound

    def rows(self, *, using: str | None = None, **values: Any) -> list[tuple]:
        """The result rows as tuples (for `values_list` querysets)."""
        (rows,) = fetch_together(self.bound(using=using, **values))
        return rows

    def _converted(self, compiled: _Compiled, rows: list, using: str) -> list[tuple]:
        compiler = compiled.queryset.query.get_compiler(using)
        converters = compiler.get_converters(compiled.fields)
        if converters:
            rows = [tuple(row) for row in compiler.apply_converters(rows, converters)]
        return rows

    def _check_plain(self, using: str) -> QuerySet:
        queryset = self._compile(using).queryset
        query = queryset.query
        if (
            query.values_select
            or query.select_related
            or query.annotations
            or query.extra
            or query.deferred_loading[0]
        ):
            raise ImproperlyConfigured("objects() needs a queryset of plain model rows")
        return queryset

    def _instances(self, using: str, rows: list[tuple]) -> list[M]:
        model = self._compile(using).queryset.model
        names = [field.attname for field in model._meta.concrete_fields]
        return [model.from_db(using, names, row) for row in rows]

    def objects(self, *, using: str | None = None, **values: Any) -> list[M]:
        """Model instances, as iterating the queryset gives them (plain querysets only)."""
        (instances,) = fetch_together(self.bound(using=using, objects=True, **values))
        return instances

    def bound(self, *, using: str | None = None, objects: bool = False, **values: Any) -> Bound:
        """This query with its values, to send with others (`fetch_together`); read as
        `objects()` reads when `objects` is true, else as `rows()`."""
        using = self._using(using)
        if objects:
            self._check_plain(using)
        sql, params = self._bind(self._compile(using), values)
        return Bound(self, using, sql, params, objects)


class Lookup(Protocol):
    """Reads to send with others in one round trip (`fetch_together`): the statements, and
    how to read their results into one value. `using` is None for a lookup that needs no
    database (`Known`)."""

    @property
    def using(self) -> str | None: ...

    def statements(self) -> list[Statement]: ...

    def read_results(self, results: list[list[tuple]]) -> Any: ...


class Bound(NamedTuple):
    query: PreparedQuery
    using: str
    sql: str
    params: list[Any]
    objects: bool

    def read(self, rows: list[tuple]) -> list:
        rows = self.query._converted(self.query._compile(self.using), rows, self.using)
        return self.query._instances(self.using, rows) if self.objects else rows

    def statements(self) -> list[Statement]:
        return [(self.sql, self.params)]

    def read_results(self, results: list[list[tuple]]) -> list:
        return self.read(results[0])


class Known(NamedTuple):
    """A lookup whose answer is known without asking the database (e.g. a limit that is
    switched off): it sends nothing and reads as `value`."""

    value: Any
    using: None = None

    def statements(self) -> list[Statement]:
        return []

    def read_results(self, results: list[list[tuple]]) -> Any:
        return self.value


def fetch_together(*lookups: Lookup) -> list[Any]:
    """Run the lookups' statements in one round trip (`core.statements.run_together`); each
    lookup's result as it reads it (a `Bound` as its own `rows()` or `objects()` would)."""
    usings = {lookup.using for lookup in lookups if lookup.using is not None}
    if len(usings) > 1:
        raise ValueError("fetch_together: all queries must use the same database")
    statements = [lookup.statements() for lookup in lookups]
    flat = [statement for own in statements for statement in own]
    results = run_together(flat, using=usings.pop()) if flat else []
    answers = []
    start = 0
    for lookup, own in zip(lookups, statements, strict=True):
        answers.append(lookup.read_results(results[start : start + len(own)]))
        start += len(own)
    return answers
