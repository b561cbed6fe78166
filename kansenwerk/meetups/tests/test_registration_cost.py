"""What a registration costs (issue 15): few queries, one commit, and the same answers.

The throughput itself is measured in `bench/registration.py`; these tests pin the
behaviour the speed-up relies on, on both databases.
"""

import json

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from kansenwerk.core.models import AuditLogEntry, RateLimitWindow
from kansenwerk.meetups import selectors
from kansenwerk.meetups.models import Meetup, MeetupTheme, Profession, Registration
from kansenwerk.meetups.services import registration as svc

from .factories import MeetupFactory, MeetupThemeFactory

S = Registration.Status
DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}


def _admit(meetup, n, themes=(), **kwargs):
    return svc.registration_admit(
        meetup=meetup,
        name=f"Gast {n}",
        email=f"gast{n}@voorbeeld.invalid",
        profession=Profession.ANDERS,
        theme_choices=list(themes),
        consent=True,
        **kwargs,
    )


def _statements(queries) -> list[str]:
    # A statement held back by `core.statements.capture_inserts` is logged without SQL
    # where it was held back; it is sent (and logged) with the statements after it.
    return [q["sql"].split()[0].upper() for q in queries if q["sql"] is not None]


@pytest.mark.django_db
def test_admission_tells_what_the_selectors_tell(region):
    """Position and reason decided under the lock equal what the page reads later."""
    meetup = MeetupFactory(region=region, capacity=2)
    small = MeetupThemeFactory(meetup=meetup, title="Klein", slug="klein", capacity=1)
    big = MeetupThemeFactory(meetup=meetup, title="Groot", slug="groot")
    admissions = [
        _admit(meetup, 1, [small]),
        # The small theme is full while the meetup is not: waits for its theme.
        _admit(meetup, 2, [small], waitlist_if_theme_full=True),
        _admit(meetup, 3, [big]),
        # Now the meetup is full.
        _admit(meetup, 4, [big]),
        _admit(meetup, 5, [small, big]),
    ]
    statuses = [a.registration.status for a in admissions]
    assert statuses == [S.CONFIRMED, S.WAITLISTED, S.CONFIRMED, S.WAITLISTED, S.WAITLISTED]
    assert [a.position for a in admissions] == [None, 1, None, 2, 3]
    assert [a.waitlist_reason for a in admissions] == [
        None,
        "theme_full",
        None,
        "meetup_full",
        "meetup_full",
    ]
    # The position is still right when read back; the theme-full reason was true when given.
    for admission in admissions:
        stored = Registration.objects.get(pk=admission.registration.pk)
        assert selectors.waitlist_position(registration=stored) == admission.position
    fourth = Registration.objects.get(pk=admissions[3].registration.pk)
    assert selectors.waitlist_reason(registration=fourth)["reason"] == "meetup_full"


