"""Several short statements in one round trip, with the SQL written by the ORM.

While a row lock is held, every round trip to the database lengthens the time everyone
else waits for it (issue 15: the registrations of one meetup queue for the meetup's row).
On PostgreSQL, with Django's default client-side binding, one `execute()` may carry
several statements separated by semicolons: they go to the server as one message and come
back as one answer, each statement with its own result and its own snapshot. Elsewhere
(SQLite, which has no round trips to save, or PostgreSQL with server-side binding) the
statements simply run one after the other, so callers write one code path.

The SQL always comes from the ORM: `insert_statement` compiles a model instance's INSERT
(the fields' `pre_save`, such as `auto_now_add`, and their database preparation apply as
in `save()`), `capture_inserts` collects the INSERTs that library code (the task queue's
`enqueue`) would have sent, and `next_id_statement` asks a PostgreSQL sequence for the id
an insert will use. Written by hand: Django has no public way to batch statements, and
psycopg's pipeline mode still waits for each INSERT ... RETURNING the ORM issues.

Like `bulk_create`, an INSERT sent this way skips the model's `save()` and its signals;
the caller writes what those would have written (e.g. `audit.created_entry`).

On PostgreSQL each statement is also prepared once per connection, so the server stops
parsing and planning it on every call (`_prepared_message`; KANSENWERK_PREPARED_STATEMENTS).
"""

from __future__ import annotations

import functools
import hashlib
import re
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import Model
from django.db.models.sql import InsertQuery

Statement = tuple[str, Sequence[Any]]


def _one_message(using: str) -> bool:
    """True when one execute() may carry several statements (psycopg's ClientCursor)."""
    connection = connections[using]
    return connection.vendor == "postgresql" and not connection.settings_dict.get(
        "OPTIONS", {}
    ).get("server_side_binding")


def _ends_outermost_block(using: str) -> bool:
    """True inside an outermost `atomic()` block that will commit when it exits."""
    connection = connections[using]
    return (
        connection.in_atomic_block
        and connection.commit_on_exit
        and not connection.savepoint_ids
        and not connection.needs_rollback
    )


def run_together(
    statements: Sequence[Statement], *, using: str, last_in_transaction: bool = False
) -> list[list[tuple]]:
    """Run the statements in order; the rows each one returned ([] for a write).

    On PostgreSQL with client-side binding they travel in one message, each as a prepared
    statement of the connection (see `_prepared_message`). If a statement fails, the ones
    after it do not run and the error is raised as Django raises it (IntegrityError for a
    broken constraint), so the caller's `atomic()` rolls back.

    `last_in_transaction=True` promises that the caller's `atomic()` block ends right after
    this call. When that block is the outermost one and the statements travel together, the
    message ends with the COMMIT the block would send next: one round trip less. The block
    then finds no transaction left to commit (psycopg's `commit()` does nothing when the
    server is idle) and runs its `on_commit` callbacks as usual. Inside an enclosing block
    (a savepoint, or a test's transaction) nothing is committed early."""
    connection = connections[using]
    one_message = _one_message(using)
    commit = last_in_transaction and one_message and _ends_outermost_block(using)
    prepare = one_message and _prepare_enabled()
    together = commit or prepare or (len(statements) > 1 and one_message)
    if together and any(";" in sql for sql, _params in statements):
        raise ValueError("a statement to send together must not contain ';'")
    results: list[list[tuple]] = []
    with connection.cursor() as cursor:
        if together:
            parts, values, answers = (
                _prepared_message(connection, statements)
                if prepare
                else (
                    [sql for sql, _params in statements],
                    [value for _sql, params in statements for value in params],
                    [True] * len(statements),
                )
            )
            if commit:
                parts, answers = [*parts, "COMMIT"], [*answers, False]
            try:
                cursor.execute("; ".join(parts), values)
            except Exception:
                if prepare:
                    _prepared_failed(connection)
                raise
            finally:
                if prepare:
                    _log_as_sent_in_full(connection, statements, commit)
            for index, answer in enumerate(answers):
                if index:
                    cursor.nextset()
                if answer:
                    results.append(list(cursor.fetchall()) if cursor.description else [])
            return results
        for sql, params in statements:
            cursor.execute(sql, params)
            results.append(list(cursor.fetchall()) if cursor.description else [])
    return results


# Prepared statements (PostgreSQL). Every statement `run_together` sends is parsed and
# planned by the server on each call; for the short statements of the registration path
# that is most of the server's work (issue 15: a lookup by slug costs 95 µs of backend
# time as SQL, 57 µs as a prepared statement). So each statement is prepared once per
# connection with SQL's own PREPARE, sent in the same message as its first EXECUTE, and
# from then on only EXECUTE travels. SQL-level PREPARE keeps the one-message protocol
# (psycopg's protocol-level preparation needs pipeline mode, which measured slower here).
# A prepared statement belongs to the session: `_PREPARED` remembers, per psycopg
# connection, which names it has. PREPARE is not undone by a rollback, so after a failed
# message (some of its PREPAREs may have run) the next message starts with DEALLOCATE ALL
# and prepares again. Switched off with KANSENWERK_PREPARED_STATEMENTS=off, as a
# transaction-pooling proxy (pgbouncer in transaction mode) does not keep session state.
_PREPARED: weakref.WeakKeyDictionary[Any, set[str]] = weakref.WeakKeyDictionary()
_UNSURE: weakref.WeakSet[Any] = weakref.WeakSet()
# More distinct statements than this on one connection are sent as plain SQL.
PREPARED_PER_CONNECTION = 500
_PLACEHOLDER = re.compile(r"%%|%s")


