"""Property tests: random meetups planned through the organiser's service, every hard rule.

Each example builds a meetup in the database (random themes, choices, promises,
professions, organisations, facilitators and settings), plans it with `plan_create` and
the background task exactly as the organiser's button does, and checks the rules both by
hand here and through the one checker the pages use. Bounded to run in well under a minute.
"""

from collections import Counter, defaultdict
from itertools import combinations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kansenwerk.tafels import services
from kansenwerk.tafels.bridge import build_request, plan_of_seats
from kansenwerk.tafels.models import TablePlan
from kansenwerk.tafels.planning.rules import (
    NEW_PAIR_SHARE,
    repeat_pairs_lower_bound,
    repeats_may_be_forced,
)
from kansenwerk.tafels.selectors import plan_layout

from .factories import MeetupFactory, MeetupThemeFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

PROFESSIONS = ["leerkracht_po", "jeugdwerker", "ouder", "bibliotheek", "jeugdhulp", "docent_vo"]
TITLES = ["Taal", "Rekenen", "Armoede", "Ouders", "Gezondheid"]
SLOW_OK = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]


@st.composite
def evenings(draw):
    theme_count = draw(st.integers(1, 4))
    people = []
    for _ in range(draw(st.integers(2, 26))):
        first = draw(st.integers(0, theme_count - 1))
        second = draw(st.one_of(st.none(), st.integers(0, theme_count - 1)))
        second = None if second == first else second
        promised = draw(st.sampled_from([first] if second is None else [first, second]))
        people.append(
            {
                "first": first,
                "second": second,
                "promised": promised,
                "profession": draw(st.sampled_from(PROFESSIONS)),
                "organisation": f"Org {draw(st.integers(0, 9))}",
                "facilitator": draw(st.booleans()) and draw(st.booleans()),
            }
        )
    maximum = draw(st.integers(2, 8))
    options = {
        "rounds": draw(st.integers(1, 3)),
        "table_size_max": maximum,
        "table_size_min": draw(st.integers(1, maximum)),
        "seconds": 1,
        "facilitator_per_table": draw(st.booleans()),
        "rotate_themes": draw(st.booleans()),
    }
    slack = draw(st.lists(st.one_of(st.none(), st.integers(0, 4)), min_size=4, max_size=4))
    return theme_count, people, options, slack


def build(region, evening):
    theme_count, people, options, slack = evening
    meetup = MeetupFactory(region=region)
    promised = Counter(p["promised"] for p in people)
    themes = [
        MeetupThemeFactory(
            meetup=meetup,
            title=TITLES[i],
            position=i,
            # Confirmed people fit their theme (the registration service saw to that).
            capacity=None if slack[i] is None else promised[i] + slack[i],
        )
        for i in range(theme_count)
    ]
    registrations = [
        RegistrationFactory(
            meetup=meetup,
            name=f"Gast {i}",
            organisation=p["organisation"],
            profession=p["profession"],
            theme_choice_1=themes[p["first"]],
            theme_choice_2=None if p["second"] is None else themes[p["second"]],
            theme=themes[p["promised"]],
        )
        for i, p in enumerate(people)
    ]
    facilitators = [r for r, p in zip(registrations, people, strict=True) if p["facilitator"]]
    if options["facilitator_per_table"] and not facilitators:
        options = options | {"facilitator_per_table": False}
    return meetup, registrations, options | {"facilitators": facilitators}


def plan_through_the_page_service(user, meetup, options, capture):
    with capture(execute=True):
        plan = services.plan_create(user=user, meetup=meetup, **options)
    plan.refresh_from_db()
    assert plan.run_state == TablePlan.RunState.DONE, plan.error
    return plan


def engine_view(plan):
    seats = list(plan.seats.select_related("registration"))
    registrations = sorted({s.registration for s in seats}, key=lambda r: r.pk)
    request, names = build_request(
        plan=plan,
        registrations=registrations,
        themes=list(plan.meetup.themes.order_by("position", "id")),
        keep_rules=[],
        facilitator_ids=set(plan.facilitators.values_list("pk", flat=True)),
    )
    return plan_of_seats(request=request, names=names, seats=seats)


