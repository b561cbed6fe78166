"""Planning, moving and rebalancing through the services, on real database rows."""

from collections import Counter, defaultdict
from itertools import combinations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kansenwerk.meetups.models import Registration
from kansenwerk.tafels import services
from kansenwerk.tafels.models import KeepRule, TablePlan, TableSeat
from kansenwerk.tafels.selectors import plan_layout

from .factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def make_plan(user, meetup, django_capture_on_commit_callbacks, **settings):
    options = {"rounds": 2, "table_size_min": 3, "table_size_max": 5, "seconds": 1} | settings
    with django_capture_on_commit_callbacks(execute=True):
        plan = services.plan_create(user=user, meetup=meetup, **options)
    plan.refresh_from_db()
    return plan


def tables_of(plan):
    tables = defaultdict(list)
    for seat in plan.seats.select_related("registration"):
        tables[(seat.round, seat.meetup_theme_id, seat.table_number)].append(seat.registration)
    return tables


def test_plan_from_registrations_places_everyone_once_per_round(
    organisator, meetup, django_capture_on_commit_callbacks
):
    plan = make_plan(organisator, meetup, django_capture_on_commit_callbacks)
    assert plan.run_state == TablePlan.RunState.DONE, plan.error
    confirmed = set(meetup.registrations.values_list("pk", flat=True))
    for round_number in (1, 2):
        seated = list(
            plan.seats.filter(round=round_number).values_list("registration_id", flat=True)
        )
        assert sorted(seated) == sorted(confirmed)
    tables = tables_of(plan)
    assert all(len(members) <= 5 for members in tables.values())
    # Colleagues never share a table: each theme has enough tables to split them.
    for members in tables.values():
        orgs = Counter(r.organisation for r in members)
        assert max(orgs.values()) == 1, orgs
    # Two rounds, same themes: ten people per theme at two tables of five meet 20 pairs in
    # round 1; splitting each first-round table 3 + 2 over round 2's tables repeats the
    # fewest, 4 pairs per table, so 8 per theme and 24 in all is the best possible.
    met = {
        frozenset(p)
        for (r, _, _), members in tables.items()
        if r == 1
        for p in combinations([m.pk for m in members], 2)
    }
    again = [
        frozenset(p)
        for (r, _, _), members in tables.items()
        if r == 2
        for p in combinations([m.pk for m in members], 2)
        if frozenset(p) in met
    ]
    assert len(again) <= 24
    assert plan.score["mixed_profession_pairs"] > 0
    assert plan.score["same_organisation_pairs"] == 0


def test_first_choice_theme_is_honoured(organisator, meetup, django_capture_on_commit_callbacks):
    plan = make_plan(organisator, meetup, django_capture_on_commit_callbacks, rounds=1)
    for seat in plan.seats.select_related("registration"):
        assert seat.meetup_theme_id == seat.registration.theme_choice_1_id


def test_keep_apart_rule_is_respected(organisator, meetup, django_capture_on_commit_callbacks):
    a, b = meetup.registrations.filter(theme_choice_1__slug="taal")[:2]
    services.keep_rule_create(
        user=organisator, meetup=meetup, first=a, second=b, kind=KeepRule.Kind.APART
    )
    plan = make_plan(organisator, meetup, django_capture_on_commit_callbacks)
    for members in tables_of(plan).values():
        assert not {a, b} <= set(members)


def test_keep_rule_validation(organisator, meetup, other_meetup):
    a = meetup.registrations.first()
    with pytest.raises(ValidationError):
        services.keep_rule_create(user=organisator, meetup=meetup, first=a, second=a, kind="apart")
    stranger = other_meetup.registrations.first()
    with pytest.raises(ValidationError):
        services.keep_rule_create(
            user=organisator, meetup=meetup, first=a, second=stranger, kind="apart"
        )


