"""`core.statements`: the ORM's own INSERTs, sent together, give what `save()` gives."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kansenwerk.core.models import AuditLogEntry, Region
from kansenwerk.core.statements import (
    capture_inserts,
    insert_statement,
    next_id_statement,
    run_together,
)
from kansenwerk.meetups.models import Meetup
from kansenwerk.meetups.tests.factories import MeetupFactory

POSTGRES = connection.vendor == "postgresql"


def _insert(instance) -> None:
    """Write `instance` with `insert_statement`, its id as the caller would get it."""
    next_id = next_id_statement(type(instance), using="default")
    if next_id is not None:
        [[(instance.pk,)]] = run_together([next_id], using="default")
        run_together([insert_statement(instance, using="default")], using="default")
    else:
        sql, params = insert_statement(instance, using="default")
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            instance.pk = cursor.lastrowid


@pytest.mark.django_db
def test_insert_statement_stores_what_save_stores(region):
    starts = timezone.now() + datetime.timedelta(days=9)
    fields = [f.attname for f in Meetup._meta.concrete_fields if f.attname not in ("id", "slug")]
    saved = MeetupFactory.build(region=region, starts_at=starts, title="Avond één")
    saved.save()
    written = MeetupFactory.build(region=region, starts_at=starts, title="Avond één")
    written.slug = saved.slug + "-2"
    _insert(written)
    assert written.pk and written.pk != saved.pk
    # `auto_now_add` and `auto_now` were applied to the instance as save() applies them.
    assert written.created_at is not None and written.updated_at is not None
    a, b = Meetup.objects.get(pk=saved.pk), Meetup.objects.get(pk=written.pk)
    differing = [
        f
        for f in fields
        if getattr(a, f) != getattr(b, f) and f not in ("created_at", "updated_at")
    ]
    assert differing == []
    assert b.starts_at == starts and timezone.is_aware(b.starts_at)


@pytest.mark.django_db
def test_run_together_returns_each_statements_rows_in_one_round_trip(region):
    other = Region.objects.create(name="Regio Zuid")
    entry = AuditLogEntry(
        content_type=ContentType.objects.get_for_model(Region),
        source=AuditLogEntry.Source.SYSTEM,
        action=AuditLogEntry.Action.CREATE,
        object_id="1",
        object_repr="Proef; met puntkomma",
        changes={"tekst": "a; b"},
    )
    statements = [
        ("SELECT name FROM core_region WHERE id = %s", [region.pk]),
        insert_statement(entry, using="default"),
        ("SELECT name FROM core_region WHERE id IN (%s, %s) ORDER BY name", [region.pk, other.pk]),
    ]
    with CaptureQueriesContext(connection) as queries:
        results = run_together(statements, using="default")
    assert results == [[("Regio Noord",)], [], [("Regio Noord",), ("Regio Zuid",)]]
    # One message on PostgreSQL; one statement at a time elsewhere.
    assert len(queries.captured_queries) == (1 if POSTGRES else 3)
    # Values with ';' travel as parameters, not as SQL.
    assert AuditLogEntry.objects.get(object_repr="Proef; met puntkomma").changes == {
        "tekst": "a; b"
    }


@pytest.mark.django_db(transaction=True)
def test_a_failing_statement_stops_the_rest_and_the_transaction_rolls_back(region):
    first = Region(name="Regio Oost")
    duplicate = Region(name="Regio Noord")  # region names are unique
    later = Region(name="Regio West")
    with pytest.raises(IntegrityError), transaction.atomic():
        run_together(
            [insert_statement(r, using="default") for r in (first, duplicate, later)],
            using="default",
        )
    assert sorted(Region.objects.values_list("name", flat=True)) == ["Regio Noord"]


def test_statements_with_their_own_semicolon_are_refused():
    if not POSTGRES:
        pytest.skip("only a single message joins statements")
    with pytest.raises(ValueError):
        run_together([("SELECT 1; SELECT 2", []), ("SELECT 3", [])], using="default")


@pytest.mark.django_db
def test_next_id_comes_from_the_sequence_on_postgresql_only(region):
    statement = next_id_statement(Region, using="default")
    if not POSTGRES:
        assert statement is None
        return
    [[(a,)], [(b,)]] = run_together([statement, statement], using="default")
    assert b == a + 1 and a > region.pk
    # The sequence does not hand it out again.
    assert Region.objects.create(name="Regio Zuid").pk > b
    # A table keyed by a uuid has no sequence to ask.
    from django_tasks_db.models import DBTaskResult

    assert next_id_statement(DBTaskResult, using="default") is None


@pytest.mark.django_db
def test_capture_inserts_holds_back_the_queues_insert_and_refuses_anything_else(region, settings):
    from django_tasks_db.models import DBTaskResult

    from kansenwerk.meetups.tasks import send_registration_email

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    with capture_inserts("default") as captured:
        send_registration_email.enqueue(registration_id=7, kind="confirmation")
    assert len(captured) == 1 and DBTaskResult.objects.count() == 0
    run_together(captured, using="default")
    [row] = DBTaskResult.objects.all()
    assert row.args_kwargs == {"args": [], "kwargs": {"registration_id": 7, "kind": "confirmation"}}
    assert row.task_path == "kansenwerk.meetups.tasks.send_registration_email"
    # A read, an update, or an insert that reads its id back could depend on rows not
    # written yet: refused, and nothing is written.
    refused = (
        lambda: Region.objects.filter(pk=region.pk).exists(),
        lambda: Region.objects.filter(pk=region.pk).update(name="Regio Noord-Holland"),
        lambda: Region.objects.create(name="Regio Zuid"),
    )
    for attempt in refused:
        with pytest.raises(RuntimeError), transaction.atomic(), capture_inserts("default"):
            attempt()
    assert list(Region.objects.values_list("name", flat=True)) == ["Regio Noord"]


@pytest.mark.django_db(transaction=True)
def test_last_in_transaction_commits_with_the_message_only_in_the_outermost_block(region):
    """The COMMIT rides along only where the block would commit next anyway; callbacks run
    once, after it, and an enclosing block can still roll everything back."""
    ran = []

    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        transaction.on_commit(lambda: ran.append(Region.objects.count()))
        run_together(
            [insert_statement(Region(name="Regio Oost", slug="oost"), using="default")],
            using="default",
            last_in_transaction=True,
        )
        if POSTGRES:
            # The server has committed already; the block's own commit has nothing to send.
            from psycopg.pq import TransactionStatus

            assert connection.connection.info.transaction_status == TransactionStatus.IDLE
            assert ran == []  # callbacks wait for the block's end
    sent = [q["sql"] for q in queries.captured_queries]
    inserts = [sql for sql in sent if sql.startswith("INSERT")]
    assert len(inserts) == 1
    assert inserts[0].endswith("; COMMIT") == POSTGRES
    assert ran == [2]  # the callback ran once, after the commit

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        with CaptureQueriesContext(connection) as queries, transaction.atomic():
            run_together(
                [insert_statement(Region(name="Regio West", slug="west"), using="default")],
                using="default",
                last_in_transaction=True,
            )
        assert not any(q["sql"].endswith("COMMIT") for q in queries.captured_queries)
        raise Undo
    assert sorted(Region.objects.values_list("slug", flat=True)) == ["oost", region.slug]


@pytest.mark.django_db(transaction=True)
def test_a_failure_before_the_commit_in_the_message_commits_nothing(region):
    with pytest.raises(IntegrityError), transaction.atomic():
        run_together(
            [
                insert_statement(Region(name="Regio Oost", slug="oost"), using="default"),
                insert_statement(Region(name="Regio Noord", slug="noord-2"), using="default"),
            ],
            using="default",
            last_in_transaction=True,
        )
    assert list(Region.objects.values_list("name", flat=True)) == ["Regio Noord"]
    # The connection is usable again.
    Region.objects.create(name="Regio Zuid")
    assert Region.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_single_statement_sent_with_the_commit_is_checked_too(region):
    if not POSTGRES:
        pytest.skip("only a single message joins statements")
    with pytest.raises(ValueError), transaction.atomic():
        run_together([("SELECT 1; SELECT 2", [])], using="default", last_in_transaction=True)


# Prepared statements (PostgreSQL): prepared once per connection, then only EXECUTEd.


class _Sent:
    """The SQL as it really goes to the server (an execute wrapper sees it before the
    query log's rewriting)."""

    def __init__(self):
        self.messages: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        self.messages.append(sql)
        return execute(sql, params, many, context)


def _prepared_names() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements WHERE name LIKE 'kw\\_%%'")
        return {name for (name,) in cursor.fetchall()}


def _fresh_connection():
    connection.close()
    connection.ensure_connection()


needs_postgres = pytest.mark.skipif(not POSTGRES, reason="prepared statements: PostgreSQL")


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_statements_are_prepared_once_per_connection_then_executed(region):
    _fresh_connection()
    statements = [
        ("SELECT name FROM core_region WHERE id = %s", [region.pk]),
        # A literal % stays a literal; a Python int is a number even in a select list.
        ("SELECT %s || '%%', %s + 1", ["50", 41]),
    ]
    sent = _Sent()
    with connection.execute_wrapper(sent):
        first = run_together(statements, using="default")
        second = run_together(statements, using="default")
    assert first == second == [[("Regio Noord",)], [("50%", 42)]]
    assert sent.messages[0].count("PREPARE ") == 2 and sent.messages[0].count("EXECUTE ") == 2
    assert "PREPARE" not in sent.messages[1] and sent.messages[1].count("EXECUTE ") == 2
    assert "core_region" not in sent.messages[1]
    assert len(_prepared_names()) == 2
    # The query log shows the statements themselves, as plain SQL would have sent them.
    with CaptureQueriesContext(connection) as queries:
        run_together(statements, using="default")
    (logged,) = [q["sql"] for q in queries.captured_queries]
    assert "core_region" in logged and "EXECUTE" not in logged
    # A new connection has none of them: prepared again.
    _fresh_connection()
    sent = _Sent()
    with connection.execute_wrapper(sent):
        assert run_together(statements, using="default") == first
    assert sent.messages[0].count("PREPARE ") == 2


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_after_a_failed_message_the_prepared_statements_start_over(region):
    """A PREPARE is not undone by the rollback; the next message deallocates and prepares
    again instead of failing on a name that exists."""
    _fresh_connection()
    duplicate = Region(name="Regio Noord")  # region names are unique
    fresh = ("SELECT count(*) FROM core_region WHERE name <> %s", ["x"])
    with pytest.raises(IntegrityError), transaction.atomic():
        run_together([fresh, insert_statement(duplicate, using="default")], using="default")
    sent = _Sent()
    with connection.execute_wrapper(sent):
        assert run_together([fresh], using="default") == [[(1,)]]
    assert sent.messages[0].startswith("DEALLOCATE ALL; PREPARE ")
    assert run_together([fresh], using="default") == [[(1,)]]


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_prepared_statements_can_be_switched_off_and_are_capped(region, settings, monkeypatch):
    from kansenwerk.core import statements as module

    _fresh_connection()
    query = ("SELECT name FROM core_region WHERE id = %s", [region.pk])
    settings.KANSENWERK_PREPARED_STATEMENTS = "off"
    sent = _Sent()
    with connection.execute_wrapper(sent):
        assert run_together([query], using="default") == [[("Regio Noord",)]]
    assert "PREPARE" not in sent.messages[0] and "EXECUTE" not in sent.messages[0]
    assert _prepared_names() == set()
    # Beyond the cap per connection a statement is sent as plain SQL, with the same answer.
    settings.KANSENWERK_PREPARED_STATEMENTS = "on"
    monkeypatch.setattr(module, "PREPARED_PER_CONNECTION", 1)
    other = ("SELECT id FROM core_region WHERE name = %s", ["Regio Noord"])
    sent = _Sent()
    with connection.execute_wrapper(sent):
        assert run_together([query, other], using="default") == [[("Regio Noord",)], [(region.pk,)]]
    assert (
        sent.messages[0].count("PREPARE ") == 1 and "SELECT id FROM core_region" in sent.messages[0]
    )
    assert len(_prepared_names()) == 1
