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
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

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

    On PostgreSQL with client-side binding they travel in one message. If a statement
    fails, the ones after it do not run and the error is raised as Django raises it
    (IntegrityError for a broken constraint), so the caller's `atomic()` rolls back.

    `last_in_transaction=True` promises that the caller's `atomic()` block ends right after
    this call. When that block is the outermost one and the statements travel together, the
    message ends with the COMMIT the block would send next: one round trip less. The block
    then finds no transaction left to commit (psycopg's `commit()` does nothing when the
    server is idle) and runs its `on_commit` callbacks as usual. Inside an enclosing block
    (a savepoint, or a test's transaction) nothing is committed early."""
    one_message = _one_message(using)
    commit = last_in_transaction and one_message and _ends_outermost_block(using)
    together = commit or (len(statements) > 1 and one_message)
    if together and any(";" in sql for sql, _params in statements):
        raise ValueError("a statement to send together must not contain ';'")
    sent = [*statements, ("COMMIT", [])] if commit else list(statements)
    results: list[list[tuple]] = []
    with connections[using].cursor() as cursor:
        if together:
            cursor.execute(
                "; ".join(sql for sql, _params in sent),
                [value for _sql, params in sent for value in params],
            )
            for index in range(len(sent)):
                if index:
                    cursor.nextset()
                results.append(list(cursor.fetchall()) if cursor.description else [])
            return results[: len(statements)]
        for sql, params in statements:
            cursor.execute(sql, params)
            results.append(list(cursor.fetchall()) if cursor.description else [])
    return results


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