def test_facilitators_one_per_table(organisator, meetup, django_capture_on_commit_callbacks):
    facilitators = list(
        meetup.registrations.filter(name__in=[f"Persoon {i:02d}" for i in range(15, 30)])
    )
    plan = make_plan(
        organisator,
        meetup,
        django_capture_on_commit_callbacks,
        rounds=1,
        facilitator_per_table=True,
        facilitators=facilitators,
    )
    for members in tables_of(plan).values():
        assert sum(m in facilitators for m in members) >= 1
    assert plan.seats.filter(is_facilitator=True).count() == len(facilitators)


def test_plan_create_refuses_others_and_empty_sources(organisator, deelnemer, meetup, other_meetup):
    with pytest.raises(PermissionDenied):
        services.plan_create(user=organisator, meetup=other_meetup)
    with pytest.raises(PermissionDenied):
        services.plan_create(user=deelnemer, meetup=meetup)
    with pytest.raises(ValidationError, match="niemand binnengekomen"):
        services.plan_create(user=organisator, meetup=meetup, source=TablePlan.Source.PRESENT)


def test_manual_move_locks_seat_and_warns_about_colleagues(
    organisator, meetup, django_capture_on_commit_callbacks
):
    # A colleague of Persoon 00 was confirmed for the same theme.
    mover = meetup.registrations.get(name="Persoon 00")
    meetup.registrations.filter(name="Persoon 05").update(
        theme=mover.theme, theme_choice_1=mover.theme
    )
    plan = make_plan(organisator, meetup, django_capture_on_commit_callbacks, rounds=1)
    assert plan_layout(plan=plan).errors == 0
    # Move one person to the table of a colleague from the same school: allowed, with a warning.
    colleague_seat = (
        TableSeat.objects.filter(plan=plan, registration__organisation=mover.organisation)
        .exclude(registration=mover)
        .first()
    )
    seat = services.seat_move(
        user=organisator,
        plan=plan,
        registration_id=mover.pk,
        round_number=1,
        theme_id=colleague_seat.meetup_theme_id,
        table_number=colleague_seat.table_number,
    )
    assert seat.locked
    layout = plan_layout(plan=plan)
    messages = [v.message for v in layout.violations]
    assert any("komen allemaal van Basisschool De Linde 0" in m for m in messages), messages
    plan.refresh_from_db()
    assert plan.score["same_organisation_pairs"] == 1


def test_move_to_a_new_table(organisator, meetup, django_capture_on_commit_callbacks):
    plan = make_plan(organisator, meetup, django_capture_on_commit_callbacks, rounds=1)
    seat = plan.seats.first()
    highest = max(
        plan.seats.filter(meetup_theme_id=seat.meetup_theme_id).values_list(
            "table_number", flat=True
        )
    )
    moved = services.seat_move(
        user=organisator,
        plan=plan,
        registration_id=seat.registration_id,
        round_number=1,
        theme_id=seat.meetup_theme_id,
        table_number=None,
    )
    # A new table gets the next number of the whole evening, not of the theme.
    assert highest < moved.table_number == max(plan.seats.values_list("table_number", flat=True))
    assert plan.seats.filter(table_number=moved.table_number).count() == 1
    layout = plan_layout(plan=plan)
    assert any(v.code == "te_klein" for v in layout.violations)


