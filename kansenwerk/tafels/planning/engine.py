"""Meetup table planning: themes per round (CP-SAT), then tables per theme (MDGP search).

Each theme's seating is a maximally diverse grouping problem over a pair-weight matrix:
mixed professions and organisation kinds earn points, meeting someone again costs points,
and the hard rules (no colleagues together, keep apart/together, one facilitator per
table) carry a weight larger than all soft points of the theme together, so the search
never trades a hard rule for mixing when the rule can be met.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from .mdgp import solve_grouping
from .model import Participant, Plan, PlanningError, PlanRequest, Table
from .review import check, explain, move_participant, rebalance
from .score import compute_score, table_sizes
from .themes import assign_themes

__all__ = [
    "check",
    "explain",
    "move_participant",
    "number_tables",
    "pair_weights",
    "plan_tables",
    "rebalance",
    "seat_theme",
]


def plan_tables(*, request: PlanRequest) -> Plan:
    """Plan all rounds within ``request.seconds`` and return the best plan found.

    The one planning path: the CSV command, the organiser's page and the meetup command
    all end here. Tables are numbered 1..N over the whole evening (see `number_tables`).
    """
    started = time.perf_counter()
    deadline = started + request.seconds
    _validate(request)
    people = request.participants
    index = {p.id: i for i, p in enumerate(people)}
    met = np.zeros((len(people), len(people)))
    theme_seconds = min(1.0, 0.2 * request.seconds)
    themes_of: dict[str, str] | None = None
    tables: list[Table] = []
    for round_index in range(request.rounds):
        if themes_of is None or request.rotate_themes:
            themes_of = assign_themes(
                request=request,
                round_index=round_index,
                seconds=theme_seconds,
                earlier_tables=[t.members for t in tables],
            )
        groups = _members_per_theme(request, themes_of)
        round_budget = max(0.0, deadline - time.perf_counter()) / (request.rounds - round_index)
        round_deadline = time.perf_counter() + round_budget
        # Search time goes where the neighbourhood is largest (pairs grow as n squared).
        work = {
            t: len(ids) ** 2 for t, ids in groups.items() if len(ids) > request.table_size.maximum
        }
        for theme_number, (theme, ids) in enumerate(groups.items()):
            remaining_work = sum(work.values()) or 1
            share = work.pop(theme, 0) / remaining_work
            seconds = max(0.0, round_deadline - time.perf_counter()) * share
            members = [people[index[i]] for i in ids]
            seating = seat_theme(
                request=request,
                members=members,
                met=met[np.ix_([index[i] for i in ids], [index[i] for i in ids])],
                seconds=seconds,
                seed=request.seed + 1000 * round_index + theme_number,
            )
            for number, table_ids in enumerate(seating, start=1):
                tables.append(Table(round_index + 1, theme, number, tuple(table_ids)))
                rows = [index[i] for i in table_ids]
                met[np.ix_(rows, rows)] += 1
        np.fill_diagonal(met, 0)
    tables = number_tables(request=request, tables=tables)
    score = compute_score(request=request, tables=tables)
    return Plan(request, tuple(tables), score, round(time.perf_counter() - started, 3))


def number_tables(*, request: PlanRequest, tables: Sequence[Table]) -> list[Table]:
    """Number the tables 1..N over the whole evening, theme by theme.

    Each theme gets a block as large as its most tables in any round, so a number means
    one physical table with one theme all evening and no two tables share a number.
    """
    order = {t.name: i for i, t in enumerate(request.themes)}
    per_round_theme: dict[tuple[int, str], list[Table]] = defaultdict(list)
    for table in sorted(tables, key=lambda t: (t.round, order.get(t.theme, len(order)), t.number)):
        per_round_theme[(table.round, table.theme)].append(table)
    block: dict[str, int] = defaultdict(int)
    for (_, theme), theme_tables in per_round_theme.items():
        block[theme] = max(block[theme], len(theme_tables))
    first: dict[str, int] = {}
    next_number = 1
    for theme in sorted(block, key=lambda t: order.get(t, len(order))):
        first[theme] = next_number
        next_number += block[theme]
    return [
        replace(table, number=first[theme] + i)
        for (_, theme), theme_tables in per_round_theme.items()
        for i, table in enumerate(theme_tables)
    ]


def _validate(request: PlanRequest) -> None:
    if request.rounds < 1:
        raise PlanningError("Het aantal rondes moet minstens 1 zijn.")
    ids = [p.id for p in request.participants]
    if len(set(ids)) != len(ids):
        raise PlanningError("Elke deelnemer moet een unieke id hebben.")
    if not ids:
        raise PlanningError("Er zijn geen deelnemers om in te delen.")


def _members_per_theme(request: PlanRequest, themes_of: dict[str, str]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {t.name: [] for t in request.themes}
    for p in request.participants:
        groups[themes_of[p.id]].append(p.id)
    return {t: ids for t, ids in groups.items() if ids}


def pair_weights(
    *, request: PlanRequest, members: Sequence[Participant], met: np.ndarray
) -> np.ndarray:
    """Symmetric matrix of what seating two members at one table is worth."""
    w = request.weights
    n = len(members)
    prof = _codes([m.profession for m in members])
    org = _codes([m.organisation for m in members])
    kind = _codes([m.organisation_kind for m in members])
    known_kind = np.array([bool(m.organisation_kind) for m in members])
    weights = w.mixed_profession * (prof[:, None] != prof[None, :])
    weights = weights + w.mixed_kind * (
        (kind[:, None] != kind[None, :]) & known_kind[:, None] & known_kind[None, :]
    )
    # Tiers, so the search does not trade a higher rule for lower points: facilitators
    # apart and the organiser's keep rules (above everything in the theme together); then
    # new table-mates in later rounds (the >= 90 % rule; above what one swap can change
    # below it, which keeps the numbers within float precision at 400 people); then
    # colleagues apart (above all mixing in the theme); then mixing.
    mixing = w.mixed_profession + w.mixed_kind
    pairs_total = n * (n - 1) / 2
    colleague = 1.0 + mixing * pairs_total
    repeat = 1.0 + colleague * 4 * request.table_size.maximum
    top = 1.0 + repeat * request.rounds * pairs_total
    weights = weights - (w.repeat + repeat) * met
    weights = weights - colleague * (org[:, None] == org[None, :])
    fac = np.array([m.facilitator for m in members])
    weights = weights - top * (fac[:, None] & fac[None, :])
    position = {m.id: i for i, m in enumerate(members)}
    for pairs, sign in ((request.keep_apart, -1.0), (request.keep_together, 1.0)):
        for a, b in pairs:
            if a in position and b in position:
                weights[position[a], position[b]] += sign * top
                weights[position[b], position[a]] += sign * top
    np.fill_diagonal(weights, 0.0)
    return weights


def _codes(values: Sequence[str]) -> np.ndarray:
    lookup: dict[str, int] = {}
    return np.array([lookup.setdefault(v, len(lookup)) for v in values], dtype=int)


def _round_robin_start(members: Sequence[Participant], sizes: Sequence[int]) -> np.ndarray:
    """Deal members to tables in turn, largest organisations first.

    With balanced sizes (largest tables first) dealing in turn fills every table exactly,
    and an organisation with at most one member per table lands on distinct tables, so
    the start already has no colleagues together whenever that is possible.
    """
    org_size = Counter(m.organisation for m in members)
    order = sorted(
        range(len(members)),
        key=lambda i: (
            -org_size[members[i].organisation],
            members[i].organisation,
            members[i].profession,
        ),
    )
    assignment = np.zeros(len(members), dtype=int)
    for position, i in enumerate(order):
        assignment[i] = position % len(sizes)
    return assignment


def theme_table_count(*, request: PlanRequest, members: Sequence[Participant]) -> int:
    """Tables for one theme in one round: as few as the maximum size allows, but with
    "one facilitator per table" one per facilitator as long as tables stay at the minimum."""
    n = len(members)
    if n == 0:
        return 0
    needed = -(-n // request.table_size.maximum)
    if request.facilitator_per_table:
        facilitators = sum(m.facilitator for m in members)
        needed = max(needed, min(facilitators, n // request.table_size.minimum))
    return needed


def seat_theme(
    *,
    request: PlanRequest,
    members: Sequence[Participant],
    met: np.ndarray,
    seconds: float,
    seed: int,
) -> list[list[str]]:
    """Split one theme's members over balanced tables; returns member ids per table."""
    sizes = table_sizes(
        participants=len(members),
        maximum=request.table_size.maximum,
        tables=theme_table_count(request=request, members=members),
    )
    if len(sizes) <= 1:
        return [[m.id for m in members]]
    start = _round_robin_start(members, sizes)
    bounds = np.array(sizes)
    result = solve_grouping(
        distances=pair_weights(request=request, members=members, met=met),
        lower=bounds,
        upper=bounds,
        seconds=seconds,
        seed=seed,
        initial=start,
        # Many perturbation rounds without a better seating: the theme has converged.
        patience=max(600, 8 * len(members)),
    )
    return [[members[i].id for i in group] for group in result.groups()]
