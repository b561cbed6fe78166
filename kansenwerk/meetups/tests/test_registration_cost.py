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

from kansenwerk.meetups import selectors
from kansenwerk.meetups.models import Profession, Registration
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
    return [q["sql"].split()[0].upper() for q in queries]


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
def test_api_registration_answers_without_asking_again(client, region):
    """A waitlisted API registration costs no queries after the commit, and at most the
    reads, one lock, one count and three inserts inside one transaction."""
    meetup = MeetupFactory(region=region, capacity=1)
    MeetupThemeFactory(meetup=meetup, title="Taal", slug="taal")
    url = f"/api/meetups/{meetup.slug}/registrations"

    def post(n):
        body = {
            "name": f"Gast {n}",
            "email": f"gast{n}@voorbeeld.invalid",
            "profession": Profession.ANDERS,
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
    statements = _statements(queries)
    # Meetup, its themes, then the transaction: lock, count, registration, audit entry.
    # On PostgreSQL the lock and the count are sent as one message (one round trip).
    together = connection.vendor == "postgresql"
    assert statements.count("SELECT") == (3 if together else 4), statements
    if together:
        (lock_and_count,) = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
        assert "; SELECT" in lock_and_count and "COUNT(" in lock_and_count
    assert statements.count("INSERT") == 2, statements  # the e-mail goes on commit here
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
    task_insert = next(
        i
        for i, q in enumerate(queries.captured_queries)
        if q["sql"].startswith("INSERT") and DBTaskResult._meta.db_table in q["sql"]
    )
    assert task_insert < statements.index("COMMIT")
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