@pytest.mark.django_db
def test_api_registration_answers_without_asking_again(client, region, settings):
    """A waitlisted API registration costs no queries after the commit, and at most the
    reads, one lock, one count and three inserts inside one transaction."""
    from kansenwerk.netwerk.models import Organization

    settings.KANSENWERK_RATE_LIMITS = "on"  # as in production: every attempt is counted

    meetup = MeetupFactory(region=region, capacity=1)
    MeetupThemeFactory(meetup=meetup, title="Taal", slug="taal")
    library = Organization.objects.create(
        name="Bibliotheek Noord", region=region, kind=Organization.Kind.BIBLIOTHEEK
    )
    url = f"/api/meetups/{meetup.slug}/registrations"

    def post(n):
        body = {
            "name": f"Gast {n}",
            "email": f"gast{n}@voorbeeld.invalid",
            "profession": Profession.ANDERS,
            "organisation": "bibliotheek noord",
            "theme_choices": ["taal"],
            "consent": True,
        }
        return client.post(url, data=json.dumps(body), content_type="application/json")

    assert post(1).json()["status"] == S.CONFIRMED
    with CaptureQueriesContext(connection) as queries:
        response = post(2)
    assert response.status_code == 201
    assert response.json() == {
        "id": response.json()["id"],
        "status": S.WAITLISTED,
        "position": 1,
        "theme": None,
        "waitlist_reason": "meetup_full",
    }
    stored = Registration.objects.get(pk=response.json()["id"])
    assert (stored.organisation_ref_id, stored.organisation_kind) == (library.pk, library.kind)
    statements = _statements(queries)
    # The meetup, its themes and the limiter's count, then the transaction: lock, count,
    # (PostgreSQL: the next id), the netwerk organisation, registration, audit entry. On
    # PostgreSQL the first three are one message, the lock, the count, the id and the
    # organisation another, and the inserts a third: two round trips while the lock is held.
    together = connection.vendor == "postgresql"
    assert statements.count("SELECT") == (2 if together else 5), statements
    sent = [q["sql"] for q in queries.captured_queries if q["sql"] is not None]
    if together:
        first = sent[0]
        assert first.startswith("SELECT") and first.count("; ") == 2, first
        for table in (Meetup, MeetupTheme, RateLimitWindow):
            assert table._meta.db_table in first
        (lock_and_count,) = [sql for sql in sent if "FOR UPDATE" in sql]
        assert "; SELECT" in lock_and_count and "COUNT(" in lock_and_count
        assert "nextval(" in lock_and_count and "netwerk_organization" in lock_and_count
    else:
        assert RateLimitWindow._meta.db_table in sent[2]
    inserts = [
        sql for sql in sent if sql.startswith("INSERT") and "core_ratelimitwindow" not in sql
    ]
    if together:
        (both,) = inserts
        assert both.count("INSERT INTO") == 2
    else:
        assert len(inserts) == 2, statements  # the e-mail goes on commit here
    assert Registration._meta.db_table in inserts[0]
    assert AuditLogEntry._meta.db_table in inserts[-1]
    last_write = max(i for i, s in enumerate(statements) if s == "INSERT")
    assert "SELECT" not in statements[last_write + 1 :], statements


@pytest.mark.django_db(transaction=True)
def test_database_queue_gets_the_task_in_the_same_transaction(region, settings):
    """With the database queue: one task row per registration, written before the single
    commit, and none when the registration is rolled back."""
    settings.TASKS = DB_QUEUE
    meetup = MeetupFactory(region=region, capacity=1)
    with CaptureQueriesContext(connection) as queries:
        first = _admit(meetup, 1).registration
    statements = _statements(queries)
    assert statements.count("COMMIT") == 1, statements
    sent = [q["sql"] for q in queries.captured_queries if q["sql"] is not None]
    task_insert = next(
        i
        for i, sql in enumerate(sent)
        if sql.startswith("INSERT") and DBTaskResult._meta.db_table in sql
    )
    assert task_insert < statements.index("COMMIT")
    if connection.vendor == "postgresql":
        # Sent with the registration and its audit entry, in one message.
        assert Registration._meta.db_table in sent[task_insert]
    second = _admit(meetup, 2).registration
    kinds = sorted(
        (t.args_kwargs["kwargs"]["registration_id"], t.args_kwargs["kwargs"]["kind"])
        for t in DBTaskResult.objects.all()
    )
    assert kinds == [(first.pk, "confirmation"), (second.pk, "waitlisted")]

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        _admit(meetup, 3)
        raise Undo
    assert DBTaskResult.objects.count() == 2
    assert Registration.objects.filter(meetup=meetup).count() == 2
    assert mail.outbox == []  # queued for the worker, not sent in the request