def test_rebalance_after_no_shows_keeps_others_in_place(
    organisator, meetup, django_capture_on_commit_callbacks
):
    plan = make_plan(organisator, meetup, django_capture_on_commit_callbacks, rounds=1)
    before = {s.registration_id: (s.meetup_theme_id, s.table_number) for s in plan.seats.all()}
    taal = meetup.themes.get(slug="taal")
    # Three no-shows from one table of "Taal centraal"; everyone else checks in.
    first_table = list(
        plan.seats.filter(meetup_theme=taal, table_number=1).values_list(
            "registration_id", flat=True
        )
    )
    no_shows = set(first_table[:3])
    now = timezone.now()
    Registration.objects.filter(meetup=meetup).exclude(pk__in=no_shows).update(checked_in_at=now)
    late = RegistrationFactory(
        meetup=meetup,
        name="Laatkomer",
        organisation="Buurthuis",
        organisation_kind="welzijn",
        profession="jeugdwerker",
        theme_choice_1=taal,
        theme=taal,
        checked_in_at=now,
        status=Registration.Status.ATTENDED,
    )
    moves = services.plan_rebalance(user=organisator, plan=plan, keep_seated=False)
    after = {s.registration_id: (s.meetup_theme_id, s.table_number) for s in plan.seats.all()}
    assert not no_shows & set(after)
    assert after[late.pk][0] == taal.pk
    moved = {m["registration_id"] for m in moves}
    assert no_shows <= moved and late.pk in moved
    unchanged = [pk for pk in before if pk not in no_shows and before[pk] == after[pk]]
    # Only a handful of people moved to even out the tables; everyone else kept their seat.
    assert len(before) - len(no_shows) - len(unchanged) <= 3
    sizes = Counter(after.values())
    taal_sizes = [n for (theme, _), n in sizes.items() if theme == taal.pk]
    assert max(taal_sizes) - min(taal_sizes) <= 1
    plan.refresh_from_db()
    assert plan.last_moves == moves


def test_rebalance_leaves_locked_seats(organisator, meetup, django_capture_on_commit_callbacks):
    plan = make_plan(organisator, meetup, django_capture_on_commit_callbacks, rounds=1)
    taal = meetup.themes.get(slug="taal")
    seats = list(plan.seats.filter(meetup_theme=taal).order_by("table_number", "id"))
    numbers = sorted({s.table_number for s in seats})
    on_first = [s for s in seats if s.table_number == numbers[0]]
    on_last = [s for s in seats if s.table_number == numbers[-1]]
    # Empty the last table but one person, whom the organiser locked there by hand.
    keeper = on_last[0]
    services.seat_move(
        user=organisator,
        plan=plan,
        registration_id=keeper.registration_id,
        round_number=1,
        theme_id=taal.pk,
        table_number=numbers[-1],
    )
    gone = {s.registration_id for s in on_last[1:]} | {s.registration_id for s in on_first[:1]}
    Registration.objects.filter(meetup=meetup).exclude(pk__in=gone).update(
        checked_in_at=timezone.now()
    )
    services.plan_rebalance(user=organisator, plan=plan)
    keeper_seat = plan.seats.get(registration_id=keeper.registration_id)
    assert keeper_seat.table_number == numbers[-1]


def test_rebalance_needs_someone_present(organisator, meetup, django_capture_on_commit_callbacks):
    plan = make_plan(organisator, meetup, django_capture_on_commit_callbacks, rounds=1)
    with pytest.raises(ValidationError, match="niemand binnengekomen"):
        services.plan_rebalance(user=organisator, plan=plan)


def test_plan_from_present_people(organisator, meetup, django_capture_on_commit_callbacks):
    here = list(meetup.registrations.all()[:12])
    Registration.objects.filter(pk__in=[r.pk for r in here]).update(
        status=Registration.Status.ATTENDED
    )
    plan = make_plan(
        organisator, meetup, django_capture_on_commit_callbacks, source=TablePlan.Source.PRESENT
    )
    assert set(plan.seats.values_list("registration_id", flat=True)) == {r.pk for r in here}


def test_impossible_plan_fails_with_a_dutch_message(
    organisator, meetup, django_capture_on_commit_callbacks
):
    # Nobody was promised a theme (e.g. added without one), and the themes are too small.
    meetup.registrations.update(theme=None)
    meetup.themes.update(capacity=2)
    plan = make_plan(organisator, meetup, django_capture_on_commit_callbacks, rounds=1)
    assert plan.run_state == TablePlan.RunState.FAILED
    assert "capaciteit" in plan.error