@settings(max_examples=20, deadline=None, suppress_health_check=SLOW_OK, derandomize=True)
@given(evening=evenings())
def test_every_hard_rule_holds_for_random_meetups(
    evening, organisator, region, django_capture_on_commit_callbacks
):
    meetup, registrations, options = build(region, evening)
    plan = plan_through_the_page_service(
        organisator, meetup, options, django_capture_on_commit_callbacks
    )
    seats = list(plan.seats.all())
    rounds = options["rounds"]
    by_reg = {r.pk: r for r in registrations}
    # Each person once per round.
    per_round = Counter((s.round, s.registration_id) for s in seats)
    assert set(per_round) == {(r, pk) for r in range(1, rounds + 1) for pk in by_reg}
    assert set(per_round.values()) == {1}
    # Round 1 at the promised theme.
    theme_in = {(s.round, s.registration_id): s.meetup_theme_id for s in seats}
    assert all(theme_in[(1, pk)] == reg.theme_id for pk, reg in by_reg.items())
    # Later rounds: the same theme, or the other choice when rotating (unless that is full).
    capacity = {t.pk: t.capacity for t in meetup.themes.all()}
    for r in range(2, rounds + 1):
        heads = Counter(theme_in[(r, pk)] for pk in by_reg)
        for pk, reg in by_reg.items():
            others = [
                t for t in (reg.theme_choice_1_id, reg.theme_choice_2_id) if t and t != reg.theme_id
            ]
            wanted = (
                others[0] if options["rotate_themes"] and others and r % 2 == 0 else reg.theme_id
            )
            full = capacity[wanted] is not None and heads[wanted] >= capacity[wanted]
            assert theme_in[(r, pk)] == wanted or full
    # Table numbers: unique in a round, one theme per number all evening.
    tables = defaultdict(list)
    for s in seats:
        tables[(s.round, s.table_number)].append(s)
    theme_of_number = defaultdict(set)
    for (_, number), members in tables.items():
        assert len({s.meetup_theme_id for s in members}) == 1
        theme_of_number[number].add(members[0].meetup_theme_id)
    assert all(len(t) == 1 for t in theme_of_number.values())
    # Facilitators: at most one per table when the theme has enough tables, else even.
    groups = defaultdict(list)
    for (r, _number), members in tables.items():
        groups[(r, members[0].meetup_theme_id)].append(sum(s.is_facilitator for s in members))
    for counts in groups.values():
        assert max(counts) <= max(1, -(-sum(counts) // len(counts)))
    # New table-mates: >= 90 % new pairs whenever an even spread makes that possible.
    engine_plan = engine_view(plan)
    met = set()
    for r in range(1, rounds + 1):
        pairs = {
            frozenset((a.registration_id, b.registration_id))
            for (rr, _), members in tables.items()
            if rr == r
            for a, b in combinations(members, 2)
        }
        if r > 1 and pairs:
            allowed = (1 - NEW_PAIR_SHARE) * len(pairs)
            possible = repeat_pairs_lower_bound(engine_plan, r) <= allowed
            if possible and not repeats_may_be_forced(engine_plan, r):
                assert len(pairs & met) <= allowed
        met |= pairs
    # The checker the pages use agrees: nothing broken.
    assert services.plan_violations(plan=plan) == []
    # Explanations and score come from the final seats.
    layout = plan_layout(plan=plan)
    choice_rank = {
        pk: {reg.theme_choice_1_id: "1e keus", reg.theme_choice_2_id: "2e keus"}
        for pk, reg in by_reg.items()
    }
    for table in layout.tables:
        for row in table.rows:
            label = choice_rank[row.registration.pk].get(table.theme_id)
            assert f"tafel {table.number} ({table.theme})" in row.explanation
            if label:
                assert f"({label})" in row.explanation
            assert "vol)" not in row.explanation or capacity[table.theme_id] is not None
    firsts = sum(
        theme_in[(r, pk)] == reg.theme_choice_1_id
        for r in range(1, rounds + 1)
        for pk, reg in by_reg.items()
    )
    assert plan.score["theme_first_choice"] == firsts


@settings(max_examples=10, deadline=None, suppress_health_check=SLOW_OK, derandomize=True)
@given(evening=evenings(), picks=st.tuples(st.integers(0, 10_000), st.integers(0, 10_000)))
def test_a_hand_move_never_leaves_a_new_broken_rule(
    evening, picks, organisator, region, django_capture_on_commit_callbacks
):
    meetup, _, options = build(region, evening)
    plan = plan_through_the_page_service(
        organisator, meetup, options, django_capture_on_commit_callbacks
    )
    seats = list(plan.seats.order_by("id"))
    seat = seats[picks[0] % len(seats)]
    targets = sorted({(s.meetup_theme_id, s.table_number) for s in seats if s.round == seat.round})
    theme_id, number = targets[picks[1] % len(targets)]
    before = sorted(plan.seats.values_list("round", "registration_id", "table_number"))
    broken_before = {v.message for v in services.plan_violations(plan=plan)}
    try:
        services.seat_move(
            user=organisator,
            plan=plan,
            registration_id=seat.registration_id,
            round_number=seat.round,
            theme_id=theme_id,
            table_number=number,
        )
    except ValidationError as exc:
        assert "Deze verplaatsing kan niet" in " ".join(exc.messages)
        after = sorted(plan.seats.values_list("round", "registration_id", "table_number"))
        assert after == before  # refused: nothing changed
    else:
        broken_after = {v.message for v in services.plan_violations(plan=plan)}
        assert broken_after <= broken_before
