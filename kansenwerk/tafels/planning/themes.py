"""Assign participants to themes for one round with CP-SAT: choices, capacity, table sizes.

A small integer program fits here: it must honour capacities and make every theme's
head count splittable into tables within the size bounds, which a greedy pass gets
wrong when themes are nearly empty or full.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ortools.sat.python import cp_model

from .model import PlanningError, PlanRequest

__all__ = ["assign_themes"]

# Costs per participant; the steps keep first choices ahead of everything but feasibility.
_COST_RANK = (0, 10, 15)
_COST_UNCHOSEN = 40
# Leaving the theme a later round intends (the organiser's choice: keep, or 2nd choice)
# costs more than everything else together: it only happens when a theme is full.
_COST_NOT_INTENDED = 1000
# A seat short of the minimum table size: more than a 2nd choice, less than no choice.
_COST_SHORT_SEAT = 12
_COST_FACILITATOR_SHORT = 20
_COST_TOGETHER_SPLIT = 30
_COST_ORG_EXCESS = 1  # a tie-break: crowded organisations can still be split at tables
_COST_REPEAT_EXCESS = 1  # the same for table-mates of earlier rounds


def assign_themes(
    *,
    request: PlanRequest,
    round_index: int,
    seconds: float,
    earlier_tables: Sequence[Sequence[str]] = (),
) -> dict[str, str]:
    """Return participant id -> theme name for one round (0-based ``round_index``).

    Round 1 puts everyone with a promised theme there (a hard rule). ``earlier_tables``
    (member ids per table of earlier rounds) are spread over the themes like colleagues,
    so a table of round 1 does not move to round 2 as one block.
    """
    if not request.themes:
        raise PlanningError("Er zijn geen thema's om tafels voor te plannen.")
    result = _solve(request, round_index, seconds, earlier_tables)
    if result is None:
        raise PlanningError(
            "De deelnemers passen niet in de thema's: de capaciteit van de thema's is te klein."
        )
    return result


def _solve(
    request: PlanRequest,
    round_index: int,
    seconds: float,
    earlier_tables: Sequence[Sequence[str]],
) -> dict[str, str] | None:
    model = cp_model.CpModel()
    themes = [t.name for t in request.themes]
    known_themes = set(themes)
    people = request.participants
    maximum = request.table_size.maximum
    minimum = request.table_size.minimum
    total = len(people)
    x = {
        (p.id, t): model.new_bool_var(f"x_{i}_{j}")
        for i, p in enumerate(people)
        for j, t in enumerate(themes)
    }
    cost = []
    promised_count: dict[str, int] = defaultdict(int)
    for p in people:
        model.add_exactly_one(x[p.id, t] for t in themes)
        if round_index == 0 and p.promised in known_themes:
            model.add(x[p.id, p.promised] == 1)
            promised_count[p.promised] += 1
            continue
        prefs = request.preferences(p, round_index)
        for t in themes:
            if t in prefs:
                rank_cost = _COST_RANK[min(prefs.index(t), len(_COST_RANK) - 1)]
            else:
                rank_cost = _COST_UNCHOSEN if prefs else 0
            if round_index > 0 and prefs and t != prefs[0]:
                rank_cost += _COST_NOT_INTENDED
            if rank_cost:
                cost.append(rank_cost * x[p.id, t])
    tables = {}
    for theme in request.themes:
        head = sum(x[p.id, theme.name] for p in people)
        k = model.new_int_var(0, total, f"k_{theme.name}")
        tables[theme.name] = k
        model.add(head <= maximum * k)
        model.add(head >= maximum * k - maximum + 1)  # k is exactly ceil(head / maximum)
        short_seats = model.new_int_var(0, total * minimum, f"short_seats_{theme.name}")
        model.add(short_seats >= minimum * k - head)
        cost.append(_COST_SHORT_SEAT * short_seats)
        if theme.capacity is not None:
            model.add(head <= max(theme.capacity, promised_count[theme.name]))
        if request.facilitator_per_table:
            short = model.new_int_var(0, total, f"short_{theme.name}")
            model.add(short >= k - sum(x[p.id, theme.name] for p in people if p.facilitator))
            cost.append(_COST_FACILITATOR_SHORT * short)
    by_org: dict[str, list[str]] = defaultdict(list)
    for p in people:
        by_org[p.organisation].append(p.id)
    known = {p.id for p in people}
    groups = [(members, _COST_ORG_EXCESS) for members in by_org.values()]
    groups += [([m for m in table if m in known], _COST_REPEAT_EXCESS) for table in earlier_tables]
    for group_members, weight in groups:
        if len(group_members) < 2:
            continue
        for t in themes:
            excess = model.new_int_var(0, len(group_members), "")
            model.add(excess >= sum(x[m, t] for m in group_members) - tables[t])
            cost.append(weight * excess)
    for a, b in request.keep_together:
        if a in known and b in known:
            for t in themes:
                split = model.new_bool_var("")
                model.add(split >= x[a, t] - x[b, t])
                cost.append(_COST_TOGETHER_SPLIT * split)
    if cost:
        model.minimize(sum(cost))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = request.seed
    # A tiny time limit on a busy machine can end before any solution is found (UNKNOWN,
    # not INFEASIBLE): then allow more time rather than report the themes as full.
    for limit in (max(0.05, seconds), max(2.0, 10 * seconds)):
        solver.parameters.max_time_in_seconds = limit
        status = solver.solve(model)
        if status != cp_model.UNKNOWN:
            break
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return {p.id: t for p in people for t in themes if solver.boolean_value(x[p.id, t])}
