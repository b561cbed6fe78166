"""The sweep (issue 14): a person who left traces in every app is erased, and afterwards no
text or JSON column of any table holds their name or address. Runs on both databases."""

from __future__ import annotations

import datetime
import time
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from kansenwerk.afspraken.services.agreements import agreement_create
from kansenwerk.core.actor import audit_context
from kansenwerk.core.models import Region, User
from kansenwerk.core.privacy import privacy_erase, privacy_export
from kansenwerk.koppelen.models import Participant
from kansenwerk.koppelen.services.participants import participant_create
from kansenwerk.koppelen.tests.factories import ProgrammeFactory
from kansenwerk.meetups.models import Registration
from kansenwerk.tafels import services as tafels
from kansenwerk.tafels.tests.factories import (
    MeetupFactory,
    MeetupThemeFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db(transaction=False)


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def scan(needles: list[str]) -> tuple[dict[str, int], int, int]:
    """{table.column: hits} over every column of every table, cast to text, case-insensitive.

    Returns the hits, the number of tables and the number of columns read.
    """
    hits: dict[str, int] = {}
    tables = columns = 0
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            # Every table, also SQLite's FTS5 tables and their shadow tables.
            description = connection.introspection.get_table_description(cursor, table)
            tables += 1
            for column in description:
                columns += 1
                if connection.vendor == "postgresql":
                    expr = f"CAST({quote(column.name)} AS TEXT) ILIKE %s"
                else:
                    expr = f"CAST({quote(column.name)} AS TEXT) LIKE %s"
                for needle in needles:
                    cursor.execute(
                        f"SELECT COUNT(*) FROM {quote(table)} WHERE {expr}",
                        [f"%{needle}%"],
                    )
                    count = cursor.fetchone()[0]
                    if count:
                        key = f"{table}.{column.name}"
                        hits[key] = hits.get(key, 0) + count
    return hits, tables, columns


def pending_task(status="READY", **kwargs):
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": kwargs},
        task_path="kansenwerk.meetups.tasks.send_message_to_registrants"
        if "body" in kwargs
        else "kansenwerk.meetups.tasks.send_registration_email",
        backend_name="default",
        queue_name="default",
        run_after=timezone.now(),
        exception_class_path="",
        traceback="",
    )