@pytest.mark.django_db(transaction=True)
def test_other_queues_are_enqueued_after_the_commit(region, settings):
    """The immediate backend would send inside the transaction: it waits for the commit,
    and a rolled-back registration sends nothing."""
    meetup = MeetupFactory(region=region, capacity=1)

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        _admit(meetup, 1)
        assert mail.outbox == []
        raise Undo
    assert mail.outbox == []
    _admit(meetup, 2)
    assert [m.to for m in mail.outbox] == [["gast2@voorbeeld.invalid"]]
    assert DBTaskResult.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_the_hot_path_writes_what_save_and_enqueue_would_write(region, settings):
    """The registration, its audit entry and its task row are sent as compiled INSERTs
    (core.statements), skipping save() and its signals: the rows equal the ones save() and
    the queue's enqueue() write, and nothing another receiver does is missed."""
    from django.contrib.contenttypes.models import ContentType
    from django_tasks_db.models import DBTaskResult

    from kansenwerk.core.actor import audit_context
    from kansenwerk.meetups.tasks import send_registration_email
    from kansenwerk.regio.models import Tally
    from kansenwerk.search import registry

    settings.TASKS = DB_QUEUE
    meetup = MeetupFactory(region=region, capacity=1)
    theme = MeetupThemeFactory(meetup=meetup, title="Taal", slug="taal")
    tallies_before = sorted(Tally.objects.values_list("kind", "key", "sub", "n"))
    with audit_context(source=AuditLogEntry.Source.API):
        fast = [_admit(meetup, 1, [theme]).registration, _admit(meetup, 2, [theme]).registration]
    assert [r.status for r in fast] == [S.CONFIRMED, S.WAITLISTED]
    assert fast[1].pk > fast[0].pk  # ids keep arrival order
    # The same registrations written the ordinary way.
    with audit_context(source=AuditLogEntry.Source.API):
        slow = []
        for original in fast:
            copy = Registration.objects.get(pk=original.pk)
            copy.pk, copy.email = None, f"kopie-{original.email}"
            copy.token = Registration._meta.get_field("token").get_default()
            copy.save(force_insert=True)
            slow.append(copy)
    fields = [f.attname for f in Registration._meta.concrete_fields]
    skip = {"id", "email", "token", "created_at", "updated_at"}
    entries = AuditLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Registration)
    )
    for a, b in zip(fast, slow, strict=True):
        stored = Registration.objects.get(pk=a.pk)
        assert [getattr(stored, f) for f in fields] == [getattr(a, f) for f in fields]
        assert {f: getattr(stored, f) for f in fields if f not in skip} == {
            f: getattr(b, f) for f in fields if f not in skip
        }
        [entry_a] = entries.filter(object_id=str(a.pk), action="create")
        [entry_b] = entries.filter(object_id=str(b.pk), action="create")
        for attr in ("source", "actor_id", "content_type_id"):
            assert getattr(entry_a, attr) == getattr(entry_b, attr)
        assert entry_a.object_repr == entry_b.object_repr.replace(str(b.pk), str(a.pk))
        assert entry_a.changes.keys() == entry_b.changes.keys()
        same = {k for k in entry_a.changes if k not in {"id", "created_at", "updated_at"}}
        assert {k: entry_a.changes[k] for k in same} == {k: entry_b.changes[k] for k in same}
        # Personal data stays out of the entry, as on the ordinary path.
        assert a.name not in str(entry_a.changes) and a.email not in str(entry_a.changes)
    # The task rows equal what enqueue() writes for the same registration.
    tasks = {t.args_kwargs["kwargs"]["registration_id"]: t for t in DBTaskResult.objects.all()}
    assert set(tasks) == {r.pk for r in fast}
    reference = send_registration_email.enqueue(registration_id=fast[0].pk, kind="confirmation")
    expected = DBTaskResult.objects.get(pk=reference.id)
    columns = [f.attname for f in DBTaskResult._meta.concrete_fields]
    assert {
        c: getattr(tasks[fast[0].pk], c) for c in columns if c not in ("id", "enqueued_at")
    } == {c: getattr(expected, c) for c in columns if c not in ("id", "enqueued_at")}
    # The other save receivers have nothing to do for a new registration.
    assert registry.get(Registration) is None
    assert sorted(Tally.objects.values_list("kind", "key", "sub", "n")) == tallies_before
    # Later saves compare with the values as written: cancelling logs only what changed.
    svc.registration_cancel(registration=fast[0])
    update = entries.get(object_id=str(fast[0].pk), action="update")
    assert set(update.changes) == {"status", "cancelled_at", "updated_at"}