def _prepare_enabled() -> bool:
    flag = str(getattr(settings, "KANSENWERK_PREPARED_STATEMENTS", "on")).lower()
    return flag not in ("off", "0", "false")


def _parameter_type(value: Any) -> str:
    """The type to declare for a parameter. A Python int must be a number even where the
    context does not say so (`INSERT … SELECT %s`); anything else is left to PostgreSQL to
    infer, exactly as it infers the type of the literal client-side binding would send."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "bigint"
    return "unknown"


@functools.lru_cache(maxsize=1024)
def _statement_name(sql: str, types: tuple[str, ...]) -> str:
    """The prepared statement's name: the same for the same SQL and parameter types."""
    return "kw_" + hashlib.blake2b(f"{sql}|{types}".encode(), digest_size=10).hexdigest()


def _numbered(sql: str) -> str:
    """The statement with PostgreSQL's $1, $2 … for Django's %s (a literal %% stays, as
    the message is still formatted by the client-side binding)."""
    numbers = iter(range(1, sql.count("%s") + 1))
    return _PLACEHOLDER.sub(
        lambda match: "%%" if match.group(0) == "%%" else f"${next(numbers)}", sql
    )


def _prepared_message(
    connection, statements: Sequence[Statement]
) -> tuple[list[str], list[Any], list[bool]]:
    """(parts of the message, their values, whether each part answers a statement)."""
    raw = connection.connection
    names = _PREPARED.setdefault(raw, set())
    parts: list[str] = []
    values: list[Any] = []
    answers: list[bool] = []
    if raw in _UNSURE:
        parts.append("DEALLOCATE ALL")
        answers.append(False)
        names.clear()
        _UNSURE.discard(raw)
    for sql, params in statements:
        types = tuple(_parameter_type(value) for value in params)
        name = _statement_name(sql, types)
        if name not in names:
            if len(names) >= PREPARED_PER_CONNECTION:
                parts.append(sql)
                values.extend(params)
                answers.append(True)
                continue
            body = _numbered(sql)
            declared = f"({', '.join(types)})" if params else ""
            parts.append(f"PREPARE {name}{declared} AS {body}")
            answers.append(False)
            names.add(name)
        parts.append(
            f"EXECUTE {name}({', '.join(['%s'] * len(params))})" if params else f"EXECUTE {name}"
        )
        values.extend(params)
        answers.append(True)
    return parts, values, answers


def _prepared_failed(connection) -> None:
    """After a failed message the connection's prepared statements are unknown."""
    raw = connection.connection
    if raw is not None:
        _PREPARED.pop(raw, None)
        _UNSURE.add(raw)


def _log_as_sent_in_full(connection, statements: Sequence[Statement], commit: bool) -> None:
    """In the query log (DEBUG, tests), show the statements themselves instead of the
    EXECUTEs of prepared names: the message as it would read sent as plain SQL."""
    if not connection.queries_logged or not connection.queries_log:
        return
    shown = [connection.ops.compose_sql(sql, params) for sql, params in statements]
    connection.queries_log[-1]["sql"] = "; ".join([*shown, "COMMIT"] if commit else shown)


def insert_statement(instance: Model, *, using: str) -> Statement:
    """The INSERT `instance.save(force_insert=True)` would send, without RETURNING.

    The primary key is included when it is set; an unset auto-increment key is left to the
    database (read it back with `cursor.lastrowid` on SQLite, or set it first with
    `next_id_statement` on PostgreSQL)."""
    opts = instance._meta
    fields = list(opts.local_concrete_fields)
    if instance.pk is None and opts.auto_field is not None:
        fields = [field for field in fields if field is not opts.auto_field]
    query = InsertQuery(type(instance))
    query.insert_values(fields, [instance], raw=False)
    compiled = query.get_compiler(using=using).as_sql()
    if len(compiled) != 1:  # pragma: no cover - one row gives one statement
        raise ValueError("one INSERT statement expected")
    sql, params = compiled[0]
    return sql, list(params)


def next_id_statement(model: type[Model], *, using: str) -> Statement | None:
    """On PostgreSQL, a SELECT of the next id the model's table will hand out (taking it
    from the sequence, so nobody else gets it); elsewhere None."""
    connection = connections[using]
    pk = model._meta.pk
    if connection.vendor != "postgresql" or pk is None or model._meta.auto_field is not pk:
        return None
    return (
        "SELECT nextval(pg_get_serial_sequence(%s, %s))",
        [connection.ops.quote_name(model._meta.db_table), pk.column],
    )


@contextmanager
def capture_inserts(using: str) -> Iterator[list[Statement]]:
    """Collect, instead of running, the INSERTs without RETURNING sent inside the block.

    For library code that writes a row the caller wants to send together with its own
    (the database task queue's `enqueue` inserts its row by a uuid key and reads nothing
    back). Any other statement inside the block is refused: it could depend on a row that
    has not been written yet."""
    captured: list[Statement] = []

    def wrapper(execute, sql, params, many, context):
        head = sql.lstrip()[:7].upper()
        if many or head != "INSERT " or " RETURNING " in sql.upper():
            raise RuntimeError(f"capture_inserts: only single INSERTs can be held back: {sql}")
        captured.append((sql, list(params or ())))
        return None

    with connections[using].execute_wrapper(wrapper):
        yield captured
