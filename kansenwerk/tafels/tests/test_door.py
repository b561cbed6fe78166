"""At the door: table numbers on the check-in page and personal page, re-planning that keeps
those already seated, and `kansenwerk plan-tables --meetup` on the same service."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from kansenwerk.meetups.models import Registration
from kansenwerk.tafels import services
from kansenwerk.tafels.models import TablePlan

from .factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def make_plan(user, meetup, capture, **options):
    options = {"rounds": 2, "table_size_min": 3, "table_size_max": 5, "seconds": 1} | options
    with capture(execute=True):
        plan = services.plan_create(user=user, meetup=meetup, **options)
    plan.refresh_from_db()
    assert plan.run_state == TablePlan.RunState.DONE, plan.error
    return plan


def test_checkin_and_personal_page_show_the_table_once_the_plan_is_final(
    client, organisator, meetup, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    plan = make_plan(organisator, meetup, django_capture_on_commit_callbacks)
    person = meetup.registrations.get(name="Persoon 00")
    seats = {s.round: s for s in plan.seats.filter(registration=person)}
    label_1 = f"tafel {seats[1].table_number} (Taal)"
    label_2 = f"tafel {seats[2].table_number} (Taal)"
    client.force_login(organisator)
    checkin = reverse("meetups:checkin", kwargs={"slug": meetup.slug})
    personal = reverse("meetups:registration_manage", kwargs={"token": person.token})
    # A draft plan is not shown to anyone at the door.
    assert label_1 not in client.get(checkin).content.decode()
    assert "Uw tafel" not in client.get(personal).content.decode()
    services.plan_set_status(user=organisator, plan=plan, status=TablePlan.Status.FINAL)
    with django_assert_max_num_queries(12):
        html = client.get(checkin).content.decode()
    assert f"ronde 1: {label_1}" in html and f"ronde 2: {label_2}" in html
    html = client.get(reverse("meetups:checkin_list", kwargs={"slug": meetup.slug})).content
    assert label_1 in html.decode()
    client.logout()
    html = client.get(personal).content.decode()
    assert "Uw tafel" in html and label_1 in html and label_2 in html
    # The check-in toggle answers with the row, table included.
    client.force_login(organisator)
    response = client.post(
        reverse(
            "meetups:checkin_toggle", kwargs={"slug": meetup.slug, "registration_id": person.pk}
        ),
        {"present": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert label_1 in response.content.decode()


def test_only_one_plan_is_final(organisator, meetup, django_capture_on_commit_callbacks):
    first = make_plan(organisator, meetup, django_capture_on_commit_callbacks, rounds=1)
    second = make_plan(organisator, meetup, django_capture_on_commit_callbacks, rounds=1)
    services.plan_set_status(user=organisator, plan=first, status=TablePlan.Status.FINAL)
    services.plan_set_status(user=organisator, plan=second, status=TablePlan.Status.FINAL)
    first.refresh_from_db()
    assert first.status == TablePlan.Status.DRAFT
    assert services.final_plan(meetup=meetup) == second


def arrive(meetup, everyone_but=()):
    Registration.objects.filter(meetup=meetup).exclude(pk__in=everyone_but).update(
        status=Registration.Status.ATTENDED, checked_in_at=timezone.now()
    )


def test_replanning_at_the_door_keeps_everyone_already_seated(
    organisator, meetup, django_capture_on_commit_callbacks
):
    plan = make_plan(organisator, meetup, django_capture_on_commit_callbacks)
    services.plan_set_status(user=organisator, plan=plan, status=TablePlan.Status.FINAL)
    seat_of = {
        (s.round, s.registration_id): (s.meetup_theme_id, s.table_number) for s in plan.seats.all()
    }
    no_shows = set(
        plan.seats.filter(round=1, table_number=1).values_list("registration_id", flat=True)[:2]
    )
    arrive(meetup, everyone_but=no_shows)
    taal = meetup.themes.get(slug="taal")
    late = [
        RegistrationFactory(
            meetup=meetup,
            name=f"Laat {i}",
            organisation=f"Buurthuis {i}",
            profession="jeugdwerker",
            theme_choice_1=taal,
            theme=taal,
            status=Registration.Status.ATTENDED,
            checked_in_at=timezone.now(),
        )
        for i in range(3)
    ]
    # A new plan from who is here: by default those checked in keep their seats.
    replan = make_plan(
        organisator, meetup, django_capture_on_commit_callbacks, source=TablePlan.Source.PRESENT
    )
    after = {
        (s.round, s.registration_id): (s.meetup_theme_id, s.table_number)
        for s in replan.seats.all()
    }
    kept = {key: where for key, where in seat_of.items() if key[1] not in no_shows}
    assert all(after[key] == where for key, where in kept.items())
    assert not {pk for _, pk in after} & no_shows
    for person in late:
        assert after[(1, person.pk)][0] == taal.pk  # the promise holds for late arrivals too
    assert services.plan_violations(plan=replan) == []
    # Re-planning the final plan itself (rebalance) keeps them seated the same way.
    another = RegistrationFactory(
        meetup=meetup,
        name="Nog later",
        profession="ouder",
        theme_choice_1=taal,
        theme=taal,
        status=Registration.Status.ATTENDED,
        checked_in_at=timezone.now(),
    )
    moves = services.plan_rebalance(user=organisator, plan=plan)
    moved = {m["registration_id"] for m in moves}
    assert moved <= no_shows | {p.pk for p in late} | {another.pk}
    assert all("name" not in m for m in plan.last_moves)


def test_plan_tables_command_plans_a_meetup_through_the_service(meetup):
    out = StringIO()
    call_command(
        "plan-tables",
        "--meetup",
        meetup.slug,
        "--rounds",
        "2",
        "--table-size",
        "5",
        "--seconds",
        "1",
        "--json",
        stdout=out,
    )
    result = json.loads(out.getvalue())
    plan = TablePlan.objects.get(pk=result["plan_id"])
    assert plan.run_state == TablePlan.RunState.DONE and plan.rounds == 2
    ids = set(meetup.registrations.values_list("pk", flat=True))
    for round_number in (1, 2):
        members = [m for t in result["tables"] if t["round"] == round_number for m in t["members"]]
        assert sorted(members) == sorted(ids)
    assert {"round", "theme", "table", "members"} <= set(result["tables"][0])
    assert result["violations"] == [] and "mixed_profession_pairs" in result["score"]
    assert plan.seats.count() == 2 * len(ids)
    with pytest.raises(CommandError, match="Meetup niet gevonden"):
        call_command("plan-tables", "--meetup", "bestaat-niet", "--json")


def test_registrations_list_shows_the_table_once_the_plan_is_final(
    client, organisator, meetup, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    plan = make_plan(organisator, meetup, django_capture_on_commit_callbacks)
    person = meetup.registrations.get(name="Persoon 00")
    seat = plan.seats.get(registration=person, round=1)
    label = f"ronde 1: tafel {seat.table_number} (Taal)"
    client.force_login(organisator)
    url = reverse("meetups:registrations", kwargs={"slug": meetup.slug})
    assert label not in client.get(url).content.decode()  # a draft is not the evening's plan
    services.plan_set_status(user=organisator, plan=plan, status=TablePlan.Status.FINAL)
    with django_assert_max_num_queries(12):
        html = client.get(url).content.decode()
    assert label in html and "definitieve tafelindeling" in html
