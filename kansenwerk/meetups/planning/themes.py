"""Assign participants to themes for one round with CP-SAT: choices, capacity, table sizes.

A small integer program fits here: it must honour capacities and make every theme's
head count splittable into tables within the size bounds, which a greedy pass gets
wrong when themes are nearly empty or full.
"""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from .model import PlanningError, PlanRequest

__all__ = ["assign_themes"]

# Costs per participant; the steps keep first choices ahead of everything but feasibility.
_COST_RANK = (0, 10, 15)
_COST_UNCHOSEN = 40
_COST_FACILITATOR_SHORT = 20
_COST_TOGETHER_SPLIT = 30
_COST_ORG_EXCESS = 1  # a tie-break: crowded organisations can still be split at tables


def assign_themes(*, request: PlanRequest, round_index: int, seconds: float) -> dict[str, str]:
    """Return participant id -> theme name for one round (0-based ``round_index``)."""
    if not request.themes:
        raise PlanningError("Er zijn geen thema's om tafels voor te plannen.")
    result = _solve(request, round_index, seconds, minimum=request.table_size.minimum)
    if result is None:
        # Too few people to fill even one table: allow smaller tables rather than fail.
        result = _solve(request, round_index, seconds, minimum=1)
    if result is None:
        raise PlanningError(
            "De deelnemers passen niet in de thema's: de capaciteit van de thema's is te klein."
        )
    return result


def _solve(
    request: PlanRequest, round_index: int, seconds: float, *, minimum: int
) -> dict[str, str] | None:
    model = cp_model.CpModel()
    themes = [t.name for t in request.themes]
    people = request.participants
    maximum = request.table_size.maximum
    total = len(people)
    x = {
        (p.id, t): model.new_bool_var(f"x_{i}_{j}")
        for i, p in enumerate(people)
        for j, t in enumerate(themes)
    }
    cost = []
    for p in people:
        model.add_exactly_one(x[p.id, t] for t in themes)
        prefs = request.preferences(p, round_index)
        for t in themes:
            if t in prefs:
                rank_cost = _COST_RANK[min(prefs.index(t), len(_COST_RANK) - 1)]
            else:
                rank_cost = _COST_UNCHOSEN if prefs else 0
            if rank_cost:
                cost.append(rank_cost * x[p.id, t])
    tables = {}
    for theme in request.themes:
        head = sum(x[p.id, theme.name] for p in people)
        k = model.new_int_var(0, total, f"k_{theme.name}")
        tables[theme.name] = k
        model.add(head <= maximum * k)
        model.add(head >= minimum * k)
        model.add(head >= maximum * k - maximum + 1)  # k is exactly ceil(head / maximum)
        if theme.capacity is not None:
            model.add(head <= theme.capacity)
        if request.facilitator_per_table:
            short = model.new_int_var(0, total, f"short_{theme.name}")
            model.add(short >= k - sum(x[p.id, theme.name] for p in people if p.facilitator))
            cost.append(_COST_FACILITATOR_SHORT * short)
    by_org: dict[str, list[str]] = defaultdict(list)
    for p in people:
        by_org[p.organisation].append(p.id)
    for org_members in by_org.values():
        if len(org_members) < 2:
            continue
        for t in themes:
            excess = model.new_int_var(0, len(org_members), "")
            model.add(excess >= sum(x[m, t] for m in org_members) - tables[t])
            cost.append(_COST_ORG_EXCESS * excess)
    known = {p.id for p in people}
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