def test_erasure_leaves_no_trace_in_any_table(
    client, beheerder, organisator, region, django_capture_on_commit_callbacks
):
    tag = uuid.uuid4().hex[:8]
    name = f"Ysolde Quarrington{tag}"
    surname = f"Quarrington{tag}"
    email = f"ysolde.{tag}@voorbeeld.test"

    meetup = MeetupFactory(region=region, title="Kansenavond sweep")
    themes = [
        MeetupThemeFactory(meetup=meetup, title="Taal", slug="taal", position=0),
        MeetupThemeFactory(meetup=meetup, title="Ouders", slug="ouders", position=1),
    ]
    others = [
        RegistrationFactory(
            meetup=meetup,
            name=f"Deelnemer {i}",
            organisation=f"Organisatie {i}",
            organisation_kind="onderwijs",
            profession="leerkracht_po",
            theme_choice_1=themes[i % 2],
            theme=themes[i % 2],
        )
        for i in range(8)
    ]

    # 1. Registered through the public API, with needs and organisation.
    response = client.post(
        f"/api/meetups/{meetup.slug}/registrations",
        {
            "name": name,
            "email": email,
            "organisation": f"Buurthuis {surname}",
            "profession": "jeugdwerker",
            "theme_choices": ["taal"],
            "needs": f"{name} komt met rolstoel",
            "consent": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    registration = Registration.objects.get(pk=response.json()["id"])

    # 2. An account with the same address that did something (actor_label = the address).
    account = User.objects.create_user(
        username=email, email=email, first_name="Ysolde", last_name=surname, password="x" * 20
    )
    account.regions.add(region)
    with audit_context(user=account, source="web"):
        Region.objects.create(name=f"Regio van {tag}")

    # 3. Owner of one agreement, named in another's "met wie".
    due = timezone.localdate() + datetime.timedelta(days=30)
    owned, _ = agreement_create(
        user=organisator,
        meetup=meetup,
        what="Voorleesochtend in de bibliotheek",
        owner_name=name,
        owner_email=email,
        due_date=due,
        people="Bert en Ans",
    )
    named, _ = agreement_create(
        user=organisator,
        meetup=meetup,
        what="Taalcafé voor ouders",
        owner_name="Karin Bos",
        owner_email="karin@voorbeeld.test",
        due_date=due,
        people=f"{name} en Ans de Vries",
    )

    # 4. A Koppelen participant with an intake.
    programme = ProgrammeFactory(region=region)
    participant = participant_create(
        user=beheerder,
        programme=programme,
        side="mentor",
        data={
            "display_name": name,
            "contact": f"{email} / 06-12345678",
            "languages": ["nl", "ar"],
            "interests": ["voetbal"],
            "postcode_area": "3511",
            "notes": f"{surname} belt terug",
        },
    )

    # 5. Table host in a plan; a no-show at the door, so the rebalance names them in last_moves.
    with django_capture_on_commit_callbacks(execute=True):
        plan = tafels.plan_create(
            user=organisator,
            meetup=meetup,
            rounds=1,
            table_size_min=2,
            table_size_max=3,
            seconds=1,
            facilitators=[registration],
        )
    plan.refresh_from_db()
    assert plan.run_state == "done", plan.error
    now = timezone.now()
    Registration.objects.filter(pk__in=[r.pk for r in others]).update(
        checked_in_at=now, status=Registration.Status.ATTENDED
    )
    tafels.plan_rebalance(user=organisator, plan=plan)
    plan.refresh_from_db()
    # last_moves refers to people by registration id (names are looked up when shown), so
    # there is no copy of the name to forget there; the entry itself must still go.
    assert any(m.get("registration_id") == registration.pk for m in plan.last_moves)

    # 6. Queued e-mail: one about the registration, one whose text names them.
    pending_task(registration_id=registration.pk, kind="reminder")
    pending_task(meetup_id=meetup.pk, subject="Tot straks", body=f"Beste {name}, tot straks")
    sent = pending_task(
        status="SUCCESSFUL", meetup_id=meetup.pk, subject="Dank", body=f"Dag {name}"
    )

    # The traces are really there (the scan can find them), but not in the search index.
    before, _, _ = scan([name, email])
    for table in (
        "meetups_registration",
        "afspraken_agreement",
        "koppelen_participant",
        "core_user",
        "core_auditlogentry",
        "django_tasks_database_dbtaskresult",
    ):
        assert any(key.startswith(table + ".") for key in before), (table, before)
    assert not any(key.startswith("search_") for key in before), before

    exported = privacy_export(email=email)
    kinds = {item["kind"] for item in exported}
    assert {
        "registration",
        "account",
        "agreement",
        "agreement_mention",
        "participant",
        "intake",
        "table_plan",
    } <= kinds

    started = time.perf_counter()
    report = privacy_erase(email=email, actor=beheerder)
    elapsed = time.perf_counter() - started

    after, tables, columns = scan([name, email, surname])
    assert after == {}, after
    print(  # the figures for the note
        f"\nsweep ({connection.vendor}): {tables} tables, {columns} columns scanned, "
        f"{len(before)} columns held the name or address before, erase took {elapsed:.3f}s"
    )

    # What stays, and what the report says.
    assert report.account_deactivated
    assert report.counts["registration"] == 1 and report.counts["agreement"] == 1
    assert report.counts["queued_task_deleted"] == 2
    sent.refresh_from_db()  # a finished task stays, without the name
    assert sent.args_kwargs["kwargs"]["body"] == "Dag [naam verwijderd]"
    registration.refresh_from_db()
    assert registration.pseudonymised_at and registration.profession == "jeugdwerker"
    account.refresh_from_db()
    assert not account.is_active and not account.has_usable_password()
    assert account.username == f"verwijderd-{account.pk}"
    owned.refresh_from_db()
    named.refresh_from_db()
    assert owned.token_revoked_at is not None and owned.owner_email == ""
    assert named.people == "[naam verwijderd] en Ans de Vries"
    participant = Participant.objects.get(pk=participant.pk)
    assert participant.pseudonymised_at and participant.display_name == f"Mentor {participant.pk}"
    assert privacy_export(email=email) == []
