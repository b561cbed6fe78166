"""100 parallel registrations at a meetup with 20 places: no overbooking, nothing lost,
one e-mail task each (the database queue, written in the registration's transaction)."""

import threading

import pytest
from django.db import connection, connections
from django_tasks_db.models import DBTaskResult

from kansenwerk.meetups.models import Profession, Registration
from kansenwerk.meetups.selectors import waitlist_position
from kansenwerk.meetups.services.registration import registration_create

from .factories import MeetupFactory


@pytest.mark.django_db(transaction=True)
def test_hundred_parallel_registrations(region, settings):
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite's in-memory test database cannot be shared by 100 writer threads; "
            "SQLite serialises writers with BEGIN IMMEDIATE anyway. Run with DATABASE_URL=postgres://…"
        )
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    meetup = MeetupFactory(region=region, capacity=20)
    start = threading.Barrier(100)
    # PostgreSQL here accepts 100 connections in all, and the test runner's own connections
    # (this thread, the other xdist worker) must fit too; like an application server's
    # bounded pool, at most 80 registrations hold a connection at the same moment.
    pool = threading.BoundedSemaphore(80)
    errors: list[BaseException] = []
    done: dict[int, Registration] = {}

    def worker(n: int) -> None:
        try:
            start.wait()
            with pool:
                done[n] = _register(n)
        except BaseException as exc:
            errors.append(exc)

    def _register(n: int) -> Registration:
        try:
            return registration_create(
                meetup=meetup,
                name=f"Persoon {n}",
                email=f"p{n}@voorbeeld.invalid",
                profession=Profession.ANDERS,
                consent=True,
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(100)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert len(done) == 100
    rows = list(Registration.objects.filter(meetup=meetup).order_by("id"))
    assert len(rows) == 100
    statuses = [r.status for r in rows]
    # Arrival order is the order the lock was granted: the first 20 ids hold the places.
    assert statuses == [Registration.Status.CONFIRMED] * 20 + [Registration.Status.WAITLISTED] * 80
    assert [waitlist_position(registration=r) for r in rows[20:]] == list(range(1, 81))
    # What each caller was told matches what was stored.
    for registration in done.values():
        stored = next(r for r in rows if r.pk == registration.pk)
        assert stored.status == registration.status
    # Exactly one confirmation or waiting-list e-mail per registration, as it was placed.
    tasks = sorted(
        (t.args_kwargs["kwargs"]["registration_id"], t.args_kwargs["kwargs"]["kind"])
        for t in DBTaskResult.objects.all()
    )
    kinds = {
        Registration.Status.CONFIRMED: "confirmation",
        Registration.Status.WAITLISTED: "waitlisted",
    }
    assert tasks == [(r.pk, kinds[r.status]) for r in rows]
